"""Requests are fresh and used once: the time window every Alibaba Cloud gateway keeps, and RPC nonces.

A signed request whose time (x-acs-date or Timestamp for RPC/ROA, Date or x-oss-date for OSS, Date or
x-log-date for SLS) is more than 15 minutes from the server's wall clock is refused, and so is an RPC
request whose SignatureNonce that key has used before. Times are checked against the wall clock, not
the sandbox clock: it is the client's clock that signs.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

WINDOW_SECONDS = 15 * 60
MAX_NONCES = 200_000  # bounded memory: older nonces are past the window anyway


def parse_time(value: str, *formats: str) -> float | None:
    """Epoch seconds of a request time in one of the strptime `formats`, or "rfc822"; None when it does not parse."""
    for fmt in formats:
        try:
            if fmt == "rfc822":
                return parsedate_to_datetime(value).timestamp()
            return datetime.strptime(value, fmt).replace(tzinfo=timezone.utc).timestamp()
        except (TypeError, ValueError, IndexError):
            continue
    return None


def skewed(epoch: float) -> bool:
    return abs(epoch - time.time()) > WINDOW_SECONDS


class NonceBook:
    """The (access key, nonce) pairs of the last window: a second use is a replay."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def first_use(self, access_key_id: str, nonce: str) -> bool:
        now = time.time()
        with self._lock:
            if len(self._seen) >= MAX_NONCES:
                self._seen = {k: t for k, t in self._seen.items() if now - t <= WINDOW_SECONDS}
                while len(self._seen) >= MAX_NONCES:  # a flood inside one window: forget the oldest
                    self._seen.pop(next(iter(self._seen)))
            if (access_key_id, nonce) in self._seen:
                return False
            self._seen[(access_key_id, nonce)] = now
            return True
