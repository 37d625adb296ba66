"""Read helpers for discovery: one failed read becomes a ReadError, "not found" becomes absence."""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable

from ..observed import ReadError
from .errors import CloudError

FATAL_CODES = {"SignatureDoesNotMatch", "InvalidAccessKeyId.NotFound", "InvalidAccessKeyId", "SignatureNotMatch",
               "Unauthorized", "InvalidAccessKeyId.Inactive"}


@dataclass(frozen=True)
class Read:
    value: Any = None
    failed: bool = False


class Reader:
    """Runs reads concurrently on a shared pool and collects what could not be read."""

    def __init__(self, pool: ThreadPoolExecutor):
        self.pool = pool
        self.errors: list[ReadError] = []
        self._lock = threading.Lock()

    def submit(self, fn: Callable, *args) -> Future:
        return self.pool.submit(fn, *args)

    def read(self, service: str, api: str, target: str, call: Callable[[], Any], absent: tuple[str, ...] = ()) -> Read:
        """Call once; codes in `absent` mean "does not exist" (value None), other errors are recorded."""
        try:
            return Read(call())
        except Exception as error:  # noqa: BLE001 - every SDK error is turned into data here
            cloud = CloudError.from_sdk(error, service, api)
            if cloud.code in absent:
                return Read(None)
            if cloud.code in FATAL_CODES:
                raise cloud from None
            with self._lock:
                self.errors.append(ReadError(f"{api} {target}".strip(), cloud.code, cloud.detail))
            return Read(None, failed=True)
