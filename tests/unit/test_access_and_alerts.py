"""Planner and rules for access and alerts, as pure data: broad policies reported, alerts routed to the configured
channels and healed when changed, secrets masked wherever a plan is shown."""

from __future__ import annotations

import json
from dataclasses import replace

from tests.support.factories import empty_account, settings, simulate
from wizard.core.alerts.notify import action_policy_id, action_script, user_id, webhook_id
from wizard.core.alerts.rules import ALERT_RULES
from wizard.core.audit import evaluate
from wizard.core.observed import FailedRead, PolicyState
from wizard.core.planning.planner import plan
from wizard.report.plan.files import plan_markdown
from wizard.report.plan.text import render_plan

TOKEN = "3f1c0a9b8e7d6c5b4a3f2e1d0c9b8a7f"
DINGTALK = "env:ATW_UNIT_DINGTALK"  # the settings' reference: dingtalk:env:NAME


def _onboarded(s):
    return simulate(empty_account(), plan(s, empty_account()))


def _finding(s, observed, rule):
    return next(f for f in evaluate(s, observed) if f.rule == rule)


def _apis(p):
    return [a.api for a in p.actions]


def test_alerts_are_routed_to_an_action_policy_that_notifies_each_channel():
    s = settings(alerts={"notify": ["email:secops@example.com", f"dingtalk:{DINGTALK}"]})
    p = plan(s, empty_account())
    upserts = [a for a in p.actions if a.api == "UpsertResourceRecord"]
    assert [a.params["resourceName"] for a in upserts] == ["sls.common.user", "sls.alert.action_webhook",
                                                           "sls.alert.action_policy"]
    user = json.loads(upserts[0].params["records"][0]["value"])
    assert (user["user_id"], user["email"]) == (user_id("secops@example.com"), ["secops@example.com"])
    hook = json.loads(upserts[1].params["records"][0]["value"])
    assert (hook["id"], hook["type"], hook["url"]) == (webhook_id(DINGTALK), "dingtalk",
                                                       "https://oapi.dingtalk.com/robot/send?access_token=${env:"
                                                       "ATW_UNIT_DINGTALK}")
    script = json.loads(upserts[2].params["records"][0]["value"])["primary_policy_script"]
    assert script == action_script(s)
    assert f'users=["{user_id("secops@example.com")}"]' in script and f'webhook_id="{webhook_id(DINGTALK)}"' in script
    creates = [a for a in p.actions if a.api == "CreateAlert"]
    assert len(creates) == len(ALERT_RULES)
    for create in creates:
        assert create.params["configuration"]["policyConfiguration"]["actionPolicyId"] == action_policy_id(s)
        assert {u.id for u in upserts} <= set(create.depends_on)  # the policy exists before an alert names it


def test_no_notify_means_no_records_and_alerts_that_notify_no_one():
    s = settings(alerts={"notify": []})
    p = plan(s, empty_account())
    assert "UpsertResourceRecord" not in _apis(p)
    assert {a.params["configuration"]["policyConfiguration"]["actionPolicyId"] for a in p.actions
            if a.api == "CreateAlert"} == {""}
    assert "notifying no one" in _finding(s, _onboarded(s), "AT-ALERTS").evidence


def test_the_dingtalk_token_is_never_in_a_plan_and_is_read_only_where_the_call_is_made(monkeypatch):
    from wizard.cloud.secrets import resolve_references

    monkeypatch.setenv("ATW_UNIT_DINGTALK", TOKEN)
    s = settings(alerts={"notify": [f"dingtalk:{DINGTALK}"]})
    p = plan(s, empty_account())
    shown = render_plan(p) + json.dumps(p.to_json()) + plan_markdown(p, s)
    assert TOKEN not in shown and "access_token=${env:ATW_UNIT_DINGTALK}" in shown
    hook = next(a for a in p.actions if a.params.get("resourceName") == "sls.alert.action_webhook")
    assert TOKEN not in json.dumps(hook.params)
    assert TOKEN in resolve_references(hook.params["records"][0]["value"])  # what the call sends


def test_changed_or_disabled_alerts_are_updated_and_enabled_and_the_audit_says_why():
    s = settings()
    good = _onboarded(s)
    assert _finding(s, good, "AT-ALERTS").status == "pass"
    assert plan(s, good).changes == 0
    edited = tuple(replace(a, query="event.eventName: Nothing") if a.name == "at-trail-changes" else
                   replace(a, enabled=False) if a.name == "at-root-account-use" else a for a in good.alerts)
    found = _finding(s, replace(good, alerts=edited), "AT-ALERTS")
    assert found.status == "fail"
    assert "1 of 14 disabled: at-root-account-use" in found.evidence
    assert "at-trail-changes (its query was changed)" in found.evidence
    p = plan(s, replace(good, alerts=edited))
    assert sorted((a.api, a.params["alertName"]) for a in p.actions) == [
        ("EnableAlert", "at-root-account-use"), ("UpdateAlert", "at-trail-changes")]
    update = next(a for a in p.actions if a.api == "UpdateAlert")
    assert update.params["configuration"]["queryList"][0]["query"] == ALERT_RULES[0].query


def test_new_recipients_rewrite_the_records_not_the_alerts():
    s = settings()
    good = _onboarded(s)
    more = settings(alerts={"notify": ["email:secops@example.com", "email:oncall@example.com"]})
    assert "does not notify everyone alerts.notify names" in _finding(more, good, "AT-ALERTS").evidence
    p = plan(more, good)
    assert _apis(p) == ["UpsertResourceRecord", "UpsertResourceRecord"]
    assert p.actions[1].kind == "update"
    assert _finding(more, simulate(good, p), "AT-ALERTS").status == "pass"


