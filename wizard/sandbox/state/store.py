"""SQLite state of the sandbox: one JSON document per resource, so a restart sees it all.

Each service's models own their kinds and do read-modify-write inside `with store.transaction():`,
which holds a process-wide lock (re-entrant, so a handler may group several model calls in one),
so concurrent requests never interleave half-updates.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS resources (
    kind TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (kind, key)
);
"""


class Store:
    account_id = ""  # the first account's id (state/account.py sets it): the owner of plain kind names

    def __init__(self, path: str | Path):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL" if self.path != ":memory:" else "PRAGMA journal_mode=MEMORY")
        self._db.executescript(_SCHEMA)
        self._lock = threading.RLock()
        self._depth = 0

    @contextmanager
    def transaction(self) -> Iterator["Store"]:
        """Atomic, serialised read-modify-write (re-entrant)."""
        with self._lock:
            self._depth += 1
            if self._depth == 1:
                self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                if self._depth == 1:
                    self._db.execute("ROLLBACK")
                raise
            else:
                if self._depth == 1:
                    self._db.execute("COMMIT")
            finally:
                self._depth -= 1

    # resources -------------------------------------------------------------
    def get(self, kind: str, key: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT doc FROM resources WHERE kind=? AND key=?", (kind, key)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, kind: str, key: str, doc: dict[str, Any]) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO resources(kind, key, doc) VALUES (?, ?, ?) "
                "ON CONFLICT(kind, key) DO UPDATE SET doc=excluded.doc",
                (kind, key, json.dumps(doc, sort_keys=True)),
            )

    def delete(self, kind: str, key: str) -> bool:
        with self._lock:
            cur = self._db.execute("DELETE FROM resources WHERE kind=? AND key=?", (kind, key))
        return cur.rowcount > 0

    def list(self, kind: str, prefix: str = "") -> list[dict[str, Any]]:
        """Documents of one kind whose key starts with prefix, ordered by key."""
        with self._lock:
            rows = self._db.execute(
                "SELECT doc FROM resources WHERE kind=? AND substr(key, 1, ?)=? ORDER BY key",
                (kind, len(prefix), prefix),
            ).fetchall()
        return [json.loads(r[0]) for r in rows]

    def between(self, kind: str, low: str, high: str) -> list[dict[str, Any]]:
        """Documents of one kind whose key is in (low, high], ordered by key (events by time, from a cursor)."""
        with self._lock:
            rows = self._db.execute("SELECT doc FROM resources WHERE kind=? AND key>? AND key<=? ORDER BY key",
                                    (kind, low, high)).fetchall()
        return [json.loads(r[0]) for r in rows]

    # meta ------------------------------------------------------------------
    def meta(self, key: str, default: str | None = None) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (key, value),
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()
