"""Each framework judges by its own threshold, a rule never passes on nothing, and no decoy passes.

One test (or table) per finding of issue 15: CIS judged by MLPS's 180 days, CIS 1.16 unchecked,
"skip" where CIS fails, vacuous passes, a failed read passing, and the HTTPS-only and
alert-routing decoys. Pure: factories and `simulate`, no network.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.support.factories import empty_account, settings, simulate
from wizard.core.audit import evaluate
from wizard.core.findings import compliant, under
from wizard.core.observed import FailedRead, Observed, PolicyState, WormState
from wizard.core.planning.planner import plan

S = settings()
GOOD = simulate(empty_account(), plan(S, empty_account()))


def _finding(observed, rule, desired=S):
    return next(f for f in evaluate(desired, observed) if f.rule == rule)


def _verdicts(found) -> dict[str, str]:
    return {fw: found.verdict(fw).status.value for fw in ("best-practice", "mlps", "cis")}


def _store(**c):
    project = GOOD.projects[0]
    return replace(GOOD, projects=(replace(project, logstores=(replace(project.logstores[0], **c),)),))


def _bucket(**c):
    return replace(GOOD, buckets=(replace(GOOD.buckets[0], **c),))


def _trail(**c):
    return replace(GOOD, trails=(replace(GOOD.trails[0], **c),))


# -- thresholds: each framework its own -----------------------------------------------------------
def test_cis_judges_logstore_retention_by_its_365_days_not_by_mlps_180():
    kept_200 = settings(sls={"ttl_days": 200})
    found = _finding(_store(ttl_days=200), "AT-SLS-TTL", kept_200)
    assert _verdicts(found) == {"best-practice": "pass", "mlps": "pass", "cis": "fail"}
    assert found.status == "fail", "all: the strictest verdict decides"
    assert "365" in found.verdict("cis").note
    assert not compliant([found], "cis") and compliant([found], "mlps") and not compliant([found], "all")


def test_mlps_keeps_its_180_days_and_the_best_practice_the_settings():
    found = _finding(_store(ttl_days=179), "AT-SLS-TTL", settings(sls={"ttl_days": 180}))
    assert _verdicts(found) == {"best-practice": "fail", "mlps": "fail", "cis": "fail"}
    found = _finding(_store(ttl_days=300), "AT-SLS-TTL", settings(sls={"ttl_days": 365}))
    assert _verdicts(found) == {"best-practice": "fail", "mlps": "pass", "cis": "fail"}


def test_worm_is_mlps_and_best_practice_and_no_cis_control():
    found = _finding(_bucket(worm=WormState("w", "Locked", 200)), "AT-OSS-WORM")  # settings ask 365
    assert _verdicts(found) == {"best-practice": "fail", "mlps": "pass", "cis": "skip"}
    assert "no CIS" in found.verdict("cis").note


def test_benchmark_chooses_the_rules_shown():
    findings = evaluate(S, GOOD)
    cis = {f.rule for f in under(findings, "cis")}
    assert "AT-OSS-WORM" not in cis and "AT-KMS-ROTATION" not in cis and "AT-SLS-TTL" in cis
    assert {f.rule for f in under(findings, "all")} == {f.rule for f in findings}
    assert "AT-RAM-ADMIN-GROUPS" not in {f.rule for f in under(findings, "mlps")}


# -- no Log Service: not "skip" for CIS -------------------------------------------------------------
def test_without_log_service_cis_fails_alerts_and_retention():
    oss_only = settings(sls=None, alerts={"enabled": False})
    onboarded = simulate(empty_account(), plan(oss_only, empty_account()))
    for rule in ("AT-ALERTS", "AT-SLS-TTL"):
        found = _finding(onboarded, rule, oss_only)
        assert found.verdict("best-practice").status == "skip", rule  # the settings ask for no Logstore
        assert found.verdict("cis").status == "fail", rule
        assert found.status == "fail"
    assert _finding(onboarded, "AT-ALERTS", oss_only).verdict("mlps").status == "fail"  # 8.1.5.4 f) alerts
    assert _finding(onboarded, "AT-SLS-TTL", oss_only).verdict("mlps").status == "skip"  # WORM keeps 365 days
    assert compliant(evaluate(oss_only, onboarded), "best-practice")
    assert not compliant(evaluate(oss_only, onboarded), "cis")


# -- CIS 1.16 -------------------------------------------------------------------------------------------
def test_an_admin_policy_attached_to_a_user_fails_cis_1_16_even_for_an_approved_admin():
    direct = PolicyState("AliyunActionTrailFullAccess", "System", attached_to=("user:cloud-admin",))
    approved_user = settings(access={"admins": ["user:cloud-admin"], "admin_users": []})
    account = replace(GOOD, policies=tuple(p for p in GOOD.policies if p.name != direct.name) + (direct,))
    found = _finding(account, "AT-RAM-ADMIN-GROUPS", approved_user)
    assert found.verdict("cis").status == "fail" and "user:cloud-admin" in found.evidence
    assert _finding(account, "AT-RAM-ADMINS", approved_user).status == "pass", "intent: cloud-admin is approved"


@pytest.mark.parametrize("policy", [
    PolicyState("AdministratorAccess", "System", attached_to=("user:root-like",)),
    PolicyState("TrailOps", "Custom", '{"Version":"1","Statement":[{"Effect":"Allow","Action":"actiontrail:*",'
                '"Resource":"*"}]}', attached_to=("user:ops",)),
], ids=["AdministratorAccess", "custom-actiontrail-star"])
def test_everything_that_can_administer_the_trail_is_held_through_groups_or_roles(policy):
    access = settings(access={"admins": ["group:actiontrail-admins", policy.attached_to[0]]})
    found = _finding(replace(GOOD, policies=GOOD.policies + (policy,)), "AT-RAM-ADMIN-GROUPS", access)
    assert found.status == "fail" and policy.attached_to[0] in found.evidence


def test_a_custom_star_star_policy_fails_cis_1_15_even_on_an_approved_admin_group():
    star = PolicyState("FullAdmin", "Custom", '{"Version":"1","Statement":[{"Effect":"Allow","Action":"*",'
                       '"Resource":"*"}]}', attached_to=("group:actiontrail-admins",))
    found = _finding(replace(GOOD, policies=GOOD.policies + (star,)), "AT-RAM-ADMINS")
    assert _verdicts(found) == {"best-practice": "pass", "mlps": "pass", "cis": "fail"}
    assert "FullAdmin" in found.verdict("cis").note


def test_the_onboarded_account_holds_admin_rights_through_the_admin_group():
    holders = {p.name: p.attached_to for p in GOOD.policies}
    assert holders["AliyunActionTrailFullAccess"] == ("group:actiontrail-admins",)
    assert GOOD.members("actiontrail-admins") == ("cloud-admin",)
    assert _finding(GOOD, "AT-RAM-ADMIN-GROUPS").status == "pass"


def test_an_approved_admin_user_outside_the_admin_group_fails_the_best_practice():
    outside = replace(GOOD, group_members=(("actiontrail-admins", ()),))
    found = _finding(outside, "AT-RAM-ADMIN-GROUPS")
    assert found.verdict("best-practice").status == "fail" and "cloud-admin" in found.evidence
    assert found.verdict("cis").status == "pass", "CIS 1.16 asks only that no policy is attached to a user"


# -- no pass on nothing ---------------------------------------------------------------------------------
def test_the_auditor_rule_never_passes_on_zero_auditors():
    nobody = settings(access={"auditors": []})
    found = _finding(simulate(empty_account(), plan(nobody, empty_account())), "AT-RAM-AUDITOR", nobody)
    assert found.status == "fail" and "no auditor" in found.evidence


def test_without_approved_settings_intent_rules_are_unknown_not_pass_nor_fail():
    findings = {f.rule: f for f in evaluate(None, GOOD)}
    assert findings["AT-RAM-ADMINS"].verdict("best-practice").status == "unknown"
    assert "no approved settings" in findings["AT-RAM-ADMINS"].evidence
    assert findings["AT-RAM-ADMINS"].verdict("cis").status == "pass", "CIS 1.15 needs no intent"
    assert findings["AT-RAM-ADMIN-GROUPS"].status == "pass", "CIS 1.16 needs no intent"
    assert not compliant(findings.values()), "unknown is not compliant"


def test_delivery_never_passes_on_a_trail_that_has_never_delivered():
    found = _finding(_trail(oss_delivered_at=None, sls_delivered_at=None), "AT-DELIVERY")
    assert found.status == "fail" and "never delivered" in found.evidence
    only_oss = _finding(_trail(sls_delivered_at=None), "AT-DELIVERY")
    assert only_oss.status == "fail" and "Log Service" in only_oss.evidence


def test_a_failed_read_is_unknown_under_every_framework_never_a_pass():
    errored = replace(_bucket(policy=None), read_errors=(FailedRead("GetBucketPolicy acme-actiontrail",
                                                                    "AccessDenied"),))
    found = _finding(errored, "AT-OSS-HTTPS-ONLY")
    assert _verdicts(found) == {"best-practice": "unknown", "mlps": "unknown", "cis": "unknown"}
    assert found.evidence == "could not read GetBucketPolicy acme-actiontrail: AccessDenied"


def test_an_empty_account_without_settings_fails_the_default_destinations_rather_than_skipping_them():
    nothing = {f.rule: f for f in evaluate(None, Observed(account_id="1234567890123456"))}
    for rule in ("AT-OSS-KMS", "AT-OSS-WORM", "AT-SLS-TTL", "AT-ALERTS", "AT-KMS-ROTATION"):
        assert nothing[rule].status == "fail", (rule, nothing[rule].evidence)
        assert "no OSS delivery in the settings" not in nothing[rule].evidence


# -- decoys -----------------------------------------------------------------------------------------------
BUCKET_ARN, OBJECTS_ARN = "acs:oss:*:1234567890123456:acme-actiontrail", "acs:oss:*:1234567890123456:acme-actiontrail/*"
SECURE = {"Bool": {"acs:SecureTransport": ["false"]}}


def _deny(**changes) -> str:
    statement = {"Effect": "Deny", "Principal": ["*"], "Action": ["oss:*"], "Resource": [BUCKET_ARN, OBJECTS_ARN],
                 "Condition": SECURE, **changes}
    return json.dumps({"Version": "1", "Statement": [{k: v for k, v in statement.items() if v is not None}]})


DECOYS = {
    "one-action": _deny(Action=["oss:PutObject"]),
    "another-bucket": _deny(Resource=["acs:oss:*:1234567890123456:other-bucket",
                                      "acs:oss:*:1234567890123456:other-bucket/*"]),
    "objects-only": _deny(Resource=[OBJECTS_ARN]),
    "some-objects": _deny(Resource=[BUCKET_ARN, "acs:oss:*:1234567890123456:acme-actiontrail/public/*"]),
    "one-principal": _deny(Principal=["2000000000000001"]),
    "no-principal": _deny(Principal=None),
    "not-action": _deny(Action=None, NotAction=["oss:GetObject"]),
    "not-resource": _deny(Resource=None, NotResource=[OBJECTS_ARN]),
    "narrowed-by-another-condition": _deny(Condition={**SECURE, "IpAddress": {"acs:SourceIp": ["10.0.0.1"]}}),
    "allow-not-deny": _deny(Effect="Allow", Condition={"Bool": {"acs:SecureTransport": ["true"]}}),
    "true-not-false": _deny(Condition={"Bool": {"acs:SecureTransport": ["true"]}}),
    "other-region-only": _deny(Resource=["acs:oss:cn-beijing:1234567890123456:acme-actiontrail",
                                         "acs:oss:cn-beijing:1234567890123456:acme-actiontrail/*"]),
}


@pytest.mark.parametrize("decoy", DECOYS, ids=list(DECOYS))
def test_https_only_is_not_fooled_by_a_deny_that_does_not_cover_everything(decoy):
    found = _finding(_bucket(policy=DECOYS[decoy]), "AT-OSS-HTTPS-ONLY")
    assert found.status == "fail", found.evidence


@pytest.mark.parametrize("policy", [
    _deny(),
    _deny(Action="*", Principal="*", Resource="*"),
    _deny(Resource=["acs:oss:*:*:acme-actiontrail*"]),
    json.dumps({"Version": "1", "Statement": [json.loads(_deny(Resource=[BUCKET_ARN]))["Statement"][0],
                                               json.loads(_deny(Resource=[OBJECTS_ARN]))["Statement"][0]]}),
], ids=["the-wizards-own", "everything", "bucket-prefix-wildcard", "split-in-two"])
def test_https_only_passes_a_deny_that_covers_every_action_resource_and_principal(policy):
    assert _finding(_bucket(policy=policy), "AT-OSS-HTTPS-ONLY").status == "pass"


def test_a_decoy_https_policy_gets_the_real_statement_planned():
    account = _bucket(policy=DECOYS["one-action"])
    puts = [a for a in plan(S, account).actions if a.api == "PutBucketPolicy"]
    assert len(puts) == 1 and "DenyInsecureTransport" in puts[0].params["Policy"]


def _records(observed: Observed, **value) -> Observed:
    """The alert recipient record (sls.common.user) re-pointed or switched off, everything else untouched."""
    found = []
    for resource, record_id, text in observed.resource_records:
        if resource == "sls.common.user":
            text = json.dumps({**json.loads(text), **value})
        found.append((resource, record_id, text))
    return replace(observed, resource_records=tuple(found))


@pytest.mark.parametrize("tampered", [{"email": ["attacker@example.net"]}, {"enabled": False},
                                      {"email": ["attacker@example.net"], "enabled": False}],
                         ids=["re-pointed", "disabled", "both"])
def test_alert_routing_checks_the_recipients_themselves(tampered):
    account = _records(GOOD, **tampered)
    found = _finding(account, "AT-ALERTS")
    assert found.status == "fail" and "recipient" in found.evidence
    assert "attacker" not in found.evidence or "email" in tampered
    upserts = [a for a in plan(S, account).actions if a.api == "UpsertResourceRecord"]
    assert [a.params["resourceName"] for a in upserts] == ["sls.common.user"]
    assert _finding(simulate(account, plan(S, account)), "AT-ALERTS").status == "pass"


def test_a_missing_recipient_record_fails_alerts_and_is_planned():
    account = replace(GOOD, resource_records=tuple(r for r in GOOD.resource_records if r[0] != "sls.common.user"))
    assert _finding(account, "AT-ALERTS").status == "fail"
    assert any(a.params.get("resourceName") == "sls.common.user" for a in plan(S, account).actions)
