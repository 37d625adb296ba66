"""ActionTrail history (backfill) job handlers: CreateDeliveryHistoryJob, GetDeliveryHistoryJob, List...

The jobs' rules and clock live in models.py; this module parses and renders.
"""

from __future__ import annotations

from ...http.rpc import integer, require
from . import models


def _job_summary(ctx, job: dict) -> dict:
    """StartTime and EndTime are the job's own times ("the time when the task started / ended"), not the window of
    events it delivers; EndTime stays empty until the job has ended."""
    iso, started = models.iso, job["StartedAt"]
    status = models.job_status(job, ctx.now())
    ended = started + models.HISTORY_JOB_SECONDS
    return {"JobId": job["JobId"], "TrailName": job["TrailName"], "HomeRegion": job["HomeRegion"],
            "JobStatus": status, "CreatedTime": iso(started), "UpdatedTime": iso(min(ctx.now(), ended)),
            "StartTime": iso(started), "EndTime": iso(ended) if status == 2 else ""}


def create_delivery_history_job(ctx, params):
    require(params, "TrailName")
    return {"JobId": models.create_job(ctx.store, ctx.region, params["TrailName"])}


def get_delivery_history_job(ctx, params):
    require(params, "JobId")
    job = models.job(ctx.store, integer(params, "JobId", 0, 0, 10**12))
    return {**_job_summary(ctx, job), "Status": models.region_statuses(job, ctx.now())}


def list_delivery_history_jobs(ctx, params):
    page = integer(params, "PageNumber", 1, 1, 10**9)
    size = integer(params, "PageSize", 20, 1, 100)
    jobs = models.jobs(ctx.store)
    return {"DeliveryHistoryJobs": [_job_summary(ctx, j) for j in jobs[(page - 1) * size:page * size]],
            "TotalCount": len(jobs), "PageNumber": page, "PageSize": size}


ACTIONS = {
    "CreateDeliveryHistoryJob": create_delivery_history_job, "GetDeliveryHistoryJob": get_delivery_history_job,
    "ListDeliveryHistoryJobs": list_delivery_history_jobs,
}
