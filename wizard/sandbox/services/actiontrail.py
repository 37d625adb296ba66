"""ActionTrail 2020-07-06: trails, logging, delivery status and history jobs.

Real rules kept: name 6-36 `[a-z][a-z0-9_-]`, at most 5 trails per region, a
new trail is "Fresh" (not logging) until StartLogging, EventRW defaults to
Write, destinations must exist. A trail delivering to SLS gets its Logstore
`actiontrail_<name>` (see sls/state.py for what happens when it exists).

Organization trails: only the Resource Directory's management account or
ActionTrail's delegated administrator may create one (NotAllowCreateOrganizationTrail),
one per account (MaximumNumberOfOrganizationTrailExceeded); DescribeTrails shows
them only with IncludeOrganizationTrail=true.

History (backfill) jobs live in actiontrail_history.py.
"""

from __future__ import annotations

import re
import time

from ..http.protocol import ApiError
from ..http.rpc import flag, require, rpc_service

KIND = "actiontrail.trail"
MAX_TRAILS_PER_REGION = 5
_NAME = re.compile(r"^[a-z][a-z0-9_-]{5,35}$")
_PROJECT_ARN = re.compile(r"^acs:log:(?P<region>[a-z0-9-]+):(?P<account>\d*):project/(?P<project>[a-z0-9-]+)$")


