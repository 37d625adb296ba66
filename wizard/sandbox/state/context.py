"""What a service handler gets besides the request: the caller, its account's view of the state, and the route.

A handler's signature check asks `secret_for(access key id)`; the key it resolves becomes the
`caller`, and from then on `store` is that account's view (state/scope.py) and `account` that
account. Before a key has been resolved (an injected fault's answer), both are the first account's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from . import clock, ids
from .account import AccessKey, Account, Accounts
from .scope import AccountStore
from .store import Store


@dataclass
class Context:
    root_store: Store
    accounts: Accounts
    service: str  # sts | actiontrail | kms | ram | oss | sls | resourcemanager
    region: str  # region from the host name ("" for global services)
    subdomain: str = ""  # bucket (OSS) or project (SLS) from a virtual host, else ""
    caller: AccessKey | None = None  # the key that signed the request, once it is known
    nonces: object = None  # the server's http.freshness.NonceBook: RPC signature nonces already used

    def secret_for(self, access_key_id: str) -> str | None:
        """The secret of an active access key (None when unknown); remembers its holder as the caller."""
        key = self.accounts.key(access_key_id)
        if key is None:
            return None
        self.caller = key
        return key.access_key_secret

    @property
    def account_id(self) -> str:
        return self.caller.account_id if self.caller else self.accounts.first.account_id

    @property
    def account(self) -> Account:
        """The caller's account (its id is what handlers need)."""
        if self.caller is None or self.caller.account_id == self.accounts.first.account_id:
            return self.accounts.first
        return Account(self.caller.account_id, "", "")

    @property
    def store(self) -> AccountStore:
        """The state as the caller's account sees it."""
        return AccountStore(self.root_store, self.account_id)

    def now(self) -> float:
        """The sandbox clock (state/clock.py)."""
        return clock.now(self.root_store)

    def uuid(self) -> uuid.UUID:
        """A fresh id (state/ids.py): random, or a counter in a deterministic sandbox."""
        return ids.new_uuid(self.root_store)

    def request_id(self) -> str:
        return ids.request_id(self.root_store)
