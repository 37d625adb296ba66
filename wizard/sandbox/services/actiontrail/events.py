"""LookupEvents: the events of the last 90 days, filtered and paged as the API reference describes.

The sandbox records no events yet (issue 17 makes every call one), so the answer is an honest empty page with the
window it searched; what it proves today is who may ask (actiontrail:LookupEvents, iam/).
"""

from __future__ import annotations

from ...http.rpc import integer
from ...state import clock

WINDOW = 90 * 86400  # ActionTrail keeps the last 90 days


def lookup_events(ctx, params):
    integer(params, "MaxResults", 20, 1, 50)
    now = ctx.now()
    return {"Events": [], "NextToken": "", "StartTime": params.get("StartTime") or clock.iso_seconds(now - WINDOW),
            "EndTime": params.get("EndTime") or clock.iso_seconds(now)}


ACTIONS = {"LookupEvents": lookup_events}
