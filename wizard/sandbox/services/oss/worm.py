"""Bucket retention policies (WORM): Initiate -> InProgress for 24 h -> Complete -> Locked, for good.

An InProgress policy nobody completes within 24 hours (sandbox clock) becomes Expired.
A Locked policy cannot be aborted or shortened, only extended. While a policy is
InProgress or Locked, objects younger than the retention period cannot be deleted or
overwritten. WORM and versioning exclude each other (the sandbox follows the error-centre
entries 0027-00000003 and 0012-00000006).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from ...http.protocol import ApiError, Response
from . import xml
from .call import Call, empty, xml_response

DAY_SECONDS = 86400
IN_PROGRESS_WINDOW = DAY_SECONDS
MAX_RETENTION_DAYS = 25550


def _date(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def effective(worm: dict[str, Any] | None, now: float) -> dict[str, Any] | None:
    """The policy as it stands at `now`: an InProgress policy past its 24 h window reads Expired."""
    if worm is None:
        return None
    if worm["State"] == "InProgress" and now >= worm["CreatedAt"] + IN_PROGRESS_WINDOW:
        return {**worm, "State": "Expired"}
    return worm


def active(bucket: dict[str, Any], now: float) -> dict[str, Any] | None:
    """The policy that protects objects right now (InProgress or Locked), else None."""
    worm = effective(bucket.get("Worm"), now)
    return worm if worm and worm["State"] in ("InProgress", "Locked") else None


def protected_until(bucket: dict[str, Any], obj: dict[str, Any], now: float) -> float | None:
    """When an object's retention ends, if it has not ended yet."""
    worm = active(bucket, now)
    if worm is None:
        return None
    until = obj["LastModified"] + worm["RetentionPeriodInDays"] * DAY_SECONDS
    return until if until > now else None


def _no_worm() -> ApiError:
    return ApiError(404, "NoSuchWORMConfiguration", "The WORM Configuration does not exist.")


def _invalid(message: str) -> ApiError:
    return ApiError(400, "InvalidWORMConfiguration", f"Invalid WORM Configuration. {message}")


def _days(call: Call, root_tag: str) -> int:
    days = xml.required_int(call.body_xml(root_tag), "RetentionPeriodInDays")
    if not 1 <= days <= MAX_RETENTION_DAYS:
        raise ApiError(400, "InvalidArgument", f"RetentionPeriodInDays must be between 1 and {MAX_RETENTION_DAYS}, got {days}.")
    return days


def _policy_with_id(call: Call, bucket: dict[str, Any], now: float) -> dict[str, Any]:
    worm = effective(bucket.get("Worm"), now)
    if worm is None or worm["WormId"] != call.query.get("wormId"):
        raise _no_worm()
    return worm


def initiate(call: Call) -> Response:
    days = _days(call, "InitiateWormConfiguration")
    with call.store.transaction():
        bucket = call.existing_bucket()
        now = call.ctx.now()
        if bucket.get("Versioning") in ("Enabled", "Suspended"):
            raise ApiError(
                400, "InvalidArgument", "A retention policy cannot be configured on a bucket with versioning enabled or suspended.",
                EC="0027-00000003",
            )
        current = effective(bucket.get("Worm"), now)
        if current is not None and current["State"] != "Expired":
            raise _invalid(f"The bucket already has a retention policy in state {current['State']}.")
        worm_id = call.ctx.uuid().hex[-24:].upper()
        bucket["Worm"] = {"WormId": worm_id, "State": "InProgress", "RetentionPeriodInDays": days, "CreatedAt": now}
        call.save_bucket(bucket)
    return empty(200, {"x-oss-worm-id": worm_id})


def abort(call: Call) -> Response:
    with call.store.transaction():
        bucket = call.existing_bucket()
        worm = effective(bucket.get("Worm"), call.ctx.now())
        if worm is None:
            raise _no_worm()
        if worm["State"] == "Locked":
            raise ApiError(403, "WORMConfigurationLocked", "The WORM Configuration is locked.")
        bucket["Worm"] = None
        call.save_bucket(bucket)
    return empty(204)


def complete(call: Call) -> Response:
    """Lock the policy; completing an already Locked policy again is a no-op (a resumed run may repeat it)."""
    with call.store.transaction():
        bucket = call.existing_bucket()
        worm = _policy_with_id(call, bucket, call.ctx.now())
        if worm["State"] == "Expired":
            raise _invalid("The retention policy expired: it was not completed within 24 hours of its initiation.")
        bucket["Worm"] = {**bucket["Worm"], "State": "Locked"}
        call.save_bucket(bucket)
    return empty(200)


def extend(call: Call) -> Response:
    days = _days(call, "ExtendWormConfiguration")
    with call.store.transaction():
        bucket = call.existing_bucket()
        worm = _policy_with_id(call, bucket, call.ctx.now())
        if worm["State"] != "Locked":
            raise _invalid("Only a locked retention policy can be extended.")
        if days < worm["RetentionPeriodInDays"]:
            raise _invalid(
                f"The retention period of a locked policy can only be extended: {days} < {worm['RetentionPeriodInDays']} days."
            )
        bucket["Worm"] = {**bucket["Worm"], "RetentionPeriodInDays": days}
        call.save_bucket(bucket)
    return empty(200)


def get(call: Call) -> Response:
    worm = effective(call.existing_bucket().get("Worm"), call.ctx.now())
    if worm is None:
        raise _no_worm()
    return xml_response("WormConfiguration", [
        ("WormId", worm["WormId"]),
        ("State", worm["State"]),
        ("RetentionPeriodInDays", worm["RetentionPeriodInDays"]),
        ("CreationDate", _date(worm["CreatedAt"])),
        ("ExpirationDate", _date(worm["CreatedAt"] + IN_PROGRESS_WINDOW)),
    ])
