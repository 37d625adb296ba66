"""The history backfill's progress as plain data, and the words every front end shows for it.

GetDeliveryHistoryJob answers a JobStatus and one Status per region (the SDK
model has no percentage): progress is "regions finished of regions".
wizard/cloud/discover/history_jobs.py reads it; the summary, the plain mode and `apply` print it.
"""

from __future__ import annotations

from dataclasses import dataclass

INITIALIZING, DELIVERING, FINISHED, FAILED = 0, 1, 2, 3  # JobStatus, as the API reference defines it
STATUS_WORDS = {INITIALIZING: "initializing", DELIVERING: "delivering", FINISHED: "finished", FAILED: "failed"}


@dataclass(frozen=True)
class HistoryJob:
    job_id: int
    trail_name: str
    status: int  # JobStatus
    regions: tuple[tuple[str, int], ...] = ()  # (region, status) from GetDeliveryHistoryJob.Status
    start_time: str = ""  # when the job started (the API's StartTime: the job's own time, not the events')
    end_time: str = ""  # when it ended; "" while it runs

    @property
    def running(self) -> bool:
        return self.status in (INITIALIZING, DELIVERING)

    @property
    def delivered(self) -> bool:
        """The trail's history is delivered or on its way (a failed job delivered nothing)."""
        return self.status in (INITIALIZING, DELIVERING, FINISHED)

    @property
    def regions_finished(self) -> int:
        return sum(1 for _region, status in self.regions if status == FINISHED)


@dataclass(frozen=True)
class BackfillStatus:
    trail_name: str
    job: HistoryJob | None = None  # this trail's latest history job
    blocking: HistoryJob | None = None  # another trail's job holding the account's one slot
    error: str = ""  # a read that failed: "<API>: <code>"


def start_command(trail_name: str) -> str:
    return f"aliyun actiontrail CreateDeliveryHistoryJob --TrailName {trail_name}"


def _minute(stamp: str) -> str:
    """"2025-03-31T10:00:00Z" -> "2025-03-31 10:00 UTC" (as the API gives it, without guessing a zone it omits)."""
    zone = " UTC" if stamp.endswith("Z") else ""
    return stamp.replace("T", " ")[:16] + zone


def describe(status: BackfillStatus) -> str:
    """One or two lines: where the 90-day backfill stands and, when stuck, what to do."""
    if status.error:
        grant = ("\n  `actiontrail-wizard policy operator --config FILE` prints the policy that grants it"
                 if "RAM refused" in status.error else "")
        return f"History backfill: could not read its progress ({status.error}).{grant}"
    job = status.job
    if job is None:
        if status.blocking is not None:
            return (f"History backfill: not started: job {status.blocking.job_id} (trail "
                    f"{status.blocking.trail_name}) is still running, and only one history job can run per account.\n"
                    f"  When it has finished, run: {start_command(status.trail_name)}")
        return ("History backfill: not started for this trail (it stays planned until it has run).\n"
                f"  The next apply starts it, or run: {start_command(status.trail_name)}")
    word = STATUS_WORDS.get(job.status, f"status {job.status}")
    counted = f", {job.regions_finished} of {len(job.regions)} regions done" if job.regions else ""
    line = f"History backfill (job {job.job_id}): {word}{counted}"
    if job.status == FINISHED:
        ran = f"started {_minute(job.start_time)}, " if job.start_time else ""
        when = f" ({ran}finished {_minute(job.end_time)})" if job.end_time else ""
        return f"{line}{when}: the 90 days of events before the trail started are in the trail's Logstore."
    started = f" Started {_minute(job.start_time)}." if job.start_time else ""
    if job.status == FAILED:
        failed = ", ".join(region for region, state in job.regions if state == FAILED)
        return (f"{line}{f' (failed in {failed})' if failed else ''}.{started}\n"
                f"  A later apply starts it again, or run: {start_command(job.trail_name)}")
    return (f"{line}.{started} It goes on in the background (ActionTrail delivers the last 90 days);\n"
            f"  check it later: aliyun actiontrail GetDeliveryHistoryJob --JobId {job.job_id}")
