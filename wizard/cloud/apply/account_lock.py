"""One apply at a time per account: a lock that every machine sees, in the log bucket.

Where it lives, and why: an account-wide lock needs an atomic "create if absent" that
every admin's machine reaches. OSS has one (PutObject with x-oss-forbid-overwrite: 409
FileAlreadyExists for the second writer); the log bucket is the first thing an apply
creates (PutBucket of a bucket one owns answers 200 again, so two racers both pass it)
and the lock is taken right after, before anything else is written. Each apply appends
numbered records under actiontrail-wizard/apply-lock/ (outside the trail's prefix):
"held" to take the lock, "released" when done. Records are never overwritten, and the
bucket's WORM makes them an append-only history of who applied when. Settings without
OSS have no such place: there the lock degrades to one machine (a file lock beside the
journal), and the one step that a race could duplicate (the key) is safe on its own
(cloud/apply/calls/kms.py) and any spare key is reported by later plans.

A held record is stale when its lease (LEASE_SECONDS, on the holder's clock) is over,
or it was written on this host by a process that no longer runs (a killed apply): then
the next apply takes over. Otherwise the next apply waits (saying who holds it) up to
ACTIONTRAIL_WIZARD_LOCK_WAIT seconds. Once it holds the lock, if any record is newer
than the one discovery saw, another apply ran after the account was read: it lets go
and says so, and the sequence reads the account again and re-plans.
"""

from __future__ import annotations

import json
import os
import socket
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable

from wizard.cloud.apply.calls.registry import from_the_service
from wizard.cloud.discover import apply_records
from wizard.cloud.errors import MALFORMED, CloudError
from wizard.cloud.retry import RetryPolicy
from wizard.core.names import APPLY_LOCK_PREFIX, apply_lock_key
from wizard.core.plan import Action

LEASE_SECONDS = 1800  # far longer than any apply; a crashed holder elsewhere is taken over after it
WAIT_ENV, POLL_ENV = "ACTIONTRAIL_WIZARD_LOCK_WAIT", "ACTIONTRAIL_WIZARD_LOCK_POLL"
HELD, RELEASED = "held", "released"
_OPEN_HERE: set[str] = set()  # the runs holding a lock in this process (an in-process caller may apply again)


class Superseded(Exception):
    """Another apply ran after the account was read: the plan is stale."""


def _seconds(name: str, default: float) -> float:
    try:
        return max(0.0, float(os.environ.get(name, default)))
    except ValueError:
        return default


