"""ActionTrail history (backfill) job handlers: CreateDeliveryHistoryJob, GetDeliveryHistoryJob, List...

The jobs' rules and clock live in models.py; this module parses and renders.
"""

from __future__ import annotations

from ...http.rpc import require
from . import models


def _job_summary(ctx, job: dict) -> dict:
    iso, started = models.iso, job["StartedAt"]
    return {"JobId": job["JobId"], "TrailName": job["TrailName"], "HomeRegion": job["HomeRegion"],
            "JobStatus": models.job_status(job, ctx.now()), "CreatedTime": iso(started),
            "UpdatedTime": iso(min(ctx.now(), started + models.HISTORY_JOB_SECONDS)),
            "StartTime": iso(started - 90 * 86400), "EndTime": iso(started)}


def create_delivery_history_job(ctx, params):
    require(params, "TrailName")
    return {"JobId": models.create_job(ctx.store, ctx.region, params["TrailName"])}


def get_delivery_history_job(ctx, params):
    require(params, "JobId")
    job = models.job(ctx.store, params["JobId"])
    return {**_job_summary(ctx, job), "Status": models.region_statuses(job, ctx.now())}


def list_delivery_history_jobs(ctx, params):
    page = max(1, int(params.get("PageNumber") or 1))
    size = min(100, max(1, int(params.get("PageSize") or 20)))
    jobs = models.jobs(ctx.store)
    return {"DeliveryHistoryJobs": [_job_summary(ctx, j) for j in jobs[(page - 1) * size:page * size]],
            "TotalCount": len(jobs), "PageNumber": page, "PageSize": size}


ACTIONS = {
    "CreateDeliveryHistoryJob": create_delivery_history_job, "GetDeliveryHistoryJob": get_delivery_history_job,
    "ListDeliveryHistoryJobs": list_delivery_history_jobs,
}
