"""What the summary says about a WORM lock an apply did not take, and how to take it later.

An irreversible step runs last, only once every other step has succeeded; when a
run stops before it, the policy the run initiated stays InProgress for 24 hours
(it protects the files and can still be aborted), then lapses.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from wizard.core.plan import Plan

IN_PROGRESS_WINDOW = timedelta(hours=24)


def _utc(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def not_locked(plan: Plan, done: set[str], now: datetime) -> list[str]:
    """One paragraph per irreversible action of `plan` that did not run (`done`: the ids that did)."""
    lines = []
    for lock in plan.locks:
        if lock.action_id in done:
            continue
        what = f"WORM on bucket {lock.bucket} was not {'extended to' if lock.extends else 'locked at'} {lock.days} days"
        if lock.extends:
            lines.append(f"{what}: it stays locked at {lock.previous_days} days. Once the cause is fixed, run apply "
                         "again: the extension runs last, once every other step has succeeded.")
        elif "oss.initiate-worm" in done:
            lines.append(f"{what}: the policy this run initiated stays InProgress until about "
                         f"{_utc(now + IN_PROGRESS_WINDOW)} (24 hours; it protects the log files meanwhile). Fix the "
                         "cause and run apply again before then to lock it; after that it lapses, and a later run "
                         "initiates and locks a new one.")
        elif lock.lapses:
            lines.append(f"{what}: the InProgress policy can still be locked until "
                         f"{lock.lapses.replace('T', ' ')[:16]} UTC: fix the cause and run apply again before then; "
                         "after that it lapses, and a later run initiates and locks a new one.")
        else:
            lines.append(f"{what}: fix the cause and run apply again; the lock runs last, once every other step has "
                         "succeeded.")
    return lines
