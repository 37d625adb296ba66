"""The sandbox's starter accounts, read with the official RAM SDK: a well-run one (admins through a group, CIS 1.16)
and a deliberately messy one; on the messy one the audit catches what it must and the plan offers the admin group,
never detaching anything itself. Group membership answers as the RAM API reference documents it."""

from __future__ import annotations

import json
import urllib.request

import pytest
from alibabacloud_ram20150501 import models as ram

from tests.support.cli import run, writes
from tests.support.clients import error_of, ram_client
from wizard.sandbox.server import SandboxServer


@pytest.fixture
def messy_sandbox(tmp_path):
    with SandboxServer(tmp_path / "messy.db", starter_state="messy") as server:
        yield server


def _direct_policies(client) -> dict[str, list[str]]:
    """What a CIS 1.16 scanner reads: each RAM user's directly attached policies (ListUsers, ListPoliciesForUser)."""
    users = client.list_users(ram.ListUsersRequest()).body.users.user
    return {u.user_name: [p.policy_name for p in client.list_policies_for_user(ram.ListPoliciesForUserRequest(
        user_name=u.user_name)).body.policies.policy] for u in users}


def _make_messy(sandbox) -> dict:
    request = urllib.request.Request(f"{sandbox.url}/_sandbox/starter", data=b'{"state": "messy"}', method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def test_the_well_run_starter_holds_admin_rights_through_a_group_only(sandbox):
    client = ram_client(sandbox)
    assert _direct_policies(client) == {"cloud-admin": [], "ops-intern": []}, "CIS 1.16: nothing attached to users"
    members = client.list_users_for_group(ram.ListUsersForGroupRequest(group_name="actiontrail-admins")).body
    assert [u.user_name for u in members.users.user] == ["cloud-admin"]
    groups = client.list_groups_for_user(ram.ListGroupsForUserRequest(user_name="cloud-admin")).body
    assert [g.group_name for g in groups.groups.group] == ["actiontrail-admins"]
    group_policies = client.list_policies_for_group(ram.ListPoliciesForGroupRequest(
        group_name="actiontrail-admins")).body.policies.policy
    assert [p.policy_name for p in group_policies] == ["AliyunActionTrailFullAccess"]


def test_group_membership_answers_with_the_documented_codes(sandbox):
    client = ram_client(sandbox)
    client.create_group(ram.CreateGroupRequest(group_name="ops"))
    client.add_user_to_group(ram.AddUserToGroupRequest(group_name="ops", user_name="ops-intern"))
    again = error_of(client.add_user_to_group, ram.AddUserToGroupRequest(group_name="ops", user_name="ops-intern"))
    assert again.code == "EntityAlreadyExists.User.Group" and again.statusCode == 409
    no_user = error_of(client.add_user_to_group, ram.AddUserToGroupRequest(group_name="ops", user_name="nobody"))
    assert no_user.code == "EntityNotExist.User" and no_user.statusCode == 404
    no_group = error_of(client.list_users_for_group, ram.ListUsersForGroupRequest(group_name="nothing"))
    assert no_group.code == "EntityNotExist.Group" and no_group.statusCode == 404


def test_a_running_sandbox_is_made_messy_by_adding_never_by_removing(sandbox):
    assert _make_messy(sandbox)["state"] == "messy"
    client = ram_client(sandbox)
    assert _direct_policies(client) == {"cloud-admin": ["AliyunActionTrailFullAccess"],
                                        "ops-intern": ["AdministratorAccess"], "data-eng": ["LegacyFullAccess"]}
    members = client.list_users_for_group(ram.ListUsersForGroupRequest(group_name="actiontrail-admins")).body
    assert [u.user_name for u in members.users.user] == ["cloud-admin"], "what was there stays"
    report = json.loads(run(sandbox, "audit", "--format", "json").out)
    assert {f["rule"]: f["status"] for f in report["findings"]}["AT-RAM-ADMIN-GROUPS"] == "fail"


def test_the_messy_starter_is_caught_and_the_plan_offers_the_admin_group_without_detaching(messy_sandbox):
    sandbox = messy_sandbox
    assert _direct_policies(ram_client(sandbox)) == {"cloud-admin": ["AliyunActionTrailFullAccess"],
                                                     "ops-intern": ["AdministratorAccess"],
                                                     "data-eng": ["LegacyFullAccess"]}
    planned = json.loads(run(sandbox, "plan", "--config", "examples/baseline.toml", "--format", "json").out)
    admin = [(a["api"], a["params"]) for a in planned["actions"] if a["id"].startswith(("ram.create-admin-group",
                                                                                      "ram.attach-admin-group",
                                                                                      "ram.add-admin."))]
    assert admin == [("CreateGroup", {"GroupName": "actiontrail-admins", "Comments": "ActionTrail admins "
                                      "(actiontrail-wizard)"}),
                     ("AttachPolicyToGroup", {"PolicyType": "System", "PolicyName": "AliyunActionTrailFullAccess",
                                              "GroupName": "actiontrail-admins"}),
                     ("AddUserToGroup", {"GroupName": "actiontrail-admins", "UserName": "cloud-admin"})]
    detach = {b["command"] for b in planned["blocked"] if b.get("command", "").startswith("aliyun ram Detach")}
    assert detach == {"aliyun ram DetachPolicyFromUser --PolicyType System --PolicyName AliyunActionTrailFullAccess "
                      "--UserName cloud-admin",
                      "aliyun ram DetachPolicyFromUser --PolicyType System --PolicyName AdministratorAccess "
                      "--UserName ops-intern",
                      "aliyun ram DetachPolicyFromUser --PolicyType Custom --PolicyName LegacyFullAccess "
                      "--UserName data-eng"}
    applied = run(sandbox, "apply", "--config", "examples/baseline.toml", "--yes")
    assert applied.code == 2, "what only a human may do is left, and the audit says so"
    assert not [w for w in writes(sandbox) if w.startswith(("Delete", "Detach", "Remove", "Stop", "Disable"))]
    members = ram_client(sandbox).list_users_for_group(ram.ListUsersForGroupRequest(group_name="actiontrail-admins"))
    assert [u.user_name for u in members.body.users.user] == ["cloud-admin"]
    report = json.loads(run(sandbox, "audit", "--config", "examples/baseline.toml", "--format", "json").out)
    found = {f["rule"]: f for f in report["findings"]}
    assert {r for r, f in found.items() if f["status"] != "pass"} == {"AT-RAM-ADMINS", "AT-RAM-ADMIN-GROUPS"}
    assert "user:ops-intern holds AdministratorAccess" in found["AT-RAM-ADMINS"]["evidence"]
    assert found["AT-RAM-ADMINS"]["verdicts"]["cis"]["status"] == "fail"  # LegacyFullAccess allows *:* (CIS 1.15)
    assert "user:cloud-admin holds AliyunActionTrailFullAccess" in found["AT-RAM-ADMIN-GROUPS"]["evidence"]