def _iso(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def _key(region: str, name: str) -> str:
    return f"{region}/{name}"


def _trail(ctx, name: str) -> dict:
    trail = ctx.store.get(KIND, _key(ctx.region, name))
    if trail is None:
        raise ApiError(404, "TrailNotFoundException", f"The trail {name} does not exist.")
    return trail


def _check_destinations(ctx, params: dict) -> None:
    bucket = params.get("OssBucketName")
    if bucket and ctx.store.get("oss.bucket", bucket) is None:
        raise ApiError(400, "BucketDoesNotExistException", f"The OSS bucket {bucket} does not exist.")
    arn = params.get("SlsProjectArn")
    if arn:
        match = _PROJECT_ARN.match(arn)
        if not match:
            raise ApiError(400, "InvalidSlsProjectArnException", f"The SlsProjectArn {arn} is not valid.")
        project = ctx.store.get("sls.project", match.group("project"))
        if project is None or project.get("region") not in (None, match.group("region")):
            raise ApiError(400, "SlsProjectDoesNotExistException",
                           f"The Log Service project {match.group('project')} does not exist.")
        if not params.get("SlsWriteRoleArn"):
            raise ApiError(400, "InvalidSlsWriteRoleArnException", "SlsWriteRoleArn is required with SlsProjectArn.")
    for trail in ctx.store.list(KIND):
        if bucket and trail["Name"] != params.get("Name") and trail.get("OssBucketName") == bucket \
                and trail.get("OssKeyPrefix", "") == params.get("OssKeyPrefix", ""):
            raise ApiError(400, "RepeatOssBucket", f"The OSS bucket {bucket} with this prefix is already the "
                           f"destination of trail {trail['Name']}.")


def _deliver_to_sls(ctx, trail: dict) -> None:
    arn = trail.get("SlsProjectArn")
    if arn:
        from .sls.state import ensure_actiontrail_logstore

        project = _PROJECT_ARN.match(arn).group("project")
        ensure_actiontrail_logstore(ctx.store, project, f"actiontrail_{trail['Name']}", ctx.now())


def _check_organization(ctx) -> None:
    from .resourcemanager import may_create_organization_trail

    if not may_create_organization_trail(ctx.store, ctx.account.account_id):
        raise ApiError(400, "NotAllowCreateOrganizationTrail", "Your account does not allow you to create "
                       "organization trail. Submit a ticket to get customer support.")
    if any(t.get("IsOrganizationTrail") for t in ctx.store.list(KIND)):
        raise ApiError(400, "MaximumNumberOfOrganizationTrailExceeded", "Your account can create only one "
                       "organization trail.")


def create_trail(ctx, params):
    require(params, "Name")
    name = params["Name"]
    if not _NAME.match(name):
        raise ApiError(400, "InvalidTrailNameException", "The trail name must be 6-36 characters of lowercase "
                       "letters, digits, underscores and hyphens, starting with a lowercase letter.")
    if not params.get("OssBucketName") and not params.get("SlsProjectArn"):
        raise ApiError(400, "InvalidParameter", "A trail needs OssBucketName or SlsProjectArn.")
    event_rw = params.get("EventRW", "Write")
    if event_rw not in ("All", "Read", "Write"):
        raise ApiError(400, "InvalidParameter.EventRW", f"EventRW {event_rw} is not All, Read or Write.")
    with ctx.store.transaction():
        if ctx.store.get(KIND, _key(ctx.region, name)):
            raise ApiError(400, "TrailAlreadyExistsException", f"The trail {name} already exists.")
        if len(ctx.store.list(KIND, f"{ctx.region}/")) >= MAX_TRAILS_PER_REGION:
            raise ApiError(400, "MaximumNumberOfTrailsExceededException",
                           f"At most {MAX_TRAILS_PER_REGION} trails can be created in a region.")
        _check_destinations(ctx, params)
        if flag(params, "IsOrganizationTrail"):
            _check_organization(ctx)
        now = _iso(ctx.now())
        trail = {
            "Name": name, "HomeRegion": ctx.region, "TrailRegion": params.get("TrailRegion", "All"),
            "EventRW": event_rw, "Status": "Fresh", "OssBucketName": params.get("OssBucketName", ""),
            "OssKeyPrefix": params.get("OssKeyPrefix", ""), "SlsProjectArn": params.get("SlsProjectArn", ""),
            "SlsWriteRoleArn": params.get("SlsWriteRoleArn", ""), "OssWriteRoleArn": params.get("OssWriteRoleArn", ""),
            "IsOrganizationTrail": flag(params, "IsOrganizationTrail"), "CreateTime": now, "UpdateTime": now,
            "TrailArn": f"acs:actiontrail:{ctx.region}:{ctx.account.account_id}:trail/{name}",
        }
        ctx.store.put(KIND, _key(ctx.region, name), trail)
        _deliver_to_sls(ctx, trail)
    return {key: trail[key] for key in ("Name", "HomeRegion", "TrailRegion", "EventRW", "OssBucketName",
                                        "OssKeyPrefix", "SlsProjectArn", "SlsWriteRoleArn", "OssWriteRoleArn")}


def update_trail(ctx, params):
    require(params, "Name")
    with ctx.store.transaction():
        trail = _trail(ctx, params["Name"])
        _check_destinations(ctx, params)
        for field in ("EventRW", "TrailRegion", "OssBucketName", "OssKeyPrefix", "SlsProjectArn", "SlsWriteRoleArn",
                      "OssWriteRoleArn"):
            if field in params:
                trail[field] = params[field]
        if trail["EventRW"] not in ("All", "Read", "Write"):
            raise ApiError(400, "InvalidParameter.EventRW", f"EventRW {trail['EventRW']} is not All, Read or Write.")
        trail["UpdateTime"] = _iso(ctx.now())
        ctx.store.put(KIND, _key(ctx.region, trail["Name"]), trail)
        _deliver_to_sls(ctx, trail)
    return {key: trail[key] for key in ("Name", "HomeRegion", "TrailRegion", "EventRW", "OssBucketName",
                                        "OssKeyPrefix", "SlsProjectArn", "SlsWriteRoleArn")}


def describe_trails(ctx, params):
    names = [n for n in params.get("NameList", "").split(",") if n]
    include_org = flag(params, "IncludeOrganizationTrail")
    include_shadow = flag(params, "IncludeShadowTrails")
    trails = []
    for trail in ctx.store.list(KIND):
        if trail["HomeRegion"] != ctx.region and not (include_shadow and trail["TrailRegion"] == "All"):
            continue
        if trail.get("IsOrganizationTrail") and not include_org:
            continue
        if names and trail["Name"] not in names:
            continue
        shown = {k: v for k, v in trail.items() if k not in ("StartLoggingTime", "StopLoggingTime")}
        shown["Region"] = trail["HomeRegion"]
        shown["StartLoggingTime"] = trail.get("StartLoggingTime", "")
        shown["StopLoggingTime"] = trail.get("StopLoggingTime", "")
        trails.append(shown)
    return {"TrailList": trails}


def get_trail_status(ctx, params):
    require(params, "Name")
    trail = _trail(ctx, params["Name"])
    logging = trail["Status"] == "Enable"
    bucket_ok = not trail.get("OssBucketName") or ctx.store.get("oss.bucket", trail["OssBucketName"]) is not None
    return {
        "IsLogging": logging,
        "StartLoggingTime": trail.get("StartLoggingTime", ""),
        "StopLoggingTime": trail.get("StopLoggingTime", ""),
        "LatestDeliveryTime": trail.get("StartLoggingTime", "") if logging else "",
        "LatestDeliveryError": "" if bucket_ok else "BucketDoesNotExistException",
        "LatestDeliveryLogServiceTime": trail.get("StartLoggingTime", "") if logging else "",
        "LatestDeliveryLogServiceError": "",
        "OssBucketStatus": bucket_ok,
        "SlsLogStoreStatus": True,
    }


def _set_logging(ctx, params, status: str, stamp: str):
    require(params, "Name")
    with ctx.store.transaction():
        trail = _trail(ctx, params["Name"])
        trail["Status"] = status
        trail[stamp] = _iso(ctx.now())
        ctx.store.put(KIND, _key(ctx.region, trail["Name"]), trail)
    return {}


def start_logging(ctx, params):
    return _set_logging(ctx, params, "Enable", "StartLoggingTime")


def stop_logging(ctx, params):
    return _set_logging(ctx, params, "Disable", "StopLoggingTime")


def delete_trail(ctx, params):
    require(params, "Name")
    with ctx.store.transaction():
        _trail(ctx, params["Name"])
        ctx.store.delete(KIND, _key(ctx.region, params["Name"]))
    return {}


from .actiontrail_history import (  # noqa: E402 - they need _trail and _iso from above
    create_delivery_history_job, get_delivery_history_job, list_delivery_history_jobs,
)

_service = rpc_service({
    "CreateTrail": create_trail, "UpdateTrail": update_trail, "DescribeTrails": describe_trails,
    "GetTrailStatus": get_trail_status, "StartLogging": start_logging, "StopLogging": stop_logging,
    "DeleteTrail": delete_trail, "CreateDeliveryHistoryJob": create_delivery_history_job,
    "GetDeliveryHistoryJob": get_delivery_history_job, "ListDeliveryHistoryJobs": list_delivery_history_jobs,
}, "2020-07-06")
operation, handle, render_error = _service.operation, _service.handle, _service.render_error
