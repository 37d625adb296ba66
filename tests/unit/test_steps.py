"""Steps: each question declared once, validated by config's rules, with best-practice defaults and warnings."""

from __future__ import annotations

import pytest

from steps import STEPS, answers_from, apply_answers, validate_answers
from tests.support.factories import settings
from wizard.core.settings_file import ConfigError

QUESTIONS = {q.key: q for step in STEPS for q in step.questions}


def _defaults(**overrides):
    answers = {}
    for step in STEPS:
        for question in step.asked(answers):
            answers[question.key] = overrides.get(question.key, question.default)
    answers.update(overrides)
    return answers


def test_steps_are_in_wizard_order_and_keys_are_unique():
    assert [s.name for s in STEPS] == ["account", "trail", "destinations", "encryption", "retention", "access",
                                       "alerts"]
    keys = [q.key for s in STEPS for q in s.questions]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(("key", "good", "bad", "words"), [
    ("region", "cn-shanghai", "Shanghai", "region id"),
    ("trail.name", "my-trail", "My Trail", "6-36 characters"),
    ("trail.event_rw", "Write", "Both", "not one of"),
    ("trail.trail_region", "All", "mars-1x_", "region id"),
    ("oss.bucket", "acme-logs", "a", "3-63"),
    ("oss.prefix", "at/logs/trail", "../x", "6-32 characters"),
    ("oss.kms_key", "alias/at", "my key", "not \"create\""),
    ("oss.retention_days", 180, 90, "below the 180-day minimum required by MLPS 2.0"),
    ("oss.lock", False, "no", "not true or false"),
    ("sls.project", "acme-logs", "A_B", "3-63"),
    ("sls.encryption", "cmk", "aes", "not one of"),
    ("sls.ttl_days", 3650, 30, "below the 180-day minimum"),
    ("sls.backfill", False, "no", "not true or false"),
    ("trail.organization", True, "yes", "not true or false"),
    ("access.auditor_policy", "Readers", "bad name", "1-128"),
    ("access.auditors", ["group:audit"], ["audit"], "not user:NAME"),
    ("alerts.notify", ["email:a@b.cn"], ["a@b.cn"], "not email:ADDRESS"),
])
def test_each_question_validates_with_the_config_rule(key, good, bad, words):
    question = QUESTIONS[key]
    assert question.check(good) is None
    assert words in question.check(bad)


def test_typed_text_is_parsed_per_kind():
    assert QUESTIONS["oss.retention_days"].parse(" 400 ") == 400
    assert QUESTIONS["oss.retention_days"].parse("four") == "four"  # the validator then explains
    assert QUESTIONS["oss.lock"].parse("yes") is True
    assert QUESTIONS["access.auditors"].parse("user:a, group:b,") == ["user:a", "group:b"]


def test_below_best_practice_choices_warn_with_their_cost():
    assert "reconnaissance" in QUESTIONS["trail.event_rw"].warn("Write")
    assert QUESTIONS["trail.event_rw"].warn("All") is None
    assert "CIS" in QUESTIONS["oss.retention_days"].warn(200)
    assert QUESTIONS["oss.retention_days"].warn(365) is None
    assert "24 hours" in QUESTIONS["oss.lock"].warn(False)
    assert "every other region" in QUESTIONS["trail.trail_region"].warn("cn-hangzhou")
    assert "90 days" in QUESTIONS["sls.backfill"].warn(False) and QUESTIONS["sls.backfill"].warn(True) is None
    limits = QUESTIONS["trail.organization"].warn(True)
    assert "one per account" in limits and "cannot be changed later" in limits and "single-account" in limits
    assert QUESTIONS["trail.organization"].warn(False) is None


def test_defaults_are_best_practice_and_build_valid_settings():
    result = apply_answers(_defaults(**{"oss.bucket": "acme-at", "sls.project": "acme-at"}))
    assert result.trail.event_rw == "All" and result.trail.trail_region == "All"
    assert result.oss.retention_days == 365 and result.oss.lock is True and result.sls.ttl_days == 365
    assert result.alerts.enabled is True
    assert result.sls.backfill is True and result.trail.organization is False


def test_questions_follow_the_destination_choice():
    answers = {"destinations.oss": False, "destinations.sls": True}
    asked = {q.key for s in STEPS for q in s.asked(answers)}
    assert "oss.bucket" not in asked and "oss.retention_days" not in asked and "sls.project" in asked
    assert "sls.kms_key" not in asked and "sls.backfill" in asked and "trail.organization" in asked
    oss_only = {q.key for s in STEPS for q in s.asked({"destinations.oss": True, "destinations.sls": False})}
    assert "sls.backfill" not in oss_only
    assert "sls.kms_key" in {q.key for q in STEPS[3].asked({"sls.encryption": "cmk"})}


def test_switching_off_sls_turns_alerts_off():
    result = apply_answers(_defaults(**{"oss.bucket": "acme-at", "destinations.sls": False}))
    assert result.sls is None and result.alerts.enabled is False


def test_bad_answers_name_the_field():
    errors = validate_answers(_defaults(**{"oss.bucket": "acme-at", "sls.project": "acme-at",
                                           "oss.retention_days": 90}))
    assert [e.field for e in errors] == ["oss.retention_days"]
    with pytest.raises(ConfigError):
        apply_answers(_defaults(**{"oss.bucket": "", "sls.project": "acme-at"}))


def test_prefill_round_trip():
    original = settings()
    assert apply_answers(answers_from(original)) == original


def test_a_new_trail_starts_at_best_practice_with_both_destinations():
    from steps import fresh_answers

    answers = fresh_answers()
    assert answers["destinations.oss"] is True and answers["destinations.sls"] is True
    assert answers["oss.bucket"] == "" and answers["trail.event_rw"] == "All" and answers["oss.retention_days"] == 365
    answers.update({"oss.bucket": "acme-at", "sls.project": "acme-at"})
    assert apply_answers(answers).oss.lock is True
