"""The history backfill's progress: the account's history jobs and this trail's (read-only).

GetDeliveryHistoryJob answers a JobStatus and one Status per region; the words
for them are in wizard.core.history. Starting a job is in cloud/apply/calls.
"""

from __future__ import annotations

from wizard.cloud.errors import CloudError
from wizard.cloud.retry import RetryPolicy
from wizard.core.history import BackfillStatus, HistoryJob

PAGE_SIZE = 100
MAX_PAGES = 10  # a thousand jobs: far more than any account keeps


def history_jobs(session) -> list[HistoryJob]:
    """Every history job of the account (ListDeliveryHistoryJobs), newest first."""
    from alibabacloud_actiontrail20200706 import models

    client, jobs = session.actiontrail(), []
    for page in range(1, MAX_PAGES + 1):
        body = client.list_delivery_history_jobs(models.ListDeliveryHistoryJobsRequest(
            page_number=page, page_size=PAGE_SIZE)).body
        found = body.delivery_history_jobs or []
        jobs += [HistoryJob(int(j.job_id), j.trail_name or "", int(j.job_status or 0), (), j.start_time or "",
                            j.end_time or "") for j in found]
        if len(found) < PAGE_SIZE or page * PAGE_SIZE >= (body.total_count or 0):
            break
    return sorted(jobs, key=lambda j: j.job_id, reverse=True)


def _job(session, job_id: int) -> HistoryJob:
    """One job with its per-region status (GetDeliveryHistoryJob)."""
    from alibabacloud_actiontrail20200706 import models

    body = session.actiontrail().get_delivery_history_job(models.GetDeliveryHistoryJobRequest(job_id=job_id)).body
    regions = tuple((s.region or "", int(s.status or 0)) for s in (body.status or []))
    return HistoryJob(int(body.job_id or job_id), body.trail_name or "", int(body.job_status or 0), regions,
                      body.start_time or "", body.end_time or "")


def backfill_status(session, trail_name: str, retry: RetryPolicy | None = None) -> BackfillStatus:
    """Where this trail's backfill stands; a failed read is reported in the status, never raised."""
    retry = retry or RetryPolicy(attempts=3, base_delay=0.2, max_delay=1.0)
    try:
        jobs = retry.run(lambda: history_jobs(session), "actiontrail", "ListDeliveryHistoryJobs")
        mine = next((j for j in jobs if j.trail_name == trail_name), None)
        if mine is not None:
            return BackfillStatus(trail_name, job=retry.run(lambda: _job(session, mine.job_id), "actiontrail",
                                                            "GetDeliveryHistoryJob"))
        return BackfillStatus(trail_name, blocking=next((j for j in jobs if j.running), None))
    except CloudError as error:
        return BackfillStatus(trail_name, error=f"{error.api}: {error.code}"
                              + (f"; {error.refused.sentence()}" if error.refused else ""))
