"""The apply journal: one JSON line per completed action, so an interrupted run can be understood and resumed.

It holds ids and RequestIds only, never a secret: Actions carry no credentials
and outputs are resource ids. Written append-only and fsynced per line, one
line at a time even when calls complete concurrently.
"""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def default_journal_dir() -> Path:
    from platformdirs import user_state_dir

    return Path(user_state_dir("actiontrail-wizard"))


@dataclass
class Journal:
    path: Path
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @classmethod
    def for_account(cls, account_id: str, region: str, directory: Path | None = None) -> "Journal":
        return cls((directory or default_journal_dir()) / f"journal-{account_id}-{region}.jsonl")

    def append(self, event: str, **fields: Any) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        record = {"ts": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "event": event, **fields}
        with self._lock, open(self.path, "a+", encoding="utf-8") as handle:  # one whole line at a time
            if handle.tell() > 0:
                handle.seek(handle.tell() - 1)
                if handle.read(1) != "\n":  # a line cut by a crash: never glue the next record onto it
                    handle.write("\n")
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def records(self) -> list[dict]:
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding="utf-8").splitlines()
        records = []
        for line in lines:
            try:
                records.append(json.loads(line))
            except ValueError:
                continue  # a line cut by a crash mid-write
        return records

    def interrupted_run(self) -> list[dict] | None:
        """Actions done by the last run if it never finished (crash, Ctrl-C, error); None if it did."""
        records = self.records()
        last_start = max((i for i, r in enumerate(records) if r["event"] == "run-started"), default=None)
        if last_start is None or any(r["event"] == "run-finished" for r in records[last_start:]):
            return None
        return [r for r in records[last_start:] if r["event"] == "action-done"]
