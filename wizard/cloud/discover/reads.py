"""Read plumbing for discovery: concurrent calls, each thing read once, a failed read becomes a FailedRead.

Two pools, so chaining can never deadlock: `call` runs one SDK read (it never
waits on another future); `task` runs a step that waits on reads and launches
the next ones as soon as their input is known. Tasks are memoised by key, so
a bucket named by the settings and by a trail is read once.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable

from wizard.cloud.errors import CloudError
from wizard.cloud.retry import RetryPolicy
from wizard.core.observed import FailedRead
from wizard.core.policies.reads import READ_APIS

# Nothing at all can be read with these: stop, with the error's own hint, instead of a page of findings.
FATAL_CODES = {"SignatureDoesNotMatch", "InvalidAccessKeyId.NotFound", "InvalidAccessKeyId", "SignatureNotMatch",
               "Unauthorized", "InvalidAccessKeyId.Inactive", "InvalidSecurityToken.Expired",
               "InvalidSecurityToken.Malformed"}
MAX_CONCURRENT_CALLS = 32  # in flight at once: enough for a wide account, gentle on API rate limits


@dataclass(frozen=True)
class Taken:
    """A global name (a bucket, an SLS project) that exists and belongs to another account."""

    resource: str  # "oss://<bucket>" or "sls://<project>"


@dataclass(frozen=True)
class Read:
    value: Any = None
    failed: bool = False
    error: CloudError | None = None


class Reader:
    """Runs reads concurrently and collects what could not be read. Use as a context manager."""

    def __init__(self, retry: RetryPolicy | None = None, max_calls: int = MAX_CONCURRENT_CALLS):
        self.retry = retry or RetryPolicy(attempts=3, base_delay=0.2, max_delay=1.0)
        self.errors: list[FailedRead] = []
        self._calls = ThreadPoolExecutor(max_workers=max_calls, thread_name_prefix="discover-call")
        # Tasks only wait; the number of things worth a task (trails, buckets, projects, keys) is small.
        self._tasks = ThreadPoolExecutor(max_workers=256, thread_name_prefix="discover-task")
        self._memo: dict[Any, Future] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> "Reader":
        return self

    def __exit__(self, kind, *_exc) -> None:
        failed = kind is not None
        self._tasks.shutdown(wait=True, cancel_futures=failed)
        self._calls.shutdown(wait=True, cancel_futures=failed)

    def call(self, service: str, api: str, target: str, call: Callable[[], Any],
             absent: tuple[str, ...] = ()) -> Future:
        """Future[Read] of one SDK read, started now."""
        return self._calls.submit(self.read, service, api, target, call, absent)

    def task(self, key: Any, fn: Callable, *args) -> Future:
        """Future of fn(*args), started once per key (later callers get the same future)."""
        with self._lock:
            if key not in self._memo:
                self._memo[key] = self._tasks.submit(fn, *args)
            return self._memo[key]

    def tasks(self, kind: str) -> list[Future]:
        """Every task started so far whose key is (kind, ...)."""
        with self._lock:
            return [f for k, f in self._memo.items() if isinstance(k, tuple) and k[0] == kind]

    def task_items(self, kind: str) -> list[tuple[tuple, Future]]:
        """(key, future) of every task started so far whose key is (kind, ...)."""
        with self._lock:
            return [(k, f) for k, f in self._memo.items() if isinstance(k, tuple) and k[0] == kind]

    def read(self, service: str, api: str, target: str, call: Callable[[], Any], absent: tuple[str, ...] = ()) -> Read:
        """Call (transient errors retried); codes in `absent` mean "does not exist", other errors are recorded."""
        if (service, api) not in READ_APIS:  # the operator policy grants only listed reads
            raise ValueError(f"{service} {api} is not a listed read API (wizard/core/policies/reads.py)")
        try:
            return Read(self.retry.run(call, service, api))
        except CloudError as cloud:
            if cloud.code in absent:
                return Read(None)
            if cloud.endpoint:  # OSS: "address this bucket through <endpoint>"; the caller reads again there
                return Read(None, failed=True, error=cloud)
            if cloud.code in FATAL_CODES and not _denied_on_a_resource(cloud):
                raise cloud from None
            with self._lock:
                self.errors.append(FailedRead(f"{api} {target}".strip(), cloud.code, cloud.detail))
            return Read(None, failed=True, error=cloud)

    def drop_errors_about(self, targets: set[str]) -> None:
        """Forget the failed reads of things that turned out to be another account's (they are not ours to read)."""
        with self._lock:
            self.errors = [e for e in self.errors if e.what.partition(" ")[2].split("/")[0] not in targets]


def _denied_on_a_resource(error: CloudError) -> bool:
    """SLS answers 401 Unauthorized both for a bad key and for a key that may not act on one resource; only the
    first stops everything (identity has been read by then, so the key itself is known to work)."""
    return error.code == "Unauthorized" and "denied by sts or ram" in error.detail
