"""RAM's Marker/MaxItems paging: the marker is the offset of the next page (an opaque string to clients)."""

from __future__ import annotations

from ...http.rpc import integer

MAX_ITEMS = 1000


def marker_page(params, items: list) -> tuple[list, dict]:
    start = integer(params, "Marker", 0, 0, 10**9)
    size = integer(params, "MaxItems", 100, 1, MAX_ITEMS)
    more = start + size < len(items)
    return items[start:start + size], {"IsTruncated": more, **({"Marker": str(start + size)} if more else {})}
