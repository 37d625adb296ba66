"""What a service handler gets besides the request: the caller, its account's view of the state, and the route.

A handler's signature check asks `secret_for(access key id)`; the key it resolves becomes the
`caller`, and from then on `store` is that account's view (state/scope.py) and `account` that
account. Before a key has been resolved (an injected fault's answer), both are the first account's.
A temporary (STS) key must come with its security token: `token_problem` says what is wrong with the
one a request carried, each protocol answering in its own words. RAM authorisation (iam/) leaves its
outcome in `authorization`, for the request log.
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
    authorization: object = None  # iam.authorize.Authorization: who asked, what it needed, the decision

    def secret_for(self, access_key_id: str) -> str | None:
        """The secret of an active access key (None when unknown); remembers its holder as the caller."""
        key = self.accounts.key(access_key_id)
        if key is None:
            return None
        self.caller = key
        return key.access_key_secret

    def token_problem(self, presented: str | None) -> str | None:
        """None when the caller's key needs no token or got its own; else "missing", "mismatch" or "expired"."""
        key = self.caller
        if key is None or not key.security_token:
            return None
        if not presented:
            return "missing"
        if presented != key.security_token:
            return "mismatch"
        if key.expires and self.now() >= key.expires:
            return "expired"
        return None

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
