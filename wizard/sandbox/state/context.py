"""What a service handler gets besides the request: the state, the account, and where the request was routed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from . import clock, ids
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
        """The sandbox clock (state/clock.py)."""
        return clock.now(self.store)

    def uuid(self) -> uuid.UUID:
        """A fresh id (state/ids.py): random, or a counter in a deterministic sandbox."""
        return ids.new_uuid(self.store)

    def request_id(self) -> str:
        return ids.request_id(self.store)
