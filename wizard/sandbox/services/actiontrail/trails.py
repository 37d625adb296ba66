"""ActionTrail trail handlers: read the RPC parameters, call the models, shape the answers."""

from __future__ import annotations

import re

from ...http.protocol import ApiError
from ...http.rpc import flag, require
from . import delivery, models

_NAME = re.compile(r"^[a-z][a-z0-9_-]{5,35}$")
_PREFIX = re.compile(r"^[A-Za-z][A-Za-z0-9/_-]{5,31}$")
_UPDATABLE = ("EventRW", "TrailRegion", "OssBucketName", "OssKeyPrefix", "SlsProjectArn", "SlsWriteRoleArn",
              "OssWriteRoleArn")


def _check_prefix(params) -> None:
    """OssKeyPrefix may be left out; when given, 6-32 characters of letters, digits, -, / and _, from a letter."""
    prefix = params.get("OssKeyPrefix")
    if prefix and not _PREFIX.match(prefix):
        raise ApiError(400, "InvalidPrefixException", f"OssKeyPrefix {prefix!r} must be 6 to 32 characters, start "
                       "with a letter and contain only letters, digits, hyphens (-), forward slashes (/) and "
                       "underscores (_).")


def create_trail(ctx, params):
    require(params, "Name")
    _check_prefix(params)
    name = params["Name"]
    if not _NAME.match(name):
        raise ApiError(400, "InvalidTrailNameException", "The trail name must be 6-36 characters of lowercase "
                       "letters, digits, underscores and hyphens, starting with a lowercase letter.")
    if not params.get("OssBucketName") and not params.get("SlsProjectArn"):
        raise ApiError(400, "InvalidParameter", "A trail needs OssBucketName or SlsProjectArn.")
    event_rw = params.get("EventRW", "Write")
    if event_rw not in ("All", "Read", "Write"):
        raise ApiError(400, "InvalidParameter.EventRW", f"EventRW {event_rw} is not All, Read or Write.")
    settings = {"TrailRegion": params.get("TrailRegion", "All"), "EventRW": event_rw,
                **{field: params.get(field, "") for field in ("OssBucketName", "OssKeyPrefix", "SlsProjectArn",
                                                              "SlsWriteRoleArn", "OssWriteRoleArn")},
                "IsOrganizationTrail": flag(params, "IsOrganizationTrail")}
    trail = models.create_trail(ctx.store, ctx.region, ctx.account.account_id, name, settings)
    return {key: trail[key] for key in ("Name", "HomeRegion", "TrailRegion", "EventRW", "OssBucketName",
                                        "OssKeyPrefix", "SlsProjectArn", "SlsWriteRoleArn", "OssWriteRoleArn")}


def update_trail(ctx, params):
    require(params, "Name")
    _check_prefix(params)
    changes = {field: params[field] for field in _UPDATABLE if field in params}
    trail = models.update_trail(ctx.store, ctx.region, params["Name"], changes)
    return {key: trail[key] for key in ("Name", "HomeRegion", "TrailRegion", "EventRW", "OssBucketName",
                                        "OssKeyPrefix", "SlsProjectArn", "SlsWriteRoleArn")}


def describe_trails(ctx, params):
    names = [n for n in params.get("NameList", "").split(",") if n]
    trails = []
    for trail in models.visible_trails(ctx.store, ctx.region, names, flag(params, "IncludeOrganizationTrail"),
                                       flag(params, "IncludeShadowTrails")):
        shown = {k: v for k, v in trail.items() if k not in ("StartLoggingTime", "StopLoggingTime")}
        shown["Region"] = trail["HomeRegion"]
        shown["OssBucketLocation"] = models.bucket_region(ctx.store, trail.get("OssBucketName", ""))
        shown["StartLoggingTime"] = trail.get("StartLoggingTime", "")
        shown["StopLoggingTime"] = trail.get("StopLoggingTime", "")
        trails.append(shown)
    return {"TrailList": trails}


def get_trail_status(ctx, params):
    """The delivery facts are the real deliveries' (delivery.py): the time of the latest file or log batch
    written, and why the latest attempt failed ("" when it did not)."""
    require(params, "Name")
    trail = models.trail(ctx.store, ctx.region, params["Name"])
    facts = delivery.state(ctx.store, trail)
    bucket_ok = models.delivery_bucket_exists(ctx.store, trail)
    oss_error = facts.get("oss_error", "") if trail.get("OssBucketName") else ""
    return {
        "IsLogging": trail["Status"] == "Enable",
        "StartLoggingTime": trail.get("StartLoggingTime", ""),
        "StopLoggingTime": trail.get("StopLoggingTime", ""),
        "LatestDeliveryTime": facts.get("oss_time", "") if trail.get("OssBucketName") else "",
        "LatestDeliveryError": oss_error or ("" if bucket_ok else "BucketDoesNotExistException"),
        "LatestDeliveryLogServiceTime": facts.get("sls_time", "") if trail.get("SlsProjectArn") else "",
        "LatestDeliveryLogServiceError": facts.get("sls_error", "") if trail.get("SlsProjectArn") else "",
        "OssBucketStatus": bucket_ok,
        "SlsLogStoreStatus": models.delivery_logstore_exists(ctx.store, trail),
    }


def _set_logging(status: str, stamp: str):
    def action(ctx, params):
        require(params, "Name")
        models.set_logging(ctx.store, ctx.region, params["Name"], status, stamp)
        return {}
    return action


def delete_trail(ctx, params):
    require(params, "Name")
    models.delete_trail(ctx.store, ctx.region, params["Name"])
    return {}


ACTIONS = {
    "CreateTrail": create_trail, "UpdateTrail": update_trail, "DescribeTrails": describe_trails,
    "GetTrailStatus": get_trail_status, "StartLogging": _set_logging("Enable", "StartLoggingTime"),
    "StopLogging": _set_logging("Disable", "StopLoggingTime"), "DeleteTrail": delete_trail,
}
