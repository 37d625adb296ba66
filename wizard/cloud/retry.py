"""Retry policy: transient failures are retried with exponential backoff and full jitter, bounded."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Callable

from .errors import CloudError

TRANSIENT_CODES = {"Throttling", "Throttling.User", "Throttling.Api", "Throttling.Resource", "ServiceUnavailable",
                   "InternalError", "InternalServerError", "RequestTimeout", "ServiceTimeout", "ConnectionError",
                   "UnknownError", "BadGateway", "GatewayTimeout", "RequestTimeTooSkewed"}
TRANSIENT_STATUS = {429, 500, 502, 503, 504}


def is_transient(error: CloudError) -> bool:
    return error.code in TRANSIENT_CODES or error.status in TRANSIENT_STATUS or error.code.startswith("Throttling")


@dataclass
class RetryPolicy:
    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 8.0
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempt: int) -> float:
        """Full jitter: uniform in [0, min(max, base * 2^attempt)]."""
        return self.rng.uniform(0, min(self.max_delay, self.base_delay * (2 ** attempt)))

    def run(self, call: Callable[[], dict], service: str, api: str,
            on_retry: Callable[[int, float, CloudError], None] = lambda *_: None) -> dict:
        for attempt in range(self.attempts):
            try:
                return call()
            except Exception as raw:  # noqa: BLE001 - every SDK error becomes a CloudError
                error = CloudError.from_sdk(raw, service, api)
                if not is_transient(error) or attempt == self.attempts - 1:
                    raise error from None
                wait = self.delay(attempt)
                on_retry(attempt + 1, wait, error)
                self.sleep(wait)
        raise AssertionError("unreachable")