def _when(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


def describe(record: dict) -> str:
    return (f"by {record.get('by') or 'someone'} on {record.get('host') or 'another machine'}, since "
            f"{_when(float(record.get('at') or 0))}")


@dataclass
class ApplyLock:
    """The gate the executor opens before its first write (after PutBucket of a new bucket) and closes at the end."""

    session: object
    bucket: str
    seen: int  # the latest record discovery saw (BucketState.apply_seq)
    by: str = ""  # the caller's ARN, recorded in the account
    say: Callable[[str], None] = lambda message: None
    run: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    seq: int = 0  # the record this run holds, once open
    retry: RetryPolicy = field(default_factory=RetryPolicy)  # a 500, 503 or throttle on the lock is retried

    @property
    def action(self) -> Action:
        """Stands for the lock in a failure report (it is not an action of the plan)."""
        return Action("apply.lock", "oss", "PutObject", {"Bucket": self.bucket}, "One apply at a time per account.",
                      resource=f"oss://{self.bucket}/{APPLY_LOCK_PREFIX}")

    def _record(self, state: str, **extra) -> dict:
        now = time.time()
        return {"state": state, "run": self.run, "by": self.by, "host": socket.gethostname(), "pid": os.getpid(),
                "at": now, "expires": now + LEASE_SECONDS, **extra}

    def _put(self, seq: int, record: dict) -> bool:
        """Write record `seq` unless it exists; False when another apply wrote it first."""
        import alibabacloud_oss_v2 as oss

        body = json.dumps({"seq": seq, **record}, sort_keys=True).encode()
        def put() -> None:  # an answer without the service's request id did not come from OSS: not a lock taken
            answer = self.session.oss().put_object(oss.models.PutObjectRequest(
                bucket=self.bucket, key=apply_lock_key(seq), forbid_overwrite=True, content_type="application/json",
                body=body))
            from_the_service(getattr(answer, "request_id", "") or "", "x-oss-request-id")
        try:
            self.retry.run(put, "oss", "PutObject")
        except CloudError as error:
            if error.code == "FileAlreadyExists":
                return False  # another apply's, or this one's own when a retried write had taken effect
            raise
        return True

    def _latest(self) -> tuple[int, dict]:
        """The latest record's number and content (0 and {} when there is none), each read retried."""
        client = self.session.oss()
        latest = self.retry.run(lambda: apply_records.latest(client, self.bucket), "oss", "ListObjectsV2")
        if not latest:
            return 0, {}
        return latest, self.retry.run(lambda: apply_records.record(client, self.bucket, latest), "oss", "GetObject")

    def _stale(self, record: dict) -> bool:
        if float(record.get("expires") or 0) < time.time():
            return True
        if record.get("host") != socket.gethostname():
            return False
        pid = int(record.get("pid") or 0)
        if pid == os.getpid():  # this process: held only while that run is open here
            return record.get("run") not in _OPEN_HERE
        return not _alive(pid)

    def open(self) -> None:
        """Take the lock (waiting while another apply holds it); Superseded when another apply ran since discovery."""
        deadline, poll = time.monotonic() + _seconds(WAIT_ENV, 600), _seconds(POLL_ENV, 2.0)
        waited, claimed = False, 0
        while True:
            latest, record = self._latest()
            if latest < claimed:  # the number we were refused exists, yet the listing does not show it
                raise CloudError("oss", "ListObjectsV2", MALFORMED, f"the listing of oss://{self.bucket}/"
                                 f"{APPLY_LOCK_PREFIX} shows no record {claimed}, which exists (FileAlreadyExists): "
                                 "the answer is incomplete, so the lock cannot be taken; nothing was written",
                                 hint="run again; if it persists, something between this machine and OSS alters "
                                 "its answers")
            if record.get("state") == HELD and record.get("run") == self.run:  # a retried write had taken effect
                self._hold(latest)
                return self._superseded_since_read(latest - 1)
            held = record.get("state") == HELD
            if held and not self._stale(record):
                if not waited:
                    self.say(f"Another apply is running on this account ({describe(record)}); waiting for it to "
                             "finish...")
                    waited = True
                if time.monotonic() > deadline:
                    raise CloudError("oss", "PutObject", "ApplyLockHeld", f"another apply holds this account's lock "
                                     f"({describe(record)}, lease until {_when(float(record['expires']))}): nothing "
                                     "was written; run again once it has finished", hint="the lock is "
                                     f"oss://{self.bucket}/{apply_lock_key(latest)}")
                time.sleep(poll)
                continue
            taken = {"took_over": latest} if held else {}
            if not self._put(latest + 1, self._record(HELD, **taken)):
                claimed = latest + 1
                continue  # another apply took that number first: look again (the listing now shows it)
            self._hold(latest + 1)
            if held:
                self.say(f"Took over the apply lock of a run that is no longer running ({describe(record)}).")
            return self._superseded_since_read(latest)

    def _hold(self, seq: int) -> None:
        self.seq = seq
        _OPEN_HERE.add(self.run)

    def _superseded_since_read(self, before: int) -> None:
        """Holding the lock: if a record newer than discovery's was written before ours, the plan is stale."""
        if before > self.seen:
            self.close("superseded")
            client = self.session.oss()
            try:
                record = self.retry.run(lambda: apply_records.record(client, self.bucket, before), "oss", "GetObject")
            except CloudError:
                record = {}
            raise Superseded(f"Another apply ran on this account after it was read ({describe(record)}): "
                             "reading the account again and re-planning.")

    def close(self, outcome: str) -> None:
        """Let go (best effort: a lock that cannot be released is taken over after its lease)."""
        if not self.seq:
            return
        try:
            self._put(self.seq + 1, self._record(RELEASED, outcome=outcome, released=self.seq))
        except CloudError as error:
            self.say(f"Could not release the apply lock ({error.code}); it lapses after {LEASE_SECONDS // 60} "
                     "minutes, or when this machine runs apply again.")
        self.seq = 0
        _OPEN_HERE.discard(self.run)


@dataclass
class MachineLock:
    """The degraded lock for settings without OSS: one apply at a time on this machine (a file lock, which the
    system lets go when its process ends, however it ends)."""

    path: object  # pathlib.Path beside the journal
    say: Callable[[str], None] = lambda message: None
    _handle: object = None

    @property
    def action(self) -> Action:
        return Action("apply.lock", "local", "flock", {}, "One apply at a time on this machine.",
                      resource=f"file://{self.path}")

    def open(self) -> None:
        import fcntl

        deadline, poll = time.monotonic() + _seconds(WAIT_ENV, 600), _seconds(POLL_ENV, 2.0)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+")  # noqa: SIM115 - held until close()
        waited = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self._handle = handle
                return
            except BlockingIOError:
                if not waited:
                    self.say("Another apply is running on this machine for this account; waiting for it to finish...")
                    waited = True
                if time.monotonic() > deadline:
                    handle.close()
                    raise CloudError("local", "flock", "ApplyLockHeld", "another apply on this machine holds the "
                                     f"lock ({self.path}): nothing was written; run again once it has finished")
                time.sleep(poll)

    def close(self, outcome: str) -> None:
        if self._handle is not None:
            self._handle.close()  # closing lets go of the lock
            self._handle = None
