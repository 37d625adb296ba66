"""Generated policy documents are exact and least-privilege; the lint catches broad ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.factories import ACCOUNT, settings
from wizard.cloud.apply.calls import CALLS
from wizard.core.policies.actions import PERMISSIONS
from wizard.core.policies.documents import (
    MAX_POLICY_CHARS,
    admin_policy,
    auditor_policy,
    lint,
    policy_json,
    readable_json,
    with_https_only,
)
from wizard.core.policies.lint import TrailTarget, is_write, touches
from wizard.core.policies.operator import operator_policy, planned_calls
from wizard.core.policies.reads import READ_APIS
from wizard.core.policies.transport import denies_insecure_transport
from wizard.core.settings_file import load_settings

ROOT = Path(__file__).resolve().parents[2]
BASELINE = load_settings(ROOT / "examples/baseline.toml")
OSS_ONLY = load_settings(ROOT / "tests/data/settings/oss-only.toml")
A = ACCOUNT
KEY_ARN = f"acs:kms:cn-hangzhou:{A}:key/key-1"


def _by_resource(document: dict) -> dict[tuple, set[str]]:
    """Resources -> the actions allowed on them (conditions are checked separately)."""
    found: dict[tuple, set[str]] = {}
    for statement in document["Statement"]:
        assert statement["Effect"] == "Allow"
        found.setdefault(tuple(statement["Resource"]), set()).update(statement["Action"])
    return found


def test_auditor_policy_for_the_baseline_is_exact():
    doc = auditor_policy(BASELINE, A, KEY_ARN)
    assert doc == {"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": ["actiontrail:LookupEvents", "actiontrail:Describe*", "actiontrail:Get*"],
         "Resource": [f"acs:actiontrail:*:{A}:*"]},
        {"Effect": "Allow", "Action": ["oss:GetObject"], "Resource": [
            f"acs:oss:*:{A}:acme-actiontrail/actiontrail*",
            f"acs:oss:*:{A}:acme-actiontrail/actiontrail-wizard/approved-settings/actiontrail-baseline/*"]},
        {"Effect": "Allow", "Action": ["oss:ListObjects"], "Resource": [f"acs:oss:*:{A}:acme-actiontrail"],
         "Condition": {"StringLike": {"oss:Prefix": ["actiontrail*",
                                                     "actiontrail-wizard/approved-settings/actiontrail-baseline/*"]}}},
        {"Effect": "Allow", "Action": ["oss:GetBucketInfo", "oss:GetBucketAcl", "oss:GetBucketWorm",
                                       "oss:GetBucketEncryption"], "Resource": [f"acs:oss:*:{A}:acme-actiontrail"]},
        {"Effect": "Allow", "Action": ["log:GetLogStoreLogs", "log:GetLogStoreHistogram", "log:GetLogStore",
                                       "log:GetIndex"],
         "Resource": [f"acs:log:cn-hangzhou:{A}:project/acme-actiontrail/logstore/actiontrail_actiontrail-baseline"]},
        {"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": [KEY_ARN]},
    ]}


def test_auditor_policy_for_oss_only_has_no_logstore_statement():
    doc = auditor_policy(OSS_ONLY, A, f"acs:kms:cn-shanghai:{A}:key/key-2")
    assert _by_resource(doc) == {
        (f"acs:actiontrail:*:{A}:*",): {"actiontrail:LookupEvents", "actiontrail:Describe*", "actiontrail:Get*"},
        (f"acs:oss:*:{A}:acme-actiontrail-archive/actiontrail*",
         f"acs:oss:*:{A}:acme-actiontrail-archive/actiontrail-wizard/approved-settings/actiontrail-archive/*"): {
            "oss:GetObject"},
        (f"acs:oss:*:{A}:acme-actiontrail-archive",): {"oss:ListObjects", "oss:GetBucketInfo", "oss:GetBucketAcl",
                                                       "oss:GetBucketWorm", "oss:GetBucketEncryption"},
        (f"acs:kms:cn-shanghai:{A}:key/key-2",): {"kms:Decrypt"},
    }
    assert not any(is_write(a) for s in doc["Statement"] for a in s["Action"])


def test_log_service_only_policies_read_and_write_only_the_approvals_logstore():
    sls_only = settings(oss=None)
    store = f"acs:log:cn-hangzhou:{A}:project/acme-actiontrail/logstore/actiontrail-wizard-approvals"
    operator = _by_resource(operator_policy(sls_only, A, "apply"))
    assert {a for resources, actions in operator.items() if store in resources for a in actions} == {
        "log:CreateLogStore", "log:CreateIndex", "log:PostLogStoreLogs", "log:GetLogStoreLogs"}
    trail_store = f"acs:log:cn-hangzhou:{A}:project/acme-actiontrail/logstore/actiontrail_actiontrail-baseline"
    assert operator[(store,)] == {"log:CreateIndex", "log:PostLogStoreLogs"}
    # reading logs: the approvals, and the trail's own Logstore where `verify` finds its marker
    assert operator[(store, trail_store)] == {"log:CreateLogStore", "log:GetLogStoreLogs"}
    assert _by_resource(operator_policy(sls_only, A, "plan"))[(store, trail_store)] == {"log:GetLogStoreLogs"}
    auditor = auditor_policy(sls_only, A)
    reads = next(s for s in auditor["Statement"] if "log:GetLogStoreLogs" in s["Action"])
    assert store in reads["Resource"], "auditors read what was approved"


def test_admin_policy_keeps_the_trail_running_and_never_stops_deletes_or_changes_it():
    doc = admin_policy(BASELINE, A)
    account = f"acs:actiontrail:*:{A}:*"  # ActionTrail authorises on the account, never on one trail
    allowed = {a for s in doc["Statement"] if s["Effect"] == "Allow" for a in s["Action"]}
    assert allowed == {"actiontrail:StartLogging", "actiontrail:GetTrailStatus", "actiontrail:DescribeTrails",
                       "actiontrail:LookupEvents", "actiontrail:CreateDeliveryHistoryJob",
                       "actiontrail:GetDeliveryHistoryJob", "actiontrail:ListDeliveryHistoryJobs"}
    deny = next(s for s in doc["Statement"] if s["Effect"] == "Deny")
    assert (deny["Action"], deny["Resource"]) == (
        ["actiontrail:DeleteTrail", "actiontrail:StopLogging", "actiontrail:UpdateTrail"], [account])
    assert all(s["Resource"] == [account] for s in doc["Statement"])


OPERATOR_BASELINE = {
    # ActionTrail authorises at operation level: every action on the account's region, never trail/<name>
    (f"acs:actiontrail:cn-hangzhou:{A}:*",): {
        "actiontrail:DescribeTrails", "actiontrail:GetDeliveryHistoryJob", "actiontrail:ListDeliveryHistoryJobs",
        "actiontrail:CreateTrail", "actiontrail:GetTrailStatus", "actiontrail:StartLogging",
        "actiontrail:UpdateTrail", "actiontrail:CreateDeliveryHistoryJob",
        "actiontrail:LookupEvents"},  # verify: the marker call in the event history
    (f"acs:oss:*:{A}:*",): {"oss:ListBuckets"},
    (f"acs:log:cn-hangzhou:{A}:project/*",): {"log:ListProject"},
    (f"acs:oss:*:{A}:acme-actiontrail",): {
        "oss:GetBucketInfo", "oss:GetBucketAcl", "oss:GetBucketPublicAccessBlock", "oss:GetBucketPolicy",
        "oss:GetBucketEncryption", "oss:GetBucketWorm", "oss:GetBucketVersioning", "oss:GetBucketLogging",
        "oss:PutBucket", "oss:PutBucketAcl", "oss:PutBucketPublicAccessBlock", "oss:PutBucketEncryption",
        "oss:PutBucketPolicy", "oss:PutBucketLogging", "oss:InitiateBucketWorm", "oss:CompleteBucketWorm",
        "oss:ExtendBucketWorm", "oss:ListObjects"},  # ListObjects only under the wizard's prefixes (a condition)
    # the approved-settings records and the apply lock's, and nothing else of the bucket's objects
    (f"acs:oss:*:{A}:acme-actiontrail/actiontrail-wizard/apply-lock/*",
     f"acs:oss:*:{A}:acme-actiontrail/actiontrail-wizard/approved-settings/actiontrail-baseline/*"): {"oss:PutObject"},
    # read: the records, and (verify) the trail's delivered files, searched for the marker
    (f"acs:oss:*:{A}:acme-actiontrail/actiontrail-wizard/apply-lock/*",
     f"acs:oss:*:{A}:acme-actiontrail/actiontrail-wizard/approved-settings/actiontrail-baseline/*",
     f"acs:oss:*:{A}:acme-actiontrail/actiontrail/AliyunLogs/Actiontrail/*"): {"oss:GetObject"},
    (f"acs:log:cn-hangzhou:{A}:project/acme-actiontrail",): {"log:CreateProject", "log:GetProject"},
    # the alert rules are "All Resources" on the SLS RAM page
    (f"acs:log:cn-hangzhou:{A}:*",): {"log:CreateAlert", "log:ListAlerts", "log:UpdateAlert", "log:EnableAlert"},
    (f"acs:log:cn-hangzhou:{A}:project/acme-actiontrail/logstore/actiontrail_actiontrail-baseline",): {
        "log:CreateLogStore", "log:GetLogStore", "log:UpdateLogStore", "log:UpdateLogStoreEncryption",
        "log:GetLogStoreLogs"},  # verify searches it for the marker
    # the action policy and the recipients the settings name: discovery reads them all, apply writes them
    (f"acs:log:cn-hangzhou:{A}:resource/sls.alert.action_policy",
     f"acs:log:cn-hangzhou:{A}:resource/sls.common.user"): {"log:GetResourceRecord", "log:UpsertResourceRecord"},
    (f"acs:kms:cn-hangzhou:{A}:key",): {"kms:ListKeys", "kms:CreateKey"},
    (f"acs:kms:cn-hangzhou:{A}:alias",): {"kms:ListAliases"},
    (f"acs:kms:cn-hangzhou:{A}:alias/actiontrail-actiontrail-baseline", f"acs:kms:cn-hangzhou:{A}:key/*"): {
        "kms:CreateAlias", "kms:DescribeKey"},
    # the records are SSE-KMS objects: written with a data key, read by decrypting it
    (f"acs:kms:cn-hangzhou:{A}:key/*",): {"kms:EnableKey", "kms:ListAliasesByKeyId", "kms:ListResourceTags",
                                          "kms:SetDeletionProtection", "kms:UpdateRotationPolicy",
                                          "kms:GenerateDataKey", "kms:Decrypt"},
    # the admin group's members, and those of any group holding a trail-changing policy
    (f"acs:ram:*:{A}:group/*",): {"ram:ListGroups", "ram:ListUsersForGroup"},
    (f"acs:ram:*:{A}:group/actiontrail-admins",): {"ram:CreateGroup"},
    (f"acs:ram:*:{A}:group/actiontrail-admins", f"acs:ram:*:{A}:group/security-auditors",
     f"acs:ram:*:{A}:policy/ActionTrailAuditorReadOnly", "acs:ram:*:system:policy/AliyunActionTrailFullAccess"): {
        "ram:AttachPolicyToGroup"},
    (f"acs:ram:*:{A}:group/actiontrail-admins", f"acs:ram:*:{A}:user/cloud-admin"): {"ram:AddUserToGroup"},
    (f"acs:ram:*:{A}:policy/*",): {"ram:ListPolicies"},
    (f"acs:ram:*:{A}:policy/*", "acs:ram:*:system:policy/*"): {"ram:GetPolicy", "ram:ListEntitiesForPolicy"},
    (f"acs:ram:*:{A}:policy/ActionTrailAuditorReadOnly",): {"ram:CreatePolicy", "ram:CreatePolicyVersion"},
    (f"acs:ram:*:{A}:role/*",): {"ram:ListRoles", "ram:CreateServiceLinkedRole"},
    (f"acs:ram:*:{A}:role/AliyunServiceRoleForActionTrail",): {"ram:GetRole"},
    (f"acs:ram:*:{A}:role/aliyunserviceroleforactiontrail",): {"ram:PassRole"},
    (f"acs:ram:*:{A}:user/*",): {"ram:ListUsers"},
}


def test_operator_policy_for_the_baseline_is_exact():
    doc = operator_policy(BASELINE, A, "apply")
    assert _by_resource(doc) == OPERATOR_BASELINE
    conditions = {s["Action"][0]: s.get("Condition") for s in doc["Statement"]}
    listing = [s["Condition"] for s in doc["Statement"] if s["Action"] == ["oss:ListObjects"]]
    assert listing == [{"StringLike": {"oss:Prefix": ["actiontrail-wizard/approved-settings/actiontrail-baseline/*",
                                                      "actiontrail-wizard/apply-lock/*"]}},
                       {"StringLike": {"oss:Prefix": ["actiontrail/AliyunLogs/Actiontrail/*"]}}], \
        "listing only the wizard's records, and (verify) the trail's delivered files"
    assert conditions["ram:CreateServiceLinkedRole"] == {"StringEquals": {"ram:ServiceName":
                                                                          ["actiontrail.aliyuncs.com"]}}
    assert conditions["ram:PassRole"] == {"StringEquals": {"acs:Service": ["actiontrail.aliyuncs.com"]}}


def test_operator_policy_for_oss_only_has_no_log_service_and_no_pass_role():
    resources = _by_resource(operator_policy(OSS_ONLY, A, "apply"))
    actions = set().union(*resources.values())
    assert not [a for a in actions if a.startswith("log:")]
    assert "ram:PassRole" not in actions  # no Logstore, so no role is handed to ActionTrail
    assert resources[(f"acs:oss:*:{A}:acme-actiontrail-archive",)] == OPERATOR_BASELINE[
        (f"acs:oss:*:{A}:acme-actiontrail",)]
    assert {"actiontrail:CreateTrail", "actiontrail:GetTrailStatus", "actiontrail:StartLogging",
            "actiontrail:UpdateTrail"} <= resources[(f"acs:actiontrail:cn-shanghai:{A}:*",)]


@pytest.mark.parametrize("config", [BASELINE, OSS_ONLY], ids=["baseline", "oss-only"])
def test_operator_plan_mode_is_read_only_and_a_subset_of_apply(config):
    plan_mode = _by_resource(operator_policy(config, A, "plan"))
    apply_mode = _by_resource(operator_policy(config, A, "apply"))
    reads = set().union(*plan_mode.values())
    assert reads and not [a for a in reads if is_write(a)]
    assert reads <= set().union(*apply_mode.values())
    assert "oss:GetBucketInfo" in reads and "ram:ListEntitiesForPolicy" in reads and "kms:DescribeKey" in reads


def test_operator_policy_covers_every_call_the_planner_can_make():
    """Onboarding plus every fix: each planned API appears as its RAM action in the document."""
    doc = operator_policy(BASELINE, A, "apply")
    granted = {a for s in doc["Statement"] for a in s["Action"]}
    planned = {(service, api) for service, api, _ in planned_calls(BASELINE, A)}
    assert {("oss", "ExtendBucketWorm"), ("sls", "UpdateAlert"), ("sls", "EnableAlert"), ("kms", "EnableKey"),
            ("ram", "CreatePolicyVersion"), ("actiontrail", "UpdateTrail"), ("sls", "UpsertResourceRecord")} <= planned
    for service, api in planned:
        permission = PERMISSIONS[(service, api)]
        for each in permission if isinstance(permission, tuple) else (permission,) if permission else ():
            assert set(each.actions) <= granted


def test_every_call_and_read_the_wizard_can_make_has_a_ram_action():
    assert set(CALLS) <= set(PERMISSIONS), set(CALLS) - set(PERMISSIONS)
    assert READ_APIS <= set(PERMISSIONS)


@pytest.mark.parametrize("config", [BASELINE, OSS_ONLY, settings(sls={"encryption": "cmk"})],
                         ids=["baseline", "oss-only", "sls-cmk"])
@pytest.mark.parametrize("kind", ["auditor", "admin", "operator-plan", "operator-apply"])
def test_every_generated_policy_passes_the_lint_and_fits(config, kind):
    document = {"auditor": lambda: auditor_policy(config, A, KEY_ARN), "admin": lambda: admin_policy(config, A),
                "operator-plan": lambda: operator_policy(config, A, "plan"),
                "operator-apply": lambda: operator_policy(config, A, "apply")}[kind]()
    text = policy_json(document)
    assert lint(text, bucket=config.oss.bucket if config.oss else None) == []
    assert len(readable_json(document)) <= MAX_POLICY_CHARS  # even as `policy` prints it


def test_sls_cmk_operator_may_pass_only_the_log_service_role_to_log_service():
    doc = operator_policy(settings(sls={"encryption": "cmk"}), A, "apply")
    passes = [s for s in doc["Statement"] if s["Action"] == ["ram:PassRole"]]
    assert {(s["Resource"][0], s["Condition"]["StringEquals"]["acs:Service"][0]) for s in passes} == {
        (f"acs:ram:*:{A}:role/aliyunserviceroleforactiontrail", "actiontrail.aliyuncs.com"),
        (f"acs:ram:*:{A}:role/actiontrailwizardslsencryption", "log.aliyuncs.com")}


def _doc(action, resource, effect="Allow"):
    return {"Version": "1", "Statement": [{"Effect": effect, "Action": action, "Resource": resource}]}


@pytest.mark.parametrize("document, words", [
    (_doc("*", "*"), 'Action "*" allows everything'),
    (_doc(["*:*"], ["acs:oss:*:1:b"]), 'Action "*" allows everything'),
    (_doc("actiontrail:*", "acs:actiontrail:*:1:*"), "actiontrail:* includes DeleteTrail and StopLogging"),
    (_doc(["oss:PutObject"], "*"), 'Resource "*" with write actions (oss:PutObject)'),
    (_doc(["ecs:Delete*"], "*"), 'Resource "*" with write actions (ecs:Delete*)'),
    (_doc("oss:*", "acs:oss:*:1:acme-actiontrail/*"), "oss:* on the trail bucket acme-actiontrail"),
    (_doc("oss:*", "acs:oss:*:*:acme-*"), "oss:* on the trail bucket acme-actiontrail"),
    (_doc(["oss:GetObject"], ["acs:oss:*:1:b/" + "x" * 7000]), "RAM accepts at most 6144"),
])
def test_lint_flags_broad_documents(document, words):
    assert any(words in problem for problem in lint(document, bucket="acme-actiontrail"))


@pytest.mark.parametrize("document", [
    _doc(["oss:GetObject", "ecs:Describe*", "log:GetLogStoreLogs"], "*"),  # reads on * are not flagged
    _doc("oss:*", "acs:oss:*:1:other-bucket"),  # another bucket
    _doc("*", "*", effect="Deny"),  # a Deny never widens anything
    _doc(["actiontrail:UpdateTrail"], "acs:actiontrail:cn-hangzhou:1:trail/t"),
])
def test_lint_accepts_narrow_documents(document):
    assert lint(document, bucket="acme-actiontrail") == []


def test_lint_on_text_that_is_not_json():
    assert lint("{not json") == ["document is not valid JSON"]


def test_touches_finds_policies_about_the_trail_its_bucket_or_logstore():
    target = TrailTarget("acme-actiontrail", "acme-actiontrail", "actiontrail_actiontrail-baseline")
    assert touches(_doc(["actiontrail:DescribeTrails"], "*"), target)
    assert touches(_doc(["oss:GetObject"], "acs:oss:*:1:acme-actiontrail/*"), target)
    assert touches(_doc(["oss:*"], "*"), target)
    assert touches(_doc(["log:*"], "acs:log:*:*:project/acme-actiontrail/*"), target)
    assert not touches(_doc(["oss:*"], "acs:oss:*:1:other"), target)
    assert not touches(_doc(["ecs:*"], "*"), target)
    assert not touches(_doc(["log:GetLogStore"], "acs:log:*:*:project/other/logstore/x"), target)


def test_https_only_is_added_without_dropping_statements():
    existing = json.dumps({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:GetObject",
                                                          "Principal": ["1"], "Resource": "acs:oss:*:1:b/*"}]})
    merged = with_https_only(existing, "b", ACCOUNT)
    assert len(merged["Statement"]) == 2
    assert not denies_insecure_transport(existing, "b", ACCOUNT, "cn-hangzhou")
    assert denies_insecure_transport(policy_json(merged), "b", ACCOUNT, "cn-hangzhou")
