"""Least privilege end to end on the sandbox: the auditor policy after apply and after drift (RAM's five-version
limit, the default never deleted), extra admins and broad policies reported with the exact detach command, and
`policy` reading the account id and key."""

from __future__ import annotations

import json

import pytest
from alibabacloud_ram20150501 import models as ram

from tests.support.cli import run, writes
from tests.support.clients import error_of, ram_client
from wizard.core.policies.documents import auditor_policy, same_document
from wizard.core.settings_file import load_settings

BASELINE = "examples/baseline.toml"
AUDITOR = "ActionTrailAuditorReadOnly"
SETTINGS = load_settings(BASELINE)
DOC = '{"Version":"1","Statement":[{"Effect":"Allow","Action":["actiontrail:LookupEvents"],"Resource":"*"}]}'


pytestmark = pytest.mark.usefixtures("private_state_dirs")  # tests/conftest.py: this test's own journal and settings


def _versions(client, name=AUDITOR):
    return client.list_policy_versions(ram.ListPolicyVersionsRequest(policy_type="Custom", policy_name=name)) \
        .body.policy_versions.policy_version


def _default(client, name=AUDITOR):
    return client.get_policy(ram.GetPolicyRequest(policy_type="Custom", policy_name=name)).body.default_policy_version


def _key_arn(sandbox):
    from alibabacloud_kms20160120 import models as kms

    from tests.support.clients import kms_client

    return kms_client(sandbox).describe_key(kms.DescribeKeyRequest(
        key_id="alias/actiontrail-actiontrail-baseline")).body.key_metadata.arn


def _wanted(sandbox) -> dict:
    return auditor_policy(SETTINGS, sandbox.account.account_id, _key_arn(sandbox))


def test_rotation_never_deletes_the_default_version(sandbox):
    client = ram_client(sandbox)
    client.create_policy(ram.CreatePolicyRequest(policy_name="P", policy_document=DOC))
    for n in range(2, 6):
        client.create_policy_version(ram.CreatePolicyVersionRequest(
            policy_name="P", policy_document=DOC.replace("LookupEvents", f"Get{n}"), set_as_default=False))
    # v1 is the default and the oldest: rotation must drop v2, the oldest non-default, never v1
    client.create_policy_version(ram.CreatePolicyVersionRequest(
        policy_name="P", policy_document=DOC, rotate_strategy="DeleteOldestNonDefaultVersionWhenLimitExceeded"))
    assert [v.version_id for v in _versions(client, "P")] == ["v6", "v5", "v4", "v3", "v1"]
    assert _default(client, "P").version_id == "v1"
    assert error_of(client.delete_policy_version, ram.DeletePolicyVersionRequest(
        policy_name="P", version_id="v1")).code == "DeleteConflict.PolicyVersion.Default"
    assert error_of(client.create_policy_version, ram.CreatePolicyVersionRequest(
        policy_name="P", policy_document=DOC, rotate_strategy="Sometimes")).code == "InvalidParameter.RotateStrategy"
    client.set_default_policy_version(ram.SetDefaultPolicyVersionRequest(policy_name="P", version_id="v4"))
    assert _default(client, "P").version_id == "v4"
    assert error_of(client.set_default_policy_version, ram.SetDefaultPolicyVersionRequest(
        policy_name="P", version_id="v2")).code == "EntityNotExist.Policy.Version"


def test_apply_creates_attaches_and_heals_the_auditor_policy_within_five_versions(sandbox):
    assert run(sandbox, "apply", "--config", BASELINE, "--yes").code == 0
    client = ram_client(sandbox)
    default = _default(client)
    assert default.version_id == "v1" and same_document(default.policy_document, _wanted(sandbox))
    holders = client.list_entities_for_policy(ram.ListEntitiesForPolicyRequest(
        policy_type="Custom", policy_name=AUDITOR)).body
    assert [g.group_name for g in holders.groups.group] == ["security-auditors"]

    # Drift, round after round: someone edits the document (a new default), or makes an old version the default.
    broad = DOC.replace('["actiontrail:LookupEvents"]', '["actiontrail:*","oss:*"]')
    for round_number in range(4):
        if round_number % 2 == 0:
            client.create_policy_version(ram.CreatePolicyVersionRequest(
                policy_name=AUDITOR, policy_document=broad, set_as_default=True,
                rotate_strategy="DeleteOldestNonDefaultVersionWhenLimitExceeded"))
        else:
            newest_broad = next(v for v in _versions(client) if not same_document(v.policy_document, _wanted(sandbox)))
            client.set_default_policy_version(ram.SetDefaultPolicyVersionRequest(
                policy_name=AUDITOR, version_id=newest_broad.version_id))
        audit = run(sandbox, "audit", "--config", BASELINE)
        assert audit.code == 2 and "policy ActionTrailAuditorReadOnly differs" in audit.out
        before = len(sandbox.requests())
        healed = run(sandbox, "apply", "--config", BASELINE, "--yes")
        assert healed.code == 0, healed.out + healed.err
        assert writes(sandbox, before) == ["CreatePolicyVersion"]
        default = _default(client)
        assert same_document(default.policy_document, _wanted(sandbox))
        versions = _versions(client)
        assert len(versions) <= 5 and [v.version_id for v in versions if v.is_default_version] == \
            [default.version_id]
    assert len(_versions(client)) == 5  # six versions were written after v1: RAM kept five, the default among them


