"""The sandbox's one account and its access key, created on first start and kept in the state file.

A new account is not empty: the caller passes a `seed` that fills it in the same transaction
(server.py passes RAM's starter principals, services/ram/models.py). The seed is a hook, not an
import, so state/ never depends on services/.
"""

from __future__ import annotations

import secrets
import string
import time
from dataclasses import dataclass
from typing import Callable

from . import ids
from .store import Store

Seed = Callable[[Store, str], None]  # (store, creation time as 2024-05-01T08:00:00Z)


@dataclass(frozen=True)
class Account:
    account_id: str
    access_key_id: str
    access_key_secret: str

    def secret_for(self, access_key_id: str) -> str | None:
        """The secret of a known access key id, None when the id is unknown."""
        return self.access_key_secret if access_key_id == self.access_key_id else None


def _random(alphabet: str, length: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def ensure_account(store: Store, access_key_secret: str | None = None, deterministic: bool = False,
                   seed: Seed | None = None) -> Account:
    """Load the account from the store, creating (and seeding) it on first use.

    `access_key_secret` replaces the stored secret (tests use a canary value); `deterministic` makes a new
    account's ids and every later generated id repeatable.
    """
    with store.transaction():
        account_id = store.meta("account_id")
        if account_id is None:
            if deterministic:  # screenshots and snapshot tests: the same ids on every run
                ids.make_deterministic(store)
            account_id = "1234567890123456" if deterministic else "1" + _random(string.digits, 15)
            store.set_meta("account_id", account_id)
            key_id = "LTAI5tSandboxDemoKey01" if deterministic else "LTAI5t" + _random(
                string.ascii_letters + string.digits, 18)
            store.set_meta("access_key_id", key_id)
            store.set_meta("access_key_secret", _random(string.ascii_letters + string.digits, 30))
            if seed is not None:
                seed(store, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
        if access_key_secret:
            store.set_meta("access_key_secret", access_key_secret)
        return Account(
            account_id=account_id,
            access_key_id=store.meta("access_key_id") or "",
            access_key_secret=store.meta("access_key_secret") or "",
        )
