"""Retry policy: transient failures are retried with exponential backoff and full jitter, bounded.

ACTIONTRAIL_WIZARD_RETRY_DELAY_SCALE (a number from 0 to 1, default 1) shrinks
every backoff delay: the fault-matrix tests set 0.001 so hundreds of retried
calls stay fast. It can only shorten the delays, never lengthen them.
"""

from __future__ import annotations

import math
import os
import random
import time
from dataclasses import dataclass, field
from typing import Callable

from wizard.cloud.errors import MALFORMED, CloudError

TRANSIENT_CODES = {"Throttling", "Throttling.User", "Throttling.Api", "Throttling.Resource", "ServiceUnavailable",
                   "InternalError", "InternalServerError", "RequestTimeout", "ServiceTimeout", "ConnectionError",
                   "UnknownError", "BadGateway", "GatewayTimeout", "RequestTimeTooSkewed"}
TRANSIENT_STATUS = {429, 500, 502, 503, 504}
DELAY_SCALE_ENV = "ACTIONTRAIL_WIZARD_RETRY_DELAY_SCALE"


def delay_scale() -> float:
    """The factor from the environment; anything that is not a number from 0 to 1 means 1."""
    try:
        scale = float(os.environ.get(DELAY_SCALE_ENV, "1"))
    except ValueError:
        return 1.0
    return scale if math.isfinite(scale) and 0 <= scale <= 1 else 1.0


def is_transient(error: CloudError) -> bool:
    if error.code == MALFORMED:  # the call may have taken effect: a retry could do it twice
        return False
    return error.code in TRANSIENT_CODES or error.status in TRANSIENT_STATUS or error.code.startswith("Throttling")


@dataclass
class RetryPolicy:
    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 8.0
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)
    scale: float = field(default_factory=delay_scale)

    def delay(self, attempt: int) -> float:
        """Full jitter: uniform in [0, min(max, base * 2^attempt)], times the scale."""
        return self.rng.uniform(0, min(self.max_delay, self.base_delay * (2 ** attempt))) * self.scale

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
