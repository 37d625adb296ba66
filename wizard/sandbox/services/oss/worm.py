"""Bucket retention policy (WORM) handlers: Initiate, Complete, Extend, Abort, Get (the rules: models/worm.py)."""

from __future__ import annotations

from datetime import datetime, timezone

from ...http.protocol import ApiError, Response
from . import xml
from .call import Call, empty, xml_response
from .models import worm as model


def _date(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def _days(call: Call, root_tag: str) -> int:
    days = xml.required_int(call.body_xml(root_tag), "RetentionPeriodInDays")
    if not 1 <= days <= model.MAX_RETENTION_DAYS:
        raise ApiError(400, "InvalidArgument",
                       f"RetentionPeriodInDays must be between 1 and {model.MAX_RETENTION_DAYS}, got {days}.")
    return days


def initiate(call: Call) -> Response:
    days = _days(call, "InitiateWormConfiguration")
    worm_id = model.initiate(call.store, call.bucket, call.ctx.region, days)
    return empty(200, {"x-oss-worm-id": worm_id})


def abort(call: Call) -> Response:
    model.abort(call.store, call.bucket, call.ctx.region)
    return empty(204)


def complete(call: Call) -> Response:
    model.complete(call.store, call.bucket, call.ctx.region, call.query.get("wormId"))
    return empty(200)


def extend(call: Call) -> Response:
    days = _days(call, "ExtendWormConfiguration")
    model.extend(call.store, call.bucket, call.ctx.region, call.query.get("wormId"), days)
    return empty(200)


def get(call: Call) -> Response:
    worm = model.policy(call.store, call.bucket, call.ctx.region)
    return xml_response("WormConfiguration", [
        ("WormId", worm["WormId"]),
        ("State", worm["State"]),
        ("RetentionPeriodInDays", worm["RetentionPeriodInDays"]),
        ("CreationDate", _date(worm["CreatedAt"])),
        ("ExpirationDate", _date(worm["CreatedAt"] + model.IN_PROGRESS_WINDOW)),
    ])
