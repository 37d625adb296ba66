"""The history backfill on the wire: start a job, find the one holding the account's slot, read progress.

Only one history job can run per account. The API reference states the limit
but names no error code for it, so the wizard does not guess one: when
CreateDeliveryHistoryJob fails, it lists the jobs, and a running one is named in
the message with what to do.
"""

from __future__ import annotations

from wizard.core.history import BackfillStatus, HistoryJob, start_command
from wizard.cloud.apply.calls import call
from wizard.cloud.errors import CloudError
from wizard.cloud.retry import RetryPolicy, is_transient

PAGE_SIZE = 100
MAX_PAGES = 10  # a thousand jobs: far more than any account keeps


def _jobs(session) -> list[HistoryJob]:
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
        jobs = retry.run(lambda: _jobs(session), "actiontrail", "ListDeliveryHistoryJobs")
        mine = next((j for j in jobs if j.trail_name == trail_name), None)
        if mine is not None:
            return BackfillStatus(trail_name, job=retry.run(lambda: _job(session, mine.job_id), "actiontrail",
                                                            "GetDeliveryHistoryJob"))
        return BackfillStatus(trail_name, blocking=next((j for j in jobs if j.running), None))
    except CloudError as error:
        return BackfillStatus(trail_name, error=f"{error.api}: {error.code}")


@call("actiontrail", "CreateDeliveryHistoryJob")
def _create_history_job(session, params: dict) -> dict:
    from alibabacloud_actiontrail20200706 import models

    try:
        body = session.actiontrail().create_delivery_history_job(
            models.CreateDeliveryHistoryJobRequest(trail_name=params["TrailName"])).body
    except Exception as raw:  # noqa: BLE001 - becomes a CloudError, enriched when another job holds the slot
        error = CloudError.from_sdk(raw, "actiontrail", "CreateDeliveryHistoryJob")
        if is_transient(error):
            raise error from None
        raise _explained(session, error, params["TrailName"]) from None
    return {"RequestId": body.request_id or "", "JobId": body.job_id}


def _explained(session, error: CloudError, trail_name: str) -> CloudError:
    try:
        running = next((j for j in _jobs(session) if j.running), None)
    except Exception:  # noqa: BLE001 - the original error is what matters; the lookup only adds a hint
        running = None
    if running is None:
        return error
    return CloudError(error.service, error.api, error.code, error.detail, error.request_id, error.status,
                      hint=f"history job {running.job_id} (trail {running.trail_name}) is still running, and only one "
                      "history job can run per account: wait for it to finish, then run "
                      f"`{start_command(trail_name)}`. The trail itself is set up and recording")
