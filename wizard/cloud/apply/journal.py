"""The apply journal: one JSON line per completed action, so an interrupted run can be understood and resumed.

It holds ids and RequestIds only, never a secret: Actions carry no credentials
and outputs are resource ids. Written append-only and fsynced per line, one
line at a time even when calls complete concurrently; only its owner may read
it (0600), and it is never written through a symbolic link. A line cut by a
crash is skipped; anything else that is not a record (a folder in its place,
a list, a number, bytes that are not UTF-8, an object without its event) is a
JournalDamaged naming the file, the line and what to do, never a traceback.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wizard.errors import WizardError


class JournalDamaged(WizardError):
    """The journal cannot be read or written as a journal; nothing is applied until a person looks."""

    def __init__(self, path: Path, problem: str):
        self.path = path
        super().__init__(
            f"the apply journal {path} {problem}. The journal only helps resume an interrupted run, and the "
            f"wizard re-reads the account before it plans, so nothing is created twice without it: move it aside "
            f"(mv {path} {path}.damaged) and run again.")


def default_journal_dir() -> Path:
    from platformdirs import user_state_dir

    return Path(user_state_dir("actiontrail-wizard"))


def _kind(value: Any) -> str:
    return {list: "a JSON list", dict: "a JSON object", str: "a JSON string", bool: "true or false",
            type(None): "null"}.get(type(value), "a JSON number")


@dataclass
class Journal:
    path: Path
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @classmethod
    def for_account(cls, account_id: str, region: str, directory: Path | None = None) -> "Journal":
        return cls((directory or default_journal_dir()) / f"journal-{account_id}-{region}.jsonl")

    def _refuse_odd_path(self) -> bool:
        """True when a file is there; a symbolic link or anything but a regular file is JournalDamaged."""
        try:
            found = os.lstat(self.path)
        except FileNotFoundError:
            return False
        except OSError as error:
            raise JournalDamaged(self.path, f"cannot be read ({error.strerror})") from None
        if stat.S_ISLNK(found.st_mode):
            raise JournalDamaged(self.path, f"is a symbolic link (to {os.readlink(self.path)}); the wizard never "
                                 "writes through one")
        if stat.S_ISDIR(found.st_mode):
            raise JournalDamaged(self.path, "is a folder, not a file")
        if not stat.S_ISREG(found.st_mode):
            raise JournalDamaged(self.path, "is not a regular file")
        return True

    def append(self, event: str, **fields: Any) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        record = {"ts": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "event": event, **fields}
        line = json.dumps(record, ensure_ascii=True, sort_keys=True) + "\n"  # ASCII: any other byte is damage
        with self._lock:
            self._refuse_odd_path()
            try:
                handle = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
            except OSError as error:
                if error.errno == errno.ELOOP:  # a link planted after the check
                    raise JournalDamaged(self.path, "is a symbolic link; the wizard never writes through one") \
                        from None
                raise JournalDamaged(self.path, f"cannot be written ({error.strerror})") from None
            if stat.S_IMODE(os.fstat(handle).st_mode) != 0o600:  # a journal from an older version: the owner's only
                os.fchmod(handle, 0o600)
            with os.fdopen(handle, "r+b") as stream:  # one whole line at a time
                size = stream.seek(0, os.SEEK_END)
                if size > 0:
                    stream.seek(size - 1)
                    if stream.read(1) != b"\n":  # a line cut by a crash: never glue the next record onto it
                        line = "\n" + line
                stream.write(line.encode("ascii"))
                stream.flush()
                os.fsync(stream.fileno())

    def records(self) -> list[dict]:
        if not self._refuse_odd_path():
            return []
        try:
            raw = self.path.read_bytes()
        except OSError as error:
            raise JournalDamaged(self.path, f"cannot be read ({error.strerror})") from None
        records = []
        for number, line in enumerate(raw.split(b"\n"), start=1):
            if not line.strip():
                continue
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as error:
                raise JournalDamaged(self.path, f"holds bytes that are not UTF-8 on line {number} (offset "
                                     f"{error.start})") from None
            try:
                record = json.loads(text)
            except ValueError:
                if text.lstrip().startswith("{"):
                    continue  # a line cut by a crash mid-write: the record never completed
                raise JournalDamaged(self.path, f"holds text that is not a record on line {number}") from None
            if not isinstance(record, dict):
                raise JournalDamaged(self.path, f"holds {_kind(record)} on line {number}, not a record")
            if not isinstance(record.get("event"), str):
                raise JournalDamaged(self.path, f"holds a record without its event on line {number}")
            records.append(record)
        return records

    def interrupted_run(self) -> list[dict] | None:
        """Actions done by the last run if it never finished (crash, Ctrl-C, error); None if it did."""
        records = self.records()
        last_start = max((i for i, r in enumerate(records) if r["event"] == "run-started"), default=None)
        if last_start is None or any(r["event"] == "run-finished" for r in records[last_start:]):
            return None
        return [r for r in records[last_start:] if r["event"] == "action-done"]
