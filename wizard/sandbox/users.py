"""`actiontrail-wizard sandbox user NAME`: a RAM user of the sandbox account holding chosen policies, and its key.

So a newcomer can run the wizard as a least-privilege operator (`policy operator > op.json`, then
`sandbox user operator --policy op.json`). Everything is checked before anything is written: each --policy file
is a RAM policy document (the CreatePolicy rules), each --system-policy exists, each --group exists; then, in one
transaction, the user is created if it is new, each file becomes the custom policy `<user>-<file stem>` (reused when
its document is the same, refused when it differs), everything is attached, and a new access key is made (RAM's
limit of two per user holds). The key is printed as one JSON line, like `sandbox serve` prints the root's.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import WizardError
from .http.protocol import ApiError
from .services.ram import members, starter
from .services.ram import models as ram
from .services.ram.identities import MAX_ACCESS_KEYS
from .services.ram.system_policies import SYSTEM_POLICIES
from .state.account import Accounts, ensure_account
from .state.scope import AccountStore
from .state.store import Store


@dataclass
class UserRequest:
    name: str
    policy_files: list[Path] = field(default_factory=list)
    system_policies: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)


def _policy_name(user: str, path: Path) -> str:
    stem = re.sub(r"[^A-Za-z0-9-]+", "-", path.stem).strip("-") or "policy"
    return f"{user}-{stem}"[:128]


def _document(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise WizardError(f"--policy {path}: cannot read it ({getattr(error, 'strerror', None) or error})") from None
    try:
        return ram.checked_document(text)
    except ApiError as error:
        raise WizardError(f"--policy {path}: not a RAM policy document: {error.message}") from None


def _checked(store: AccountStore, request: UserRequest) -> list[tuple[str, str]]:
    """(policy name, document) of each file; every problem is a WizardError before anything is written."""
    if not re.fullmatch(r"[A-Za-z0-9._@-]{1,64}", request.name):
        raise WizardError(f"user name {request.name!r}: 1-64 characters of A-Z a-z 0-9 . _ @ -")
    unknown = [p for p in request.system_policies if p not in SYSTEM_POLICIES]
    if unknown:
        raise WizardError(f"--system-policy {', '.join(unknown)}: no such system policy in the sandbox (it has "
                          f"{', '.join(sorted(SYSTEM_POLICIES))})")
    missing = [g for g in request.groups if ram.find_entity(store, "Group", g) is None]
    if missing:
        groups = ", ".join(g["GroupName"] for g in ram.entities(store, "Group")) or "none"
        raise WizardError(f"--group {', '.join(missing)}: no such group in the sandbox account (it has {groups})")
    documents = [(_policy_name(request.name, path), _document(path)) for path in request.policy_files]
    for name, document in documents:
        existing = store.get(ram.POLICY_KIND, f"Custom/{name}")
        if existing and json.loads(ram.default_version(existing)["PolicyDocument"]) != json.loads(document):
            raise WizardError(f"policy {name} exists with another document; rename the file or remove the policy")
    return documents


def create_user(state: str | Path, request: UserRequest) -> dict:
    """Create (or extend) the user and give it a new access key; returns what the command prints."""
    root = Store(state)
    try:
        account = ensure_account(root, seed=starter.seed)  # a new state starts as `serve` would (well-run)
        store = AccountStore(root, account.account_id)
        accounts = Accounts(root, account)
        with root.transaction():
            documents = _checked(store, request)
            if ram.find_entity(store, "User", request.name) is None:
                ram.create_entity(store, "User", request.name, "made by `actiontrail-wizard sandbox user`",
                                  request.name, {})
            if len(accounts.keys_of(account.account_id, f"user/{request.name}")) >= MAX_ACCESS_KEYS:
                raise WizardError(f"user {request.name} already holds {MAX_ACCESS_KEYS} access keys, RAM's limit")
            attached = {(a["PolicyType"], a["PolicyName"]) for a in ram.attachments_of(store, "User", request.name)}
            for name, document in documents:
                if store.get(ram.POLICY_KIND, f"Custom/{name}") is None:
                    ram.create_policy(store, name, "made by `actiontrail-wizard sandbox user`", document)
            wanted = [("Custom", name) for name, _ in documents] + [("System", p) for p in request.system_policies]
            for policy_type, name in wanted:
                if (policy_type, name) not in attached:
                    ram.attach(store, policy_type, name, "User", request.name)
            current = {m["GroupName"] for m in members.groups_of(store, request.name)}
            for group in request.groups:
                if group not in current:
                    members.add_user_to_group(store, request.name, group)
            key = accounts.create_key(account.account_id, f"user/{request.name}")
    except ApiError as error:
        raise WizardError(f"{error.code}: {error.message}") from None
    finally:
        root.close()
    return {"user": request.name, "account_id": account.account_id, "access_key_id": key.access_key_id,
            "access_key_secret": key.access_key_secret,
            "policies": [f"{t}:{n}" for t, n in wanted], "groups": list(dict.fromkeys(request.groups))}
