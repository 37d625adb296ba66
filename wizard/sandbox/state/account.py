"""The sandbox's accounts and their access keys: who signed a request, and as which account it acts.

The first account is created on first start and kept in the state file's meta table (so state
files of older sandboxes keep working); a new one is not empty: the caller passes a `seed` that
fills it in the same transaction (server.py passes RAM's starter principals, services/ram). The
seed is a hook, not an import, so state/ never depends on services/.

More accounts (the control endpoint's POST /_sandbox/accounts) and every further access key
(an account's root keys, a RAM user's keys from CreateAccessKey) are documents of the shared
kinds below. A request's signing key resolves to an `AccessKey`: its account, and the principal
that holds it ("root", "user/<name>", or "assumed-role/<role>/<session>" for the temporary key
STS AssumeRole issues, with its security token, expiry and session policy), which is what RAM
authorisation (iam/) and the events an account records build on.
"""

from __future__ import annotations

import secrets
import string
import time
from dataclasses import dataclass
from typing import Callable

from . import ids
from .scope import shared
from .store import Store

Seed = Callable[[Store, str], None]  # (store, creation time as 2024-05-01T08:00:00Z)
ACCOUNT_KIND, KEY_KIND = shared("sandbox.account"), shared("sandbox.access-key")
ROOT = "root"


@dataclass(frozen=True)
class Account:
    account_id: str
    access_key_id: str  # the account's first root access key
    access_key_secret: str


@dataclass(frozen=True)
class AccessKey:
    access_key_id: str
    access_key_secret: str
    account_id: str
    principal: str = ROOT  # "root", "user/<name>" or "assumed-role/<role>/<session>"
    status: str = "Active"
    created: str = ""
    security_token: str = ""  # an STS key's token: every request signed with the key must carry it
    expires: float = 0.0  # an STS key's expiry on the sandbox clock (0: never)
    session_policy: str = ""  # AssumeRole's Policy: what the session may do at most

    @property
    def user_name(self) -> str | None:
        return self.principal.removeprefix("user/") if self.principal.startswith("user/") else None


def _random(alphabet: str, length: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def new_key_id() -> str:
    return "LTAI5t" + _random(string.ascii_letters + string.digits, 18)


def new_secret() -> str:
    return _random(string.ascii_letters + string.digits, 30)


def _from_doc(doc: dict) -> AccessKey:
    return AccessKey(doc["AccessKeyId"], doc["AccessKeySecret"], doc["AccountId"], doc["Principal"], doc["Status"],
                     doc["CreateDate"], doc.get("SecurityToken", ""), float(doc.get("Expires", 0) or 0),
                     doc.get("SessionPolicy", ""))


def ensure_account(store: Store, access_key_secret: str | None = None, deterministic: bool = False,
                   seed: Seed | None = None) -> Account:
    """Load the first account from the store, creating (and seeding) it on first use.

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
            store.set_meta("access_key_id", "LTAI5tSandboxDemoKey01" if deterministic else new_key_id())
            store.set_meta("access_key_secret", new_secret())
            if seed is not None:
                seed(store, _now())
        if access_key_secret:
            store.set_meta("access_key_secret", access_key_secret)
        store.account_id = account_id
        return Account(account_id, store.meta("access_key_id") or "", store.meta("access_key_secret") or "")


class Accounts:
    """Every account of the sandbox and every access key, as the request pipeline resolves them."""

    def __init__(self, store: Store, first: Account):
        self.store, self.first = store, first

    def key(self, access_key_id: str) -> AccessKey | None:
        """The active key with this id, None when unknown or inactive."""
        if access_key_id == self.first.access_key_id:
            return AccessKey(self.first.access_key_id, self.first.access_key_secret, self.first.account_id)
        doc = self.store.get(KEY_KIND, access_key_id)
        if doc is None or doc["Status"] != "Active":
            return None
        return _from_doc(doc)

    def keys_of(self, account_id: str, principal: str) -> list[AccessKey]:
        """The keys a principal holds (the first account's root key first)."""
        found = [AccessKey(self.first.access_key_id, self.first.access_key_secret, self.first.account_id)] \
            if (account_id, principal) == (self.first.account_id, ROOT) else []
        for doc in self.store.list(KEY_KIND):
            if doc["AccountId"] == account_id and doc["Principal"] == principal and not doc.get("SecurityToken"):
                found.append(_from_doc(doc))
        return found

    def create_key(self, account_id: str, principal: str) -> AccessKey:
        made = AccessKey(new_key_id(), new_secret(), account_id, principal, "Active", _now())
        with self.store.transaction():
            self.store.put(KEY_KIND, made.access_key_id, {
                "AccessKeyId": made.access_key_id, "AccessKeySecret": made.access_key_secret,
                "AccountId": account_id, "Principal": principal, "Status": made.status, "CreateDate": made.created})
        return made

    def create_session_key(self, account_id: str, principal: str, expires: float, session_policy: str = "") \
            -> AccessKey:
        """A temporary key (STS AssumeRole): "STS." ids, a security token, an expiry on the sandbox clock."""
        made = AccessKey("STS." + _random(string.ascii_letters + string.digits, 26), new_secret(), account_id,
                         principal, "Active", _now(), "CAIS" + _random(string.ascii_letters + string.digits, 120),
                         expires, session_policy)
        with self.store.transaction():
            self.store.put(KEY_KIND, made.access_key_id, {
                "AccessKeyId": made.access_key_id, "AccessKeySecret": made.access_key_secret,
                "AccountId": account_id, "Principal": principal, "Status": made.status, "CreateDate": made.created,
                "SecurityToken": made.security_token, "Expires": expires, "SessionPolicy": session_policy})
        return made

    def delete_key(self, access_key_id: str) -> bool:
        with self.store.transaction():
            return self.store.delete(KEY_KIND, access_key_id)

    def create_account(self) -> Account:
        """A new, empty account with one root key (no starter principals: it is someone else's account)."""
        with self.store.transaction():
            account_id = "1" + _random(string.digits, 15)
            while account_id in self.ids():
                account_id = "1" + _random(string.digits, 15)
            self.store.put(ACCOUNT_KIND, account_id, {"AccountId": account_id, "CreateDate": _now()})
            key = self.create_key(account_id, ROOT)
        return Account(account_id, key.access_key_id, key.access_key_secret)

    def ids(self) -> list[str]:
        return [self.first.account_id, *(doc["AccountId"] for doc in self.store.list(ACCOUNT_KIND))]
