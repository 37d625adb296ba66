"""The RAM reads account-security scanners make (FIDELITY.md, "RAM: identities"), with documented shapes and
not-found codes; a RAM user's access key signs as that user; the sandbox's own key is the root account's."""

from __future__ import annotations

import json

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from alibabacloud_ram20150501 import models as ram

from tests.support.clients import error_of, ram_client, sts_client

ROOT = Path(__file__).resolve().parents[2]


def test_a_scanner_reads_every_user_and_group_the_documented_way(sandbox):
    client = ram_client(sandbox)
    client.add_user_to_group(ram.AddUserToGroupRequest(user_name="cloud-admin", group_name="security-auditors"))
    client.create_login_profile(ram.CreateLoginProfileRequest(user_name="cloud-admin", password="Str0ng-enough!",
                                                              mfabind_required=True))
    for user in client.list_users(ram.ListUsersRequest()).body.users.user:
        got = client.get_user(ram.GetUserRequest(user_name=user.user_name)).body.user
        assert (got.user_name, got.user_id) == (user.user_name, user.user_id) and got.create_date
        assert client.list_access_keys(ram.ListAccessKeysRequest(user_name=user.user_name)).body.access_keys.access_key == []
    profile = client.get_login_profile(ram.GetLoginProfileRequest(user_name="cloud-admin")).body.login_profile
    assert (profile.user_name, profile.mfabind_required, profile.password_reset_required) == ("cloud-admin", True, False)
    groups = client.list_groups_for_user(ram.ListGroupsForUserRequest(user_name="cloud-admin")).body.groups.group
    # the well-run starter has cloud-admin in its admin group already (services/ram/starter.py)
    assert [g.group_name for g in groups] == ["actiontrail-admins", "security-auditors"] and groups[0].join_date
    group = client.get_group(ram.GetGroupRequest(group_name="security-auditors")).body.group
    assert group.group_name == "security-auditors" and group.group_id
    members = client.list_users_for_group(ram.ListUsersForGroupRequest(group_name="security-auditors")).body
    assert [u.user_name for u in members.users.user] == ["cloud-admin"] and members.is_truncated is False


def test_the_account_wide_settings_answer_with_their_defaults(sandbox):
    client = ram_client(sandbox)
    policy = client.get_password_policy().body.password_policy
    assert (policy.minimum_password_length, policy.hard_expiry, policy.max_password_age,
            policy.password_reuse_prevention) == (8, False, 0, 0)
    assert client.get_account_alias().body.account_alias == sandbox.account.account_id
    preference = client.get_security_preference().body.security_preference
    assert preference.login_profile_preference.login_session_duration == 6
    assert preference.access_key_preference.allow_user_to_manage_access_keys is False
    assert client.list_virtual_mfadevices().body.virtual_mfadevices.virtual_mfadevice == []


def test_the_sandbox_key_belongs_to_the_root_account(sandbox):
    client = ram_client(sandbox)
    own = client.list_access_keys(ram.ListAccessKeysRequest()).body.access_keys.access_key
    assert [(k.access_key_id, k.status) for k in own] == [(sandbox.account.access_key_id, "Active")]
    assert sts_client(sandbox).get_caller_identity().body.identity_type == "Account"
    users = [u.user_name for u in client.list_users(ram.ListUsersRequest()).body.users.user]
    assert all(client.list_access_keys(ram.ListAccessKeysRequest(user_name=u)).body.access_keys.access_key == []
               for u in users)


def test_a_users_new_access_key_signs_as_that_user(sandbox):
    client = ram_client(sandbox)
    made = client.create_access_key(ram.CreateAccessKeyRequest(user_name="ops-intern")).body.access_key
    assert made.access_key_secret and made.status == "Active"
    listed = client.list_access_keys(ram.ListAccessKeysRequest(user_name="ops-intern")).body.access_keys.access_key
    assert [k.access_key_id for k in listed] == [made.access_key_id]
    as_user = SimpleNamespace(url=sandbox.url, ca_bundle=sandbox.ca_bundle,
                              account=SimpleNamespace(access_key_id=made.access_key_id,
                                                      access_key_secret=made.access_key_secret))
    identity = sts_client(as_user).get_caller_identity().body
    user_id = client.get_user(ram.GetUserRequest(user_name="ops-intern")).body.user.user_id
    assert (identity.identity_type, identity.arn, identity.user_id, identity.account_id) == (
        "RAMUser", f"acs:ram::{sandbox.account.account_id}:user/ops-intern", user_id, sandbox.account.account_id)
    assert error_of(ram_client(as_user).list_access_keys, ram.ListAccessKeysRequest()).code == "NoPermission"
    allow_own_keys = json.dumps({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ram:ListAccessKeys",
                                                                "Resource": "acs:ram:*:*:user/ops-intern"}]})
    client.create_policy(ram.CreatePolicyRequest(policy_name="OwnKeys", policy_document=allow_own_keys))
    client.attach_policy_to_user(ram.AttachPolicyToUserRequest(policy_type="Custom", policy_name="OwnKeys",
                                                               user_name="ops-intern"))
    mine = ram_client(as_user).list_access_keys(ram.ListAccessKeysRequest()).body.access_keys.access_key
    assert [k.access_key_id for k in mine] == [made.access_key_id]  # without UserName: the caller's own keys
    client.create_access_key(ram.CreateAccessKeyRequest(user_name="ops-intern"))
    assert error_of(client.create_access_key, ram.CreateAccessKeyRequest(user_name="ops-intern")).code \
        == "LimitExceeded.User.AccessKey"


@pytest.mark.parametrize("call, request_, code", [
    ("get_user", ram.GetUserRequest(user_name="nobody"), "EntityNotExist.User"),
    ("list_access_keys", ram.ListAccessKeysRequest(user_name="nobody"), "EntityNotExist.User"),
    ("create_access_key", ram.CreateAccessKeyRequest(user_name="nobody"), "EntityNotExist.User"),
    ("get_login_profile", ram.GetLoginProfileRequest(user_name="nobody"), "EntityNotExist.User"),
    ("get_login_profile", ram.GetLoginProfileRequest(user_name="ops-intern"), "EntityNotExist.User.LoginProfile"),
    ("list_groups_for_user", ram.ListGroupsForUserRequest(user_name="nobody"), "EntityNotExist.User"),
    ("get_group", ram.GetGroupRequest(group_name="nobody"), "EntityNotExist.Group"),
    ("list_users_for_group", ram.ListUsersForGroupRequest(group_name="nobody"), "EntityNotExist.Group"),
])
def test_what_does_not_exist_answers_the_documented_code(sandbox, call, request_, code):
    error = error_of(getattr(ram_client(sandbox), call), request_)
    assert (error.code, error.data["statusCode"]) == (code, 404)


@pytest.mark.parametrize("marker, items", [("abc", None), ("-1", None), (None, 0), (None, 5000)])
def test_bad_paging_integers_are_a_400_not_a_500(sandbox, marker, items):
    error = error_of(ram_client(sandbox).list_users, ram.ListUsersRequest(marker=marker, max_items=items))
    assert (error.code, error.data["statusCode"]) == ("InvalidParameter", 400)


def test_starter_ids_are_the_same_on_every_run(tmp_path):
    code = "from wizard.sandbox.services.ram.models import starter_id; print(starter_id('cloud-admin'))"
    ids = {subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True).stdout
           for _ in range(2)}
    assert len(ids) == 1 and len(ids.pop().strip()) == 16
