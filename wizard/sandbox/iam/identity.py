"""Who a signing key acts as: the account's root, a RAM user, or a RAM role's session (STS AssumeRole).

An access key's principal is "root", "user/<name>" or "assumed-role/<role>/<session>" (state/account.py). This
module turns one into the `Identity` the request log records and an ActionTrail event names (userIdentity:
type root-account | ram-user | assumed-role, principalId, accountId, userName, accessKeyId), and into the
`Caller` a resource-based policy (a bucket policy, a role's trust policy) is matched against.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..services.ram import models as ram
from ..state.account import ROOT, AccessKey
from .policy import Caller

ROOT_ACCOUNT, RAM_USER, ASSUMED_ROLE = "root-account", "ram-user", "assumed-role"


@dataclass(frozen=True)
class Identity:
    type: str  # root-account | ram-user | assumed-role
    account_id: str
    principal_id: str  # the account id | the user's id | <role id>:<session>
    user_name: str  # "root" | the user's name | <role>:<session>
    access_key_id: str
    arn: str
    role_name: str = ""
    session_name: str = ""

    def to_json(self) -> dict:
        return asdict(self)

    @property
    def caller(self) -> Caller:
        return Caller(self.account_id, self.arn, self.principal_id)


def role_and_session(principal: str) -> tuple[str, str]:
    _, role, session = (principal.split("/", 2) + ["", ""])[:3]
    return role, session


def identity_of(store, key: AccessKey) -> Identity:
    """The identity behind a key, with ids read from the key's account's RAM (`store` is that account's view)."""
    account = key.account_id
    if key.principal == ROOT:
        return Identity(ROOT_ACCOUNT, account, account, "root", key.access_key_id, f"acs:ram::{account}:root")
    if key.principal.startswith("user/"):
        name = key.principal.removeprefix("user/")
        user_id = (ram.find_entity(store, "User", name) or {}).get("UserId", "")
        return Identity(RAM_USER, account, user_id, name, key.access_key_id, f"acs:ram::{account}:user/{name}")
    role, session = role_and_session(key.principal)
    role_id = (ram.find_entity(store, "Role", role) or {}).get("RoleId", "")
    return Identity(ASSUMED_ROLE, account, f"{role_id}:{session}", f"{role}:{session}", key.access_key_id,
                    f"acs:ram::{account}:assumed-role/{role.lower()}/{session}", role, session)
