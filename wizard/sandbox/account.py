"""The sandbox's one account and its access key, created on first start and kept in the state file."""

from __future__ import annotations

import secrets
import string
import time
from dataclasses import dataclass

from .store import Store


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


# A new sandbox account is not empty: like most real accounts it has a few RAM principals, among them
# the admin user and the auditors group that examples/*.toml name, so onboarding can attach to them.
STARTER_USERS = ("cloud-admin", "ops-intern")
STARTER_GROUPS = ("security-auditors",)
STARTER_ATTACHMENTS = (("System", "AliyunActionTrailFullAccess", "User", "cloud-admin"),)


def _seed(store: Store, now: str) -> None:
    for name in STARTER_USERS:
        store.put("ram.user", name, {"UserName": name, "UserId": str(abs(hash(name)))[:16], "DisplayName": name,
                                     "CreateDate": now, "UpdateDate": now, "Comments": ""})
    for name in STARTER_GROUPS:
        store.put("ram.group", name, {"GroupName": name, "GroupId": str(abs(hash(name)))[:16], "DisplayName": name,
                                      "CreateDate": now, "UpdateDate": now, "Comments": ""})
    for policy_type, policy, kind, who in STARTER_ATTACHMENTS:
        store.put("ram.attachment", f"{policy_type}/{policy}/{kind}/{who}",
                  {"PolicyType": policy_type, "PolicyName": policy, "Kind": kind, "Name": who, "AttachDate": now})


def ensure_account(store: Store, access_key_secret: str | None = None, deterministic: bool = False) -> Account:
    """Load the account from the store, creating it on first use.

    `access_key_secret` replaces the stored secret (tests use a canary value); `deterministic` makes a new
    account's ids and every later generated id repeatable.
    """
    with store.transaction():
        account_id = store.meta("account_id")
        if account_id is None:
            if deterministic:  # screenshots and snapshot tests: the same ids on every run
                store.set_meta("deterministic", "1")
            account_id = "1234567890123456" if deterministic else "1" + _random(string.digits, 15)
            store.set_meta("account_id", account_id)
            key_id = "LTAI5tSandboxDemoKey01" if deterministic else "LTAI5t" + _random(
                string.ascii_letters + string.digits, 18)
            store.set_meta("access_key_id", key_id)
            store.set_meta("access_key_secret", _random(string.ascii_letters + string.digits, 30))
            _seed(store, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
        if access_key_secret:
            store.set_meta("access_key_secret", access_key_secret)
        return Account(
            account_id=account_id,
            access_key_id=store.meta("access_key_id") or "",
            access_key_secret=store.meta("access_key_secret") or "",
        )
