"""ActionTrail history (backfill) jobs in the sandbox: CreateDeliveryHistoryJob, GetDeliveryHistoryJob, List...

History jobs follow the sandbox clock: JobStatus 0 (initializing) for a minute,
then 1 (delivering) while the regions finish one by one, then 2. One job runs
per account; the API reference states that limit but names no error code, so
the code answered here (DeliveryHistoryJobLimitExceeded) is the sandbox's own:
the wizard recognises a busy slot by listing the jobs, not by the code.
"""

from __future__ import annotations

from ..http.protocol import ApiError
from ..http.rpc import require
from .actiontrail import _iso, _trail

JOB_KIND = "actiontrail.history-job"
HISTORY_JOB_SECONDS = 600  # a delivery history job finishes ten sandbox minutes after it starts
HISTORY_JOB_INIT_SECONDS = 60  # ... after a minute of initializing
HISTORY_REGIONS = ("cn-hangzhou", "cn-shanghai", "cn-beijing", "cn-shenzhen", "ap-southeast-1")


def _job_regions(job: dict) -> list[str]:
    if job.get("TrailRegion", "All") != "All":
        return [job["TrailRegion"]]
    return list(dict.fromkeys((job["HomeRegion"], *HISTORY_REGIONS)))


def _region_statuses(ctx, job: dict) -> list[dict]:
    """Each region finishes in turn after the first minute; 0 initializing, 1 delivering, 2 finished."""
    elapsed, regions = ctx.now() - job["StartedAt"], _job_regions(job)
    step = (HISTORY_JOB_SECONDS - HISTORY_JOB_INIT_SECONDS) / len(regions)
    return [{"Region": region, "Status": 0 if elapsed < HISTORY_JOB_INIT_SECONDS else
             2 if elapsed >= HISTORY_JOB_INIT_SECONDS + (i + 1) * step else 1} for i, region in enumerate(regions)]


def _job_status(ctx, job: dict) -> int:
    statuses = {r["Status"] for r in _region_statuses(ctx, job)}
    return 2 if statuses == {2} else 0 if statuses == {0} else 1


def _job_summary(ctx, job: dict) -> dict:
    return {"JobId": job["JobId"], "TrailName": job["TrailName"], "HomeRegion": job["HomeRegion"],
            "JobStatus": _job_status(ctx, job), "CreatedTime": _iso(job["StartedAt"]),
            "UpdatedTime": _iso(min(ctx.now(), job["StartedAt"] + HISTORY_JOB_SECONDS)),
            "StartTime": _iso(job["StartedAt"] - 90 * 86400), "EndTime": _iso(job["StartedAt"])}


def create_delivery_history_job(ctx, params):
    require(params, "TrailName")
    with ctx.store.transaction():
        trail = _trail(ctx, params["TrailName"])
        if not trail.get("SlsProjectArn"):
            raise ApiError(400, "InvalidParameter.TrailName", "Delivery history jobs need a trail delivering to "
                           "Log Service.")
        for job in ctx.store.list(JOB_KIND):
            if _job_status(ctx, job) != 2:
                raise ApiError(400, "DeliveryHistoryJobLimitExceeded", "Only one delivery history job can run in "
                               f"an account at a time; job {job['JobId']} is still running.")
        job_id = int(ctx.store.meta("history_job_seq", "0") or 0) + 1
        ctx.store.set_meta("history_job_seq", str(job_id))
        ctx.store.put(JOB_KIND, f"{job_id:08d}", {"JobId": job_id, "TrailName": trail["Name"],
                                                  "HomeRegion": ctx.region, "TrailRegion": trail["TrailRegion"],
                                                  "StartedAt": ctx.now()})
    return {"JobId": job_id}


def get_delivery_history_job(ctx, params):
    require(params, "JobId")
    job = ctx.store.get(JOB_KIND, f"{int(params['JobId']):08d}")
    if job is None:
        raise ApiError(404, "DeliveryHistoryJobNotFound", f"The delivery history job {params['JobId']} does not "
                       "exist.")
    return {**_job_summary(ctx, job), "Status": _region_statuses(ctx, job)}


def list_delivery_history_jobs(ctx, params):
    page = max(1, int(params.get("PageNumber") or 1))
    size = min(100, max(1, int(params.get("PageSize") or 20)))
    jobs = sorted(ctx.store.list(JOB_KIND), key=lambda j: j["JobId"], reverse=True)
    return {"DeliveryHistoryJobs": [_job_summary(ctx, j) for j in jobs[(page - 1) * size:page * size]],
            "TotalCount": len(jobs), "PageNumber": page, "PageSize": size}
