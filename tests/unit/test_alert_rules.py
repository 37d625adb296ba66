"""Each alert query, run with the SLS search subset, matches its sample ActionTrail events and no other."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wizard.core.alerts.query import compile_query, flatten, matches
from wizard.core.alerts.rules import ALERT_RULES, alert_configuration

EVENTS = Path(__file__).resolve().parents[1] / "data" / "actiontrail_events"

# rule -> the sample events (tests/data/actiontrail_events/<name>.json) it must fire on
EXPECTED = {
    "at-trail-changes": {"stop_logging", "delete_trail", "update_trail"},
    "at-ram-changes": {"create_policy_version", "attach_policy_to_role"},
    "at-cloudfw-changes": {"cloudfw_modify_control_policy"},
    "at-vpc-route-changes": {"create_route_entry"},
    "at-vpc-changes": {"delete_vswitch"},
    "at-oss-acl-changes": {"put_bucket_acl"},
    "at-rds-changes": {"modify_security_ips"},
    "at-unauthorized-calls": {"unauthorized_call"},
    "at-console-signin-no-mfa": {"signin_without_mfa"},
    "at-root-account-use": {"root_signin"},
    "at-console-signin-failures": {"signin_failure"},
    "at-kms-key-disable-delete": {"disable_key", "schedule_key_deletion"},
    "at-oss-policy-changes": {"put_bucket_policy"},
    "at-security-group-changes": {"authorize_security_group"},
}
# routine activity no alert may fire on: reads, and a RAM user's console sign-in with MFA (isMFAChecked "true")
QUIET = {"describe_instances_ok", "assumed_role_get_object", "signin_with_mfa"}


def _event(name: str) -> dict:
    """As it sits in the Logstore: the ActionTrail event in the `event` field."""
    return {"event": json.loads((EVENTS / f"{name}.json").read_text())}


def _all_events() -> list[str]:
    return sorted(p.stem for p in EVENTS.glob("*.json"))


def test_every_rule_has_sample_events_and_every_event_a_verdict():
    assert set(EXPECTED) == {rule.name for rule in ALERT_RULES}
    assert set().union(*EXPECTED.values()) | QUIET == set(_all_events())


@pytest.mark.parametrize("rule", ALERT_RULES, ids=lambda r: r.name)
def test_query_fires_on_its_events_and_no_other(rule):
    fired = {name for name in _all_events() if matches(rule.query, _event(name))}
    assert fired == EXPECTED[rule.name]


# CIS Alibaba Cloud 2.16's query names these error codes (NAME.* for each prefix it widens)
CIS_2_16_CODES = ("NoPermission", "NoPermission.Ecs", "Forbidden", "Forbbiden", "Forbidden.RAM", "InvalidAccessKeyId",
                  "InvalidAccessKeyId.NotFound", "InvalidSecurityToken", "InvalidSecurityToken.Expired",
                  "SignatureDoesNotMatch", "InvalidAuthorization", "AccessForbidden", "NotAuthorized")


@pytest.mark.parametrize("code", CIS_2_16_CODES)
def test_the_unauthorized_calls_rule_fires_on_every_code_cis_2_16_names(code):
    rule = next(r for r in ALERT_RULES if r.name == "at-unauthorized-calls")
    assert matches(rule.query, {"event": {**_event("unauthorized_call")["event"], "errorCode": code}})
    assert not matches(rule.query, {"event": {**_event("unauthorized_call")["event"], "errorCode": "InvalidParameter"}})


def test_the_cis_2_10_to_2_22_set_is_covered_once_each():
    cis = [rule.cis.rpartition(" ")[2] for rule in ALERT_RULES if rule.cis.startswith("CIS Alibaba Cloud 2.1")
           or rule.cis.startswith("CIS Alibaba Cloud 2.2")]
    assert sorted(cis, key=lambda c: int(c.split(".")[1])) == [f"2.{n}" for n in range(10, 23)]


def test_names_and_severities_are_valid_for_sls():
    for rule in ALERT_RULES:
        assert 4 <= len(rule.name) <= 64 and rule.name.replace("-", "").isalnum() and rule.name.islower()
        assert rule.severity in (2, 4, 6, 8, 10)


def test_matching_ignores_case_and_reads_nested_fields():
    record = {"event": {"userIdentity": {"type": "Root-Account"}, "errorCode": ""}}
    assert flatten(record) == {"event.useridentity.type": "Root-Account", "event.errorcode": ""}
    assert matches("event.userIdentity.type: root-account", record)
    assert not matches("event.errorCode: *", record)  # present but empty is not "present"
    assert matches('"event.userIdentity.type": "ROOT-ACCOUNT" and not event.errorCode: *', record)
    assert matches("event.errorCode: No* or event.userIdentity.type: root*", record)


@pytest.mark.parametrize("query", ["a: b and", "(a: b", "a b", "a: b)", "and: b", "a: b or or c: d", "a:"])
def test_queries_outside_the_subset_are_errors_not_silent_misses(query):
    with pytest.raises(ValueError):
        compile_query(query)


def test_alert_configuration_routes_to_the_action_policy():
    conf = alert_configuration(ALERT_RULES[0], "p", "actiontrail_t", "cn-hangzhou", "actiontrail-wizard-t")
    assert conf["policyConfiguration"] == {"alertPolicyId": "sls.builtin.dynamic",
                                           "actionPolicyId": "actiontrail-wizard-t", "repeatInterval": "1h"}
    assert conf["queryList"][0]["store"] == "actiontrail_t" and conf["queryList"][0]["query"] == ALERT_RULES[0].query
