"""Every rule id: a passing and a failing account; read errors are unknown, never pass."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.support.factories import empty_account, settings, simulate
from wizard.core.audit import best_practice_settings_for, evaluate
from wizard.core.audit.catalogue import RULES
from wizard.core.observed import FailedRead, Observed, PolicyState, TrailState, WormState
from wizard.core.planning.planner import plan

S = settings()
GOOD = simulate(empty_account(), plan(S, empty_account()))


def _status(observed, rule, desired=S):
    return next(f for f in evaluate(desired, observed) if f.rule == rule)


def _bucket(**c):
    return replace(GOOD, buckets=(replace(GOOD.buckets[0], **c),))


def _trail(**c):
    return replace(GOOD, trails=(replace(GOOD.trails[0], **c),))


def _store(**c):
    project = GOOD.projects[0]
    return replace(GOOD, projects=(replace(project, logstores=(replace(project.logstores[0], **c),)),))


def _key(**c):
    return replace(GOOD, keys=(replace(GOOD.keys[0], **c),))


FAILING = {
    "AT-TRAIL-EXISTS": replace(GOOD, trails=()),
    "AT-TRAIL-LOGGING": _trail(is_logging=False, status="Disable"),
    "AT-TRAIL-ALL-REGIONS": _trail(trail_region="cn-hangzhou"),
    "AT-TRAIL-ALL-EVENTS": _trail(event_rw="Write"),
    "AT-OSS-KMS": _bucket(sse_algorithm="AES256", kms_key_id=None),
    "AT-OSS-WORM": _bucket(worm=WormState("w", "InProgress", 365)),
    "AT-OSS-PRIVATE": _bucket(acl="public-read"),
    "AT-OSS-HTTPS-ONLY": _bucket(policy=None),
    "AT-OSS-ACCESS-LOGGING": _bucket(logging_target=None),
    "AT-SLS-ENCRYPTED": _store(encrypted=False),
    "AT-SLS-TTL": _store(ttl_days=30),
    "AT-KMS-ROTATION": _key(rotation=False),
    "AT-KMS-DELETION-PROTECTION": _key(deletion_protection=False),
    "AT-RAM-ADMINS": replace(GOOD, policies=GOOD.policies + (
        PolicyState("AdministratorAccess", "System", attached_to=("group:mallory-team",)),)),
    "AT-RAM-ADMIN-GROUPS": replace(GOOD, policies=tuple(
        replace(p, attached_to=p.attached_to + ("user:cloud-admin",)) if p.name == "AliyunActionTrailFullAccess"
        else p for p in GOOD.policies)),
    "AT-RAM-AUDITOR": replace(GOOD, policies=tuple(replace(p, attached_to=()) if p.name == S.access.auditor_policy
                                                   else p for p in GOOD.policies)),
    "AT-ALERTS": replace(GOOD, alerts=GOOD.alerts[1:]),
    "AT-DELIVERY": _trail(oss_delivery_error="InsufficientBucketPolicyException"),
}


def test_every_rule_has_a_failing_case():
    assert set(FAILING) == {rule.id for rule in RULES}


@pytest.mark.parametrize("rule", [r.id for r in RULES])
def test_rule_passes_on_the_onboarded_account(rule):
    assert _status(GOOD, rule).status == "pass"


@pytest.mark.parametrize("rule", [r.id for r in RULES])
def test_rule_fails_on_its_drift_and_only_there(rule):
    found = _status(FAILING[rule], rule)
    assert found.status == "fail", found
    assert found.evidence and found.fix and found.references
    # the drift made exactly this rule fail (AT-TRAIL-EXISTS also skips the trail checks)
    others = {f.rule for f in evaluate(S, FAILING[rule]) if f.status == "fail"}
    assert others == {rule}


def test_worm_under_the_minimum_and_unlocked_fail():
    assert _status(_bucket(worm=WormState("w", "Locked", 90)), "AT-OSS-WORM").status == "fail"
    assert _status(_bucket(worm=WormState("w", "InProgress", 365)), "AT-OSS-WORM").status == "fail"
    assert "90 days" in _status(_bucket(worm=WormState("w", "Locked", 90)), "AT-OSS-WORM").evidence


def test_disabled_key_fails_oss_kms():
    found = _status(_key(state="Disabled"), "AT-OSS-KMS")
    assert found.status == "fail" and "Disabled" in found.evidence


def test_custom_policy_with_actiontrail_star_counts_as_admin():
    custom = PolicyState("TooBroad", "Custom", '{"Version":"1","Statement":[{"Effect":"Allow",'
                         '"Action":"actiontrail:*","Resource":"*"}]}', attached_to=("group:devs",))
    found = _status(replace(GOOD, policies=GOOD.policies + (custom,)), "AT-RAM-ADMINS")
    assert found.status == "fail" and "group:devs" in found.evidence


def test_a_failed_read_is_unknown_with_the_code_never_a_pass():
    errored = replace(_bucket(policy=None), read_errors=(FailedRead("GetBucketPolicy acme-actiontrail", "AccessDenied"),))
    found = _status(errored, "AT-OSS-HTTPS-ONLY")
    assert found.status == "unknown"
    assert found.evidence == "could not read GetBucketPolicy acme-actiontrail: AccessDenied"


def test_destinations_absent_from_settings_are_skipped_by_the_best_practice():
    oss_only = settings(sls=None, alerts={"enabled": False})
    skipped = {f.rule for f in evaluate(oss_only, GOOD) if f.verdict("best-practice").status == "skip"}
    assert {"AT-SLS-ENCRYPTED", "AT-SLS-TTL", "AT-ALERTS"} <= skipped


def test_audit_without_config_judges_the_first_trail_at_best_practice():
    derived = best_practice_settings_for(GOOD)
    assert derived.oss.bucket == "acme-actiontrail" and derived.sls.project == "acme-actiontrail"
    findings = evaluate(None, _trail(event_rw="Read"))
    assert [f.rule for f in findings if f.status == "fail"] == ["AT-TRAIL-ALL-EVENTS"]
    nothing = evaluate(None, Observed(account_id="1"))
    assert next(f for f in nothing if f.rule == "AT-TRAIL-EXISTS").status == "fail"


def test_audit_without_config_judges_every_trail_found():
    second = TrailState(name="legacy-trail", home_region="cn-hangzhou", trail_region="cn-hangzhou", event_rw="Write",
                        status="Disable", is_logging=False)
    two = replace(GOOD, trails=GOOD.trails + (second,))
    findings = evaluate(None, two)
    per_trail = {(f.rule, f.resource): f.status for f in findings}
    for rule in ("AT-TRAIL-LOGGING", "AT-TRAIL-ALL-REGIONS", "AT-TRAIL-ALL-EVENTS"):
        assert per_trail[(rule, "actiontrail://cn-hangzhou/actiontrail-baseline")] == "pass"
        assert per_trail[(rule, "actiontrail://cn-hangzhou/legacy-trail")] == "fail"
    assert [f.rule for f in findings].count("AT-RAM-ADMINS") == 1, "account-wide rules are judged once"
    assert [f.rule for f in findings].count("AT-TRAIL-EXISTS") == 2
    assert [r.id for r in RULES] == list(dict.fromkeys(f.rule for f in findings)), "catalogue order, trail by trail"


def test_ids_are_stable_and_in_order():
    assert [f.rule for f in evaluate(S, GOOD)] == [r.id for r in RULES]
    assert [r.id for r in RULES][:4] == ["AT-TRAIL-EXISTS", "AT-TRAIL-LOGGING", "AT-TRAIL-ALL-REGIONS",
                                         "AT-TRAIL-ALL-EVENTS"]
