"""Read helpers for discovery: one failed read becomes a ReadError, "not found" becomes absence."""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable

from ..observed import ReadError
from .errors import CloudError
from .retry import RetryPolicy

FATAL_CODES = {"SignatureDoesNotMatch", "InvalidAccessKeyId.NotFound", "InvalidAccessKeyId", "SignatureNotMatch",
               "Unauthorized", "InvalidAccessKeyId.Inactive"}


@dataclass(frozen=True)
class Read:
    value: Any = None
    failed: bool = False


class Reader:
    """Runs reads concurrently on a shared pool and collects what could not be read."""

    def __init__(self, pool: ThreadPoolExecutor, retry: RetryPolicy | None = None):
        self.pool = pool
        self.retry = retry or RetryPolicy(attempts=3, base_delay=0.2, max_delay=1.0)
        self.errors: list[ReadError] = []
        self._lock = threading.Lock()

    def submit(self, fn: Callable, *args) -> Future:
        return self.pool.submit(fn, *args)

    def read(self, service: str, api: str, target: str, call: Callable[[], Any], absent: tuple[str, ...] = ()) -> Read:
        """Call (transient errors retried); codes in `absent` mean "does not exist", other errors are recorded."""
        try:
            return Read(self.retry.run(call, service, api))
        except CloudError as cloud:
            if cloud.code in absent:
                return Read(None)
            if cloud.code in FATAL_CODES:
                raise cloud from None
            with self._lock:
                self.errors.append(ReadError(f"{api} {target}".strip(), cloud.code, cloud.detail))
            return Read(None, failed=True)
