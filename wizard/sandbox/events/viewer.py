"""`actiontrail-wizard sandbox events [--follow]`: the events a sandbox records, as they are recorded.

It reads the state file (read-only, beside a running sandbox: SQLite's WAL lets both work), so a newcomer can watch
the trail working while the wizard runs in another terminal. One line per event: time, who, service, API, Read or
Write, the outcome, the RequestId; `--json` prints the events themselves, one per line.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Callable, Iterator

from . import book

POLL_SECONDS = 0.5


def _connect(state: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{state}?mode=ro", uri=True, timeout=5)


def read_after(state: Path, cursor: str) -> list[dict]:
    """Every account's records after `cursor`, oldest first."""
    with _connect(state) as db:
        rows = db.execute("SELECT doc FROM resources WHERE (kind=? OR kind LIKE ?) AND key>? ORDER BY key",
                          (book.KIND, f"{book.KIND}@%", cursor)).fetchall()
    return sorted((json.loads(row[0]) for row in rows), key=lambda r: r["key"])


def line(event: dict) -> str:
    who = event.get("userIdentity") or {}
    outcome = event.get("errorCode") or "ok"
    return (f"{event.get('eventTime', '')}  {who.get('type', '?')}:{who.get('userName', '?')}  "
            f"{event.get('serviceName', '')} {event.get('eventName', '')}  {event.get('eventRW', '')}  {outcome}"
            f"{'  ' + event['requestId'] if event.get('requestId') else ''}")


def watch(state: Path, follow: bool, as_json: bool, out: Callable[[str], None],
          stop: Callable[[], bool] = lambda: False) -> Iterator[int]:
    """Print what is recorded (then, with follow, what is recorded next, until `stop`); yields the count printed."""
    cursor = ""
    while True:
        records = read_after(state, cursor)
        for record in records:
            out(json.dumps(record["event"], sort_keys=True) if as_json else line(record["event"]))
            cursor = record["key"]
        yield len(records)
        if not follow or stop():
            return
        time.sleep(POLL_SECONDS)
