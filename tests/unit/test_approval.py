"""The approved-settings record as pure data: when the plan writes it, its text, and the rules that depend on intent
("unknown: no approved settings", never a pass on nothing, never a fail of the admins there are)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.support.factories import empty_account, settings, simulate
from wizard.core.approval import Approval, ApprovalState, parse_record, record_key, record_text
from wizard.core.audit import evaluate
from wizard.core.findings import FAIL, PASS, UNKNOWN
from wizard.core.observed import Observed, PolicyState, TrailState
from wizard.core.planning.planner import plan
from wizard.flow.baseline import Source, baseline_from


def _read(observed: Observed, state: ApprovalState, trail: str = "actiontrail-baseline") -> Observed:
    return replace(observed, approvals=((trail, state),))


def _rule(findings, rule):
    return next(f for f in findings if f.rule == rule)


def test_the_record_is_the_last_write_of_the_plan_but_for_irreversible_and_optional_steps():
    s = settings()
    p = plan(s, Observed(region=s.region))  # offline: an empty account, so a record is due
    record = p.actions[-1] if p.actions[-1].id == "oss.record-approved-settings" else \
        next(a for a in p.actions if a.id == "oss.record-approved-settings")
    others = {a.id for a in p.actions if a is not record}
    waits_for = {a.id for a in p.actions if not a.optional and not a.irreversible} - {record.id}
    assert set(record.depends_on) == waits_for and waits_for < others
    assert (record.api, record.params["Bucket"], record.params["ForbidOverwrite"]) == ("PutObject",
                                                                                      "acme-actiontrail", True)
    assert record.params["Key"] == \
        "actiontrail-wizard/approved-settings/actiontrail-baseline/${apply.Time}-${apply.Id}.json"
    assert not record.params["Key"].startswith(s.oss.prefix + "/"), "never among the trail's own files"
    body = json.loads(record.params["Body"])
    assert body["approved_by"] == "${account.Arn}" and body["settings"]["access"]["admins"] == ["group:actiontrail-admins"]


def test_the_record_is_planned_only_when_the_account_does_not_already_hold_these_settings():
    s = settings()
    onboarded = simulate(empty_account(), plan(s, empty_account()))
    assert not [a for a in plan(s, onboarded).actions if "record" in a.id], "not read: never planned blind"
    none_yet = _read(onboarded, ApprovalState(where="oss://acme-actiontrail/..."))
    assert [a.api for a in plan(s, none_yet).actions] == ["PutObject"]
    same = _read(onboarded, ApprovalState(Approval(s, "20260101T000000Z", "acs:ram::1:root", "oss://x")))
    assert plan(s, same).changes == 0, "an account already right plans zero changes"
    other = replace(s, access=replace(s.access, admins=("user:someone-else",)))
    changed = _read(onboarded, ApprovalState(Approval(other, "20260101T000000Z", "acs:ram::1:root", "oss://x")))
    assert "PutObject" in [a.api for a in plan(s, changed).actions]


@pytest.mark.parametrize(("state", "apis"), [
    (ApprovalState(store_missing=True), ["CreateLogStore", "CreateIndex", "PutLogs"]),
    (ApprovalState(index_missing=True), ["CreateIndex", "PutLogs"]),
    (ApprovalState(), ["PutLogs"]),
])
def test_log_service_only_records_in_its_own_logstore(state, apis):
    s = settings(oss=None)
    onboarded = simulate(empty_account(), plan(s, empty_account()))
    planned = [a for a in plan(s, _read(onboarded, state)).actions if "approvals" in a.resource]
    assert [a.api for a in planned] == apis
    if "CreateLogStore" in apis:
        assert planned[0].params["ttl"] == 3650 and planned[0].params["encrypt_conf"]["enable"] is True


def test_a_record_round_trips_and_a_damaged_one_is_named():
    s = settings(alerts={"notify": ["email:a@example.com", "dingtalk:env:ROBOT"]})
    text = record_text(s, "9.9").replace("${apply.Time}", "20260102T030405Z").replace("${account.Arn}", "arn:me")
    approval = parse_record(text, "oss://b/k")
    assert (approval.settings, approval.approved_by, approval.when) == (s, "arn:me", "2026-01-02 03:04 UTC")
    for damaged, words in (("{", "not JSON"), ("[]", "not an"), (text.replace('"trail": {', '"trail": {"x": 1, '),
                                                                   "not valid")):
        with pytest.raises(ValueError, match=words):
            parse_record(damaged, "oss://b/k")
    assert record_key("t1", "20260102T030405Z", "ab12") == \
        "actiontrail-wizard/approved-settings/t1/20260102T030405Z-ab12.json"


def _with_admins_and_auditors(observed: Observed) -> Observed:
    policies = (PolicyState("AliyunActionTrailFullAccess", "System", attached_to=("user:cloud-admin",)),)
    return replace(observed, policies=observed.policies + policies,
                   trails=observed.trails or (TrailState("actiontrail-baseline", "cn-hangzhou",
                                                         oss_bucket="acme-actiontrail"),))


def test_without_approved_settings_the_rules_of_intent_are_unknown_never_pass_never_fail():
    s = settings()
    account = _with_admins_and_auditors(simulate(empty_account(), plan(s, empty_account())))
    known = evaluate(s, account)
    assert _rule(known, "AT-RAM-ADMINS").status == PASS
    found = evaluate(replace(s, access=replace(s.access, admins=(), auditors=())), account, approved=False)
    admins, auditor, alerts = (_rule(found, r) for r in ("AT-RAM-ADMINS", "AT-RAM-AUDITOR", "AT-ALERTS"))
    assert admins.status == UNKNOWN and "unknown: no approved settings" in admins.evidence
    assert "user:cloud-admin" in admins.evidence, "it says who holds them today"
    assert auditor.status == UNKNOWN and "group:security-auditors" in auditor.evidence
    assert alerts.status == UNKNOWN
    assert evaluate(None, account) == evaluate(None, account, approved=False)
    bare = replace(account, policies=tuple(replace(p, attached_to=()) if p.name == s.access.auditor_policy else p
                                           for p in account.policies))
    assert _rule(evaluate(None, bare), "AT-RAM-AUDITOR").status == UNKNOWN, "attached to no one is not a pass"
    drifted = replace(account, policies=tuple(replace(p, document="{}") if p.name == s.access.auditor_policy else p
                                              for p in account.policies))
    assert _rule(evaluate(None, drifted), "AT-RAM-AUDITOR").status == FAIL, "a wider document still fails"


def test_the_baseline_is_the_latest_record_else_what_the_account_holds():
    s = settings()
    account = _with_admins_and_auditors(simulate(empty_account(), plan(s, empty_account())))
    older = Approval(replace(s, trail=replace(s.trail, name="older-trail")), "20250101T000000Z", "arn:a", "oss://1")
    newer = Approval(s, "20260101T000000Z", "arn:b", "oss://2")
    both = replace(account, approvals=(("older-trail", ApprovalState(older)), ("actiontrail-baseline",
                                                                               ApprovalState(newer))))
    chosen = baseline_from(both)
    assert (chosen.source, chosen.approval) == (Source.APPROVED, newer) and "arn:b" in chosen.describe()
    found = baseline_from(replace(account, approvals=(("actiontrail-baseline", ApprovalState(problem="damaged")),)))
    assert found.source is Source.FOUND and not found.approved and "damaged" in found.describe()
    assert set(found.settings.access.admins) == {"group:actiontrail-admins", "user:cloud-admin"}, \
        "today's admins (through the group and attached directly) are adopted, not failed"
    assert found.settings.access.auditors == ("group:security-auditors",)
    assert baseline_from(Observed()).source is Source.NONE
