"""The sandbox clock: wall time plus an offset that tests move forward (WORM windows, history jobs).

The offset is kept in the store's meta table ('clock_offset'), so it survives a restart.
"""

from __future__ import annotations

import time

from .store import Store

OFFSET_KEY = "clock_offset"


def offset(store: Store) -> float:
    """Seconds the sandbox clock is ahead of the wall clock."""
    return float(store.meta(OFFSET_KEY, "0") or 0)


def now(store: Store) -> float:
    """The sandbox's current time (epoch seconds)."""
    return time.time() + offset(store)


def advance(store: Store, seconds: float) -> None:
    with store.transaction():
        store.set_meta(OFFSET_KEY, str(offset(store) + seconds))


def iso_seconds(epoch: float) -> str:
    """The RPC services' timestamps: 2024-05-01T08:00:00Z (UTC, whole seconds)."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))
