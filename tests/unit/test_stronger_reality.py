"""Never weaker, the issue's own cases (issue 12, finding 4): where a hand-made change is stronger than the
settings, the plan keeps it and says so, and the audit calls it compliant, so `audit` and `plan` agree."""

from __future__ import annotations

import json
from dataclasses import replace

from tests.support.factories import ACCOUNT, REGION, empty_account, settings, simulate
from wizard.core.alerts.notify import action_policy_id, action_script
from wizard.core.audit import evaluate
from wizard.core.findings import FAIL, PASS
from wizard.core.observed import KeyState
from wizard.core.planning.planner import plan
from wizard.flow.exit_codes import ExitCode, for_findings, for_plan


def _onboarded(s=None):
    s = s or settings()
    return s, simulate(empty_account(), plan(s, empty_account()))


def _with(account, policy):
    """The account with this one policy changed, every other as it was (the admin group's among them)."""
    return replace(account, policies=tuple(policy if p.name == policy.name else p for p in account.policies))


def _status(s, observed, rule):
    return next(f for f in evaluate(s, observed) if f.rule == rule).status


def _agree(s, observed):
    """`audit` and `plan` give the same exit code on this account."""
    return for_findings(evaluate(s, observed)) == for_plan(plan(s, observed))


def test_an_auditor_policy_narrowed_by_hand_is_not_widened_back():
    s, account = _onboarded()
    policy = account.policy("ActionTrailAuditorReadOnly")
    document = json.loads(policy.document)
    document["Statement"] = [st for st in document["Statement"] if "kms:Decrypt" not in st["Action"]]
    narrowed = _with(account, replace(policy, document=json.dumps(document)))
    p = plan(s, narrowed)
    assert [a.api for a in p.actions] == []
    assert any(k.rule == "AT-RAM-AUDITOR" and "grants less" in k.reason for k in p.kept)
    assert _status(s, narrowed, "AT-RAM-AUDITOR") == PASS and _agree(s, narrowed)


def test_an_auditor_policy_that_grants_nothing_is_blocked_not_widened():
    s, account = _onboarded()
    policy = account.policy("ActionTrailAuditorReadOnly")
    empty = _with(account, replace(policy, document='{"Version":"1","Statement":[]}'))
    p = plan(s, empty)
    assert "CreatePolicyVersion" not in [a.api for a in p.actions]
    assert any(b.rule == "AT-RAM-AUDITOR" and "grants nothing" in b.reason for b in p.blocked)
    assert _status(s, empty, "AT-RAM-AUDITOR") == FAIL


def test_a_wider_auditor_policy_is_still_brought_to_least_privilege():
    s, account = _onboarded()
    policy = account.policy("ActionTrailAuditorReadOnly")
    wider = _with(account, replace(policy, document=policy.document.replace('"oss:GetObject"',
                                                                                        '"oss:*"')))
    assert [a.api for a in plan(s, wider).actions] == ["CreatePolicyVersion"]


def test_an_alert_widened_by_hand_is_not_narrowed_back():
    s, account = _onboarded()
    alert = next(a for a in account.alerts if a.name == "at-trail-changes")
    wider = replace(alert, query=alert.query.replace("UpdateTrail)", "UpdateTrail or event.eventName: CreateTrail)"))
    widened = replace(account, alerts=tuple(wider if a is alert else a for a in account.alerts))
    p = plan(s, widened)
    assert [a.api for a in p.actions] == []
    assert any(k.rule == "AT-ALERTS" and "more events" in k.reason for k in p.kept)
    assert _status(s, widened, "AT-ALERTS") == PASS and _agree(s, widened)


def test_an_alert_narrowed_by_hand_is_brought_back_to_its_rule():
    s, account = _onboarded()
    alert = next(a for a in account.alerts if a.name == "at-trail-changes")
    narrower = replace(alert, query=alert.query.replace(" or event.eventName: UpdateTrail", ""))
    changed = replace(account, alerts=tuple(narrower if a is alert else a for a in account.alerts))
    assert [a.api for a in plan(s, changed).actions] == ["UpdateAlert"]
    assert _status(s, changed, "AT-ALERTS") == FAIL


def test_an_action_policy_with_more_recipients_is_never_overwritten():
    s, account = _onboarded()
    more = replace(s, alerts=replace(s.alerts, notify=s.alerts.notify + ("email:oncall@example.com",)))
    policy = action_policy_id(s)
    extra = replace(account, action_policies=((policy, action_script(more)),))
    p = plan(s, extra)
    assert [a.api for a in p.actions] == []
    assert any("1 more recipient" in k.reason for k in p.kept)
    assert _status(s, extra, "AT-ALERTS") == PASS and _agree(s, extra)


def test_a_new_recipient_is_added_without_dropping_the_ones_already_notified():
    from wizard.core.alerts.notify import recipients_of

    s, account = _onboarded()
    others = replace(s, alerts=replace(s.alerts, notify=("email:oncall@example.com",)))
    account = replace(account, action_policies=((action_policy_id(s), action_script(others)),))
    p = plan(s, account)
    upsert = next(a for a in p.actions if a.params.get("resourceName") == "sls.alert.action_policy")
    script = json.loads(upsert.params["records"][0]["value"])["primary_policy_script"]
    assert set(recipients_of(action_script(others)).users) | set(recipients_of(action_script(s)).users) \
        == set(recipients_of(script).users)


def test_a_bucket_rekeyed_to_another_good_key_is_not_set_back():
    s, account = _onboarded()
    good = KeyState("key-other0000000000001", REGION, f"acs:kms:{REGION}:{ACCOUNT}:key/key-other0000000000001",
                    rotation=True, rotation_interval_days=365, deletion_protection=True)
    bucket = replace(account.bucket("acme-actiontrail"), kms_key_id=good.key_id)
    old_arn = next(k.arn for k in account.keys)
    policies = tuple(replace(p, document=p.document.replace(old_arn, good.arn)) for p in account.policies)
    rekeyed = replace(account, keys=account.keys + (good,), buckets=(bucket,), policies=policies)
    p = plan(s, rekeyed)
    assert "PutBucketEncryption" not in [a.api for a in p.actions]
    assert any(k.rule == "AT-OSS-KMS" and good.key_id in k.reason for k in p.kept)
    assert _status(s, rekeyed, "AT-OSS-KMS") == PASS
    assert for_plan(p) == ExitCode.OK and _agree(s, rekeyed)