def test_an_unreadable_action_policy_makes_the_rule_unknown_with_the_code():
    s = settings()
    errored = replace(_onboarded(s), action_policies=(),
                      read_errors=(FailedRead("GetResourceRecord sls.alert.action_policy/x", "Unauthorized.x"),))
    found = _finding(s, errored, "AT-ALERTS")
    assert found.status == "unknown" and "Unauthorized.x" in found.evidence


BROAD = json.dumps({"Version": "1", "Statement": [
    {"Effect": "Allow", "Action": "oss:*",
     "Resource": ["acs:oss:*:*:acme-actiontrail", "acs:oss:*:*:acme-actiontrail/*"]}]})


def test_a_broad_policy_on_the_trail_bucket_fails_ram_admins_unless_only_admins_hold_it():
    s = settings()
    good = _onboarded(s)
    held = replace(good, policies=good.policies + (PolicyState("ArchiveAll", "Custom", BROAD,
                                                               attached_to=("user:data-eng",)),))
    found = _finding(s, held, "AT-RAM-ADMINS")
    assert found.status == "fail" and "user:data-eng holds ArchiveAll (fails the lint: statement 1: oss:* on the " \
        "trail bucket acme-actiontrail)" in found.evidence
    (item,) = [b for b in plan(s, held).blocked if "AT-RAM-ADMINS" in b.rules]
    assert item.command == "aliyun ram DetachPolicyFromUser --PolicyType Custom --PolicyName ArchiveAll " \
        "--UserName data-eng"
    only_admins = replace(good, policies=good.policies + (PolicyState("ArchiveAll", "Custom", BROAD,
                                                                      attached_to=("user:cloud-admin",)),))
    found = _finding(s, only_admins, "AT-RAM-ADMINS")
    assert found.status == "pass" and "held only by access.admins: ArchiveAll" in found.evidence


def test_a_narrow_policy_on_the_bucket_and_unrelated_broad_policies_are_not_reported():
    s = settings()
    good = _onboarded(s)
    narrow = json.dumps({"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["oss:GetObject"],
                                                        "Resource": "acs:oss:*:*:acme-actiontrail/*"}]})
    other = BROAD.replace("acme-actiontrail", "other-bucket")
    observed = replace(good, policies=good.policies + (
        PolicyState("ReadArchive", "Custom", narrow, attached_to=("user:a",)),
        PolicyState("OtherBucket", "Custom", other, attached_to=("user:b",))))
    assert _finding(s, observed, "AT-RAM-ADMINS").status == "pass"
    assert not [b for b in plan(s, observed).blocked if b.rule == "AT-RAM-ADMINS"]


def test_without_notify_the_routing_alerts_have_today_is_kept_never_taken_away():
    s = settings()
    routed = _onboarded(s)
    quiet = settings(alerts={"notify": []})
    assert plan(quiet, routed).changes == 0
    found = _finding(quiet, routed, "AT-ALERTS")
    assert found.status == "pass" and f"notifying through {action_policy_id(s)}" in found.evidence
    edited = replace(routed, alerts=tuple(replace(a, query="x") for a in routed.alerts))
    updates = [a for a in plan(quiet, edited).actions if a.api == "UpdateAlert"]
    assert len(updates) == len(ALERT_RULES)
    assert {a.params["configuration"]["policyConfiguration"]["actionPolicyId"] for a in updates} == \
        {action_policy_id(s)}


def test_a_webhook_read_back_is_compared_by_its_token_without_keeping_it(monkeypatch):
    """The sandbox (like SLS) returns the webhook with the token the call sent; discovery swaps it for the
    settings' reference when it is the variable's token, else for a marker: Observed never holds the secret."""
    from wizard.cloud.secrets import webhook_as_planned
    from wizard.core.alerts.notify import DINGTALK_WEBHOOK, WEBHOOKS
    from wizard.core.redact import redact

    s = settings(alerts={"notify": [f"dingtalk:{DINGTALK}"]})
    onboarded = simulate(empty_account(), plan(s, empty_account()))
    record_id = webhook_id(DINGTALK)

    def audited_with(token_in_the_cloud: str):
        read = (WEBHOOKS, record_id, json.dumps({"type": "dingtalk", "url": DINGTALK_WEBHOOK + token_in_the_cloud}))
        seen = webhook_as_planned(read, s)
        assert token_in_the_cloud not in seen[2], "the token read is never kept"
        observed = replace(onboarded, resource_records=tuple(
            seen if r[:2] == (WEBHOOKS, record_id) else r for r in onboarded.resource_records))
        return next(f for f in evaluate(s, observed) if f.rule == "AT-ALERTS")

    monkeypatch.setenv("ATW_UNIT_DINGTALK", TOKEN)
    same = audited_with(TOKEN)
    assert same.status == "pass" and "not compared" not in same.evidence
    other = audited_with("another-robot-token")
    assert other.status == "fail" and "posts to another webhook" in other.evidence
    assert redact("another-robot-token") != "another-robot-token", "a token read from the cloud is masked from then on"
    monkeypatch.delenv("ATW_UNIT_DINGTALK")
    unset = audited_with(TOKEN)
    assert unset.status == "pass" and "the token of dingtalk:env:ATW_UNIT_DINGTALK was not compared" in unset.evidence
