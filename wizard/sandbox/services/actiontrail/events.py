"""LookupEvents (2020-07-06): the events the sandbox recorded (events/), as the API reference describes.

StartTime defaults to seven days ago and EndTime to now (the SDK model's words); nothing older than 90 days is
answered. One LookupAttribute at most ("You can use only one query condition for each query"): ServiceName,
EventName, User, EventId, ResourceType, ResourceName, EventRW, EventAccessKeyId. Direction BACKWARD (newest
first, the default) or FORWARD; MaxResults 1-50 (20 by default); NextToken continues the same query.
"""

from __future__ import annotations

import calendar
import time

from ...events import book
from ...http.protocol import ApiError
from ...http.rpc import integer
from ...state import clock

WINDOW = 90 * 86400  # ActionTrail keeps the last 90 days
DEFAULT_SPAN = 7 * 86400
ATTRIBUTES = ("ServiceName", "EventName", "User", "EventId", "ResourceType", "ResourceName", "EventRW",
              "EventAccessKeyId")


def _time(params, name: str, default: float) -> float:
    text = params.get(name)
    if not text:
        return default
    try:
        return float(calendar.timegm(time.strptime(text, "%Y-%m-%dT%H:%M:%SZ")))
    except ValueError:
        raise ApiError(400, "InvalidParameter", f"{name} must be a UTC time in YYYY-MM-DDThh:mm:ssZ, not "
                       f"{text!r}.") from None


def _attribute(params) -> tuple[str, str] | None:
    keys = sorted(k for k in params if k.startswith("LookupAttribute.") and k.endswith(".Key"))
    if len(keys) > 1:
        raise ApiError(400, "InvalidParameter", "Only one LookupAttribute can be used in a query.")
    if not keys:
        return None
    key, value = params[keys[0]], params.get(keys[0][:-4] + ".Value", "")
    if key not in ATTRIBUTES:
        raise ApiError(400, "InvalidParameter", f"LookupAttribute.1.Key must be one of {', '.join(ATTRIBUTES)}, "
                       f"not {key!r}.")
    return key, value


def _matches(event: dict, attribute: tuple[str, str] | None) -> bool:
    if attribute is None:
        return True
    key, value = attribute
    resources = event.get("referencedResources") or {}
    found = {
        "ServiceName": [event.get("serviceName")], "EventName": [event.get("eventName")],
        "User": [(event.get("userIdentity") or {}).get("userName")], "EventId": [event.get("eventId")],
        "ResourceType": list(resources), "ResourceName": [name for names in resources.values() for name in names],
        "EventRW": [event.get("eventRW")], "EventAccessKeyId": [(event.get("userIdentity") or {}).get("accessKeyId")],
    }[key]
    return value in found


def lookup_events(ctx, params):
    size = integer(params, "MaxResults", 20, 1, 50)
    now = ctx.now()
    start = max(_time(params, "StartTime", now - DEFAULT_SPAN), now - WINDOW)
    end = min(_time(params, "EndTime", now), now)
    if end < start:
        raise ApiError(400, "InvalidParameter", "StartTime must not be after EndTime.")
    direction = params.get("Direction", "BACKWARD")
    if direction not in ("BACKWARD", "FORWARD"):
        raise ApiError(400, "InvalidParameter", "Direction must be BACKWARD or FORWARD.")
    attribute, token = _attribute(params), params.get("NextToken", "")
    records = [r for r in book.between(ctx.store, start, end + 0.999) if _matches(r["event"], attribute)]
    if direction == "BACKWARD":
        records.reverse()
    if token:
        keys = [r["key"] for r in records]
        if token not in keys:
            raise ApiError(400, "InvalidParameter", "NextToken is not valid for this query.")
        records = records[keys.index(token) + 1:]
    page, more = records[:size], len(records) > size
    return {"Events": [r["event"] for r in page], "NextToken": page[-1]["key"] if more else "",
            "StartTime": clock.iso_seconds(start), "EndTime": clock.iso_seconds(end)}


ACTIONS = {"LookupEvents": lookup_events}