def test_extra_admins_and_broad_policies_are_reported_with_the_exact_detach_command(sandbox):
    assert run(sandbox, "apply", "--config", BASELINE, "--yes").code == 0
    client = ram_client(sandbox)
    trust = '{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"RAM":["acs:ram::1:root"]}}],' \
            '"Version":"1"}'
    client.create_role(ram.CreateRoleRequest(role_name="ci-deployer", assume_role_policy_document=trust))
    client.create_policy(ram.CreatePolicyRequest(policy_name="TrailAdmin", policy_document=json.dumps(
        {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "actiontrail:*", "Resource": "*"}]})))
    client.attach_policy_to_role(ram.AttachPolicyToRoleRequest(policy_type="Custom", policy_name="TrailAdmin",
                                                               role_name="ci-deployer"))
    client.attach_policy_to_user(ram.AttachPolicyToUserRequest(
        policy_type="System", policy_name="AliyunActionTrailFullAccess", user_name="ops-intern"))
    client.create_policy(ram.CreatePolicyRequest(policy_name="ArchiveEverything", policy_document=json.dumps(
        {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:*",
                                        "Resource": "acs:oss:*:*:acme-actiontrail/*"}]})))
    client.create_group(ram.CreateGroupRequest(group_name="data-team"))
    client.attach_policy_to_group(ram.AttachPolicyToGroupRequest(policy_type="Custom", policy_name="ArchiveEverything",
                                                                 group_name="data-team"))

    audit = run(sandbox, "audit", "--config", BASELINE, "--format", "json")
    admins = next(f for f in json.loads(audit.out)["findings"] if f["rule"] == "AT-RAM-ADMINS")
    assert audit.code == 2 and admins["status"] == "fail"
    for expected in ("role:ci-deployer holds TrailAdmin", "user:ops-intern holds AliyunActionTrailFullAccess",
                     "group:data-team holds ArchiveEverything (fails the lint: statement 1: oss:* on the trail bucket "
                     "acme-actiontrail)", "group:actiontrail-admins (AliyunActionTrailFullAccess)"):
        assert expected in admins["evidence"]
    assert "group:actiontrail-admins holds" not in admins["evidence"]  # the admin group is in access.admins

    before = len(sandbox.requests())
    plan = run(sandbox, "plan", "--config", BASELINE, "--format", "json")
    assert plan.code == 0 and writes(sandbox, before) == []  # nothing to change: blocked items only
    commands = sorted(b["command"] for b in json.loads(plan.out)["blocked"] if "AT-RAM-ADMINS" in b["rule"])
    assert commands == [
        "aliyun ram DetachPolicyFromGroup --PolicyType Custom --PolicyName ArchiveEverything --GroupName data-team",
        "aliyun ram DetachPolicyFromRole --PolicyType Custom --PolicyName TrailAdmin --RoleName ci-deployer",
        "aliyun ram DetachPolicyFromUser --PolicyType System --PolicyName AliyunActionTrailFullAccess "
        "--UserName ops-intern"]
    applied = run(sandbox, "apply", "--config", BASELINE, "--yes")
    assert applied.code == 2 and not [w for w in writes(sandbox, before) if w.startswith("Detach")]

    # A human runs the three commands (here: the same calls through the SDK); the audit then passes.
    client.detach_policy_from_group(ram.DetachPolicyFromGroupRequest(
        policy_type="Custom", policy_name="ArchiveEverything", group_name="data-team"))
    client.detach_policy_from_role(ram.DetachPolicyFromRoleRequest(
        policy_type="Custom", policy_name="TrailAdmin", role_name="ci-deployer"))
    client.detach_policy_from_user(ram.DetachPolicyFromUserRequest(
        policy_type="System", policy_name="AliyunActionTrailFullAccess", user_name="ops-intern"))
    assert run(sandbox, "audit", "--config", BASELINE).code == 0


def test_policy_command_names_the_account_and_key_when_connected(sandbox):
    assert run(sandbox, "apply", "--config", BASELINE, "--yes").code == 0
    before = len(sandbox.requests())
    printed = run(sandbox, "policy", "auditor", "--config", BASELINE)
    assert printed.code == 0 and "passes the policy lint" in printed.err
    assert json.loads(printed.out) == _wanted(sandbox)
    assert writes(sandbox, before) == []
    # what apply attached is exactly what `policy auditor` prints
    assert same_document(_default(ram_client(sandbox)).policy_document, json.loads(printed.out))
    operator = run(sandbox, "policy", "operator", "--config", BASELINE, "--mode", "plan")
    resources = {r for s in json.loads(operator.out)["Statement"] for r in s["Resource"]}
    assert f"acs:kms:cn-hangzhou:{sandbox.account.account_id}:key/{_key_arn(sandbox).rpartition('/')[2]}" in resources
