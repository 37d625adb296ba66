"""RAM identities on a sandbox, made with the official RAM SDK: a user holding exactly some policies, its key as a
target the client helpers (tests/support/clients.py) and the CLI runner (tests/support/cli.py) accept.

`user_with(sandbox, "alice", {"Version": "1", ...}, system=["AliyunOSSFullAccess"], groups=["auditors"])` creates
the user, one custom policy per document (named `<user>-<n>`), attaches them and the system policies, adds it to
the groups, and returns a target whose `account` is the user's access key.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

from tests.support.clients import ram_client


def as_key(sandbox, key_id: str, secret: str, token: str = "") -> SimpleNamespace:
    return SimpleNamespace(url=sandbox.url, ca_bundle=sandbox.ca_bundle,
                           account=SimpleNamespace(access_key_id=key_id, access_key_secret=secret,
                                                   security_token=token,
                                                   account_id=sandbox.account.account_id))


def user_with(sandbox, name: str, *documents: dict, system: tuple | list = (), groups: tuple | list = (),
              admin=None) -> SimpleNamespace:
    from alibabacloud_ram20150501 import models as ram

    client = ram_client(admin or sandbox)
    existing = {u.user_name for u in client.list_users(ram.ListUsersRequest(max_items=1000)).body.users.user}
    if name not in existing:
        client.create_user(ram.CreateUserRequest(user_name=name))
    for number, document in enumerate(documents, start=1):
        policy = f"{name}-{number}"
        client.create_policy(ram.CreatePolicyRequest(policy_name=policy, policy_document=json.dumps(document)))
        client.attach_policy_to_user(ram.AttachPolicyToUserRequest(policy_type="Custom", policy_name=policy,
                                                                   user_name=name))
    for policy in system:
        client.attach_policy_to_user(ram.AttachPolicyToUserRequest(policy_type="System", policy_name=policy,
                                                                   user_name=name))
    for group in groups:
        client.add_user_to_group(ram.AddUserToGroupRequest(user_name=name, group_name=group))
    made = client.create_access_key(ram.CreateAccessKeyRequest(user_name=name)).body.access_key
    return as_key(sandbox, made.access_key_id, made.access_key_secret)


def allow(actions, resources="*", condition: dict | None = None) -> dict:
    """A one-statement Allow document."""
    statement = {"Effect": "Allow", "Action": actions, "Resource": resources}
    if condition:
        statement["Condition"] = condition
    return {"Version": "1", "Statement": [statement]}


def document_of(sandbox, kind: str, config, *options: str) -> dict:
    """`actiontrail-wizard policy KIND --config FILE` as the account's root reads it (the account id, the key)."""
    from tests.support.cli import run

    made = run(sandbox, "policy", kind, "--config", str(config), *options)
    assert made.code == 0, made.err
    return json.loads(made.out)


def without_action(document: dict, action: str) -> dict:
    """The document with one action taken out of every Allow statement (a statement left empty goes)."""
    statements = []
    for statement in document["Statement"]:
        actions = [a for a in statement["Action"]] if isinstance(statement["Action"], list) else [statement["Action"]]
        if statement["Effect"] == "Allow":
            actions = [a for a in actions if a != action]
        if actions:
            statements.append({**statement, "Action": actions})
    return {**document, "Statement": statements}


def allowed_actions(document: dict) -> list[str]:
    return sorted({a for s in document["Statement"] if s["Effect"] == "Allow"
                   for a in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]])})


def run_as(sandbox, user, monkeypatch, *args):
    """The wizard's CLI signing with a RAM user's key (the environment, as a user would export it)."""
    from tests.support.cli import run

    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", user.account.access_key_id)
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", user.account.access_key_secret)
    try:
        return run(sandbox, *args)
    finally:
        monkeypatch.delenv("ALIBABA_CLOUD_ACCESS_KEY_ID")
        monkeypatch.delenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET")


def denials(sandbox, since: int = 0) -> list[tuple[str, str]]:
    """(operation, the `<action> <resource>` denied) of every request RAM refused, in the request log."""
    return [(r["operation"], r.get("denied", "")) for r in sandbox.requests()[since:]
            if r.get("decision") in ("ExplicitDeny", "ImplicitDeny")]


def user_in_group_with(sandbox, name: str, group: str, document: dict) -> SimpleNamespace:
    """A user holding `document` through its own group (CIS 1.16: policies on groups, never on users)."""
    from alibabacloud_ram20150501 import models as ram

    client = ram_client(sandbox)
    client.create_group(ram.CreateGroupRequest(group_name=group))
    policy = f"{group}-policy"[:128]
    client.create_policy(ram.CreatePolicyRequest(policy_name=policy, policy_document=json.dumps(document)))
    client.attach_policy_to_group(ram.AttachPolicyToGroupRequest(policy_type="Custom", policy_name=policy,
                                                                 group_name=group))
    return user_with(sandbox, name, groups=[group])


def approving(text: str, group: str) -> str:
    """Settings text whose access.admins also approves `group` (after the admin group, which stays first)."""
    line = next(line for line in text.splitlines() if line.startswith("admins = ["))
    head, _, tail = line.partition("]")
    return text.replace(line, f'{head}, "group:{group}"]{tail}', 1)
