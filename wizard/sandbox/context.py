"""What a service handler gets besides the request: state, account, clock, region."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from .account import Account
from .store import Store


@dataclass
class Context:
    store: Store
    account: Account
    service: str  # sts | actiontrail | kms | ram | oss | sls | resourcemanager
    region: str  # region from the host name ("" for global services)
    subdomain: str = ""  # bucket (OSS) or project (SLS) from a virtual host, else ""

    def now(self) -> float:
        """Sandbox clock: wall time plus an offset that tests can move forward (meta 'clock_offset')."""
        return time.time() + float(self.store.meta("clock_offset", "0") or 0)

    def uuid(self) -> uuid.UUID:
        """A fresh id; in a deterministic sandbox (screenshots, snapshot tests) a counter instead."""
        if self.store.meta("deterministic") != "1":
            return uuid.uuid4()
        with self.store.transaction():
            number = int(self.store.meta("id_seq", "0") or 0) + 1
            self.store.set_meta("id_seq", str(number))
        return uuid.UUID(int=(0x5A4D << 112) + number, version=4)

    def request_id(self) -> str:
        return str(self.uuid()).upper()
