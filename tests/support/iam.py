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
