"""The irreversible steps, planned last: a WORM lock only on a plan that can finish, after everything else.

The bucket step (oss.py) says what it wants locked (a LockIntent); this step,
run after every other one, plans CompleteBucketWorm / ExtendBucketWorm only when
oss.lock asks for it, the trail will be logging once the plan has run, and
nothing the archive needs is blocked. Each lock depends on every other
non-optional action, so the executor starts it only once they have all
succeeded; the executor also holds irreversible actions back to the very end
and checks the trail is logging right before (cloud/apply/executor.py). When
the lock is withheld, the plan says why and how to take it later.
"""

from __future__ import annotations

from dataclasses import dataclass

from wizard.core.plan import Action, Blocked, WormLock
from wizard.core.planning.context import PlanContext

# Blocked items of these rules leave the archive whole (who holds admin rights and how, the auditors, the alerts): they
# do not hold back the lock, nor do reports made with archive=False (no history backfill for an organization
# trail, a spare key no one uses). Any other blocked item (the trail, its bucket, key, Logstore, a refused step,
# or no rule) does.
LEAVE_THE_ARCHIVE_WHOLE = frozenset({"AT-RAM-ADMINS", "AT-RAM-ADMIN-GROUPS", "AT-RAM-AUDITOR", "AT-ALERTS"})


def holds_the_lock(ctx: PlanContext, item: Blocked) -> bool:
    if any(item is report for report in ctx.outside_archive):
        return False
    return not (item.rules and set(item.rules) <= LEAVE_THE_ARCHIVE_WHOLE)


@dataclass(frozen=True)
class LockIntent:
    """What the bucket step wants locked, before the plan knows whether it can finish."""

    bucket: str
    worm_id: str  # a real id, or "${oss.initiate-worm.WormId}"
    days: int  # what the settings ask for
    initiated: bool = False  # this plan initiates the policy
    in_progress_days: int = 0  # an existing InProgress policy of this many days (<= days)
    locked_days: int = 0  # an existing Locked policy of this many days (< days): extended
    lapses: str = ""  # an existing InProgress policy: when it lapses unless locked


def plan_locks(ctx: PlanContext) -> list[WormLock]:
    """Add the irreversible actions (last); returns what they lock."""
    intent: LockIntent | None = ctx.worm_lock
    if intent is None:
        return []
    resource = f"oss://{intent.bucket}"
    withheld = _withheld(ctx)
    if withheld:
        ctx.block(resource, f"WORM is not locked in this run: {withheld}. {_later(intent)}", rule="AT-OSS-WORM")
        return []
    deps = tuple(a.id for a in ctx.actions if not a.optional)
    trail, organization = ctx.settings.trail.name, ctx.settings.trail.organization
    locks: list[WormLock] = []
    if not intent.locked_days:
        first = intent.in_progress_days or intent.days
        lock = WormLock("oss.complete-worm", intent.bucket, first, trail, organization, lapses=intent.lapses)
        ctx.add(Action(id="oss.complete-worm", service="oss", api="CompleteBucketWorm", kind="update",
                       resource=resource, params={"Bucket": intent.bucket, "WormId": intent.worm_id},
                       reason=f"Locks the WORM retention of bucket {intent.bucket} at {first} days, last, once every "
                       "other step has succeeded and the trail is logging: from then on no one, not even the account "
                       "owner, can shorten it or delete the bucket while it holds log files under retention.",
                       irreversible=True, depends_on=deps, before={"WormState": "InProgress"},
                       after={"WormState": "Locked"}, locks=lock.what()))
        locks.append(lock)
        deps = ("oss.complete-worm",)
    before = intent.locked_days or intent.in_progress_days
    if before and before < intent.days:
        extended = WormLock("oss.extend-worm", intent.bucket, intent.days, trail, organization, previous_days=before)
        ctx.add(Action(id="oss.extend-worm", service="oss", api="ExtendBucketWorm", kind="update",
                       resource=resource,
                       params={"Bucket": intent.bucket, "WormId": intent.worm_id, "RetentionPeriodInDays": intent.days},
                       reason=f"Extends the locked retention of bucket {intent.bucket} from {before} to {intent.days} "
                       "days, the period the settings ask for (a locked period can only be extended).",
                       irreversible=True, depends_on=deps, before={"RetentionPeriodInDays": before},
                       locks=extended.what()))
        locks.append(extended)
    return locks


def _withheld(ctx: PlanContext) -> str:
    """Why the lock must wait, or "" when the plan can finish and the trail will be logging."""
    if not ctx.settings.oss.lock:
        return "oss.lock = false (set oss.lock = true, or pass --lock-worm)"
    holding = [b for b in ctx.blocked if holds_the_lock(ctx, b)]
    if holding:
        return f"the plan cannot finish ({len(holding)} blocked item(s) above: {holding[0].resource})"
    trail = ctx.observed.trail(ctx.settings.trail.name)
    if not (ctx.has("actiontrail.start-logging") or (trail is not None and trail.is_logging)):
        return "the trail would not be logging"
    return ""


def _later(intent: LockIntent) -> str:
    if intent.locked_days:
        return f"It stays locked at {intent.locked_days} days; once the cause is fixed, run apply again to extend it."
    if intent.initiated:
        return ("The policy this plan initiates stays InProgress (it protects the log files and can be aborted) for "
                "24 hours: fix the cause and run apply again within them to lock it; after that it lapses, and a "
                "later run initiates and locks a new one.")
    until = f" until {intent.lapses.replace('T', ' ')} UTC" if intent.lapses else " for 24 hours after it was initiated"
    return (f"The InProgress policy ({intent.in_progress_days} days) can still be locked{until}: fix the cause and run "
            "apply again before then; after that it lapses, and a later run initiates and locks a new one.")
