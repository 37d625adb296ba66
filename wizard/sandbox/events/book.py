"""The recorded events of each account, in the store: kind "actiontrail.event", keyed by time then arrival.

A key is `<epoch milliseconds, 14 digits>-<arrival counter>`, so a range of keys is a range of time and
LookupEvents and delivery read from a cursor without scanning. Events older than ActionTrail's 90 days are
never answered (they stay in the file; nothing in the sandbox runs long enough to need pruning).
"""

from __future__ import annotations

import itertools
import threading

KIND = "actiontrail.event"
KEEP_SECONDS = 90 * 86400
_counter = itertools.count(1)
_lock = threading.Lock()


def key_at(epoch: float, suffix: str = "") -> str:
    """The key of an event at `epoch` (suffix "" sorts before every event of that millisecond)."""
    return f"{int(epoch * 1000):014d}-{suffix}"


def new_key(epoch: float) -> str:
    with _lock:
        return key_at(epoch, f"{next(_counter):010d}")


def record(store, event: dict, epoch: float) -> str:
    """Keep one event in its account's view of the store; returns its key."""
    key = new_key(epoch)
    store.put(KIND, key, {"key": key, "epoch": epoch, "event": event})
    return key


def between(store, start: float, end: float) -> list[dict]:
    """The {"key", "epoch", "event"} records of [start, end], oldest first."""
    return store.between(KIND, key_at(start - 0.001, "~"), key_at(end, "~"))


def after(store, cursor: str, end: float) -> list[dict]:
    """The records after `cursor` (a key) up to `end`, oldest first."""
    return store.between(KIND, cursor, key_at(end, "~"))
