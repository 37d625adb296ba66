"""Answers <-> Settings: the only place the steps' flat answers become typed settings.

Building goes through wizard.core.settings.parse_settings, so an answer set is valid
exactly when a config file with the same values would be.
"""

from __future__ import annotations

from typing import Any

from steps.question import Answers
from wizard.core.names import default_destination
from wizard.core.settings import Settings
from wizard.core.settings_file import ConfigError, FieldProblem, parse_settings, settings_to_mapping


def answers_from(settings: Settings) -> Answers:
    """Prefill: the answers that reproduce these settings."""
    answers: Answers = {"destinations.oss": settings.oss is not None, "destinations.sls": settings.sls is not None}
    for section, values in settings_to_mapping(settings).items():
        if isinstance(values, dict):
            answers.update({f"{section}.{key}": value for key, value in values.items()})
        else:
            answers[section] = values
    return answers


def fresh_answers(account_id: str = "") -> Answers:
    """A new trail: every question at its best-practice default, both destinations on.

    With the account id, the bucket and project are named `actiontrail-<account id>`: bucket names are
    global across OSS, and the account id makes a clash with someone else's bucket unlikely.
    """
    from steps import STEPS

    answers: Answers = {}
    for step in STEPS:
        for question in step.questions:
            answers[question.key] = question.default
    if account_id:
        answers["oss.bucket"] = answers["sls.project"] = default_destination(account_id)
    return answers


def _mapping(answers: Answers) -> dict[str, Any]:
    """The TOML-shaped mapping: switched-off destinations dropped, alerts off without SLS."""
    dropped = {name for name in ("oss", "sls") if answers.get(f"destinations.{name}") is False}
    data: dict[str, Any] = {}
    for key, value in answers.items():
        section, _, name = key.partition(".")
        if section == "destinations" or section in dropped:
            continue
        if name:
            data.setdefault(section, {})[name] = value
        else:
            data[section] = value
    if "sls" in dropped:
        data["alerts"] = {"enabled": False}
    if data.get("sls", {}).get("encryption") != "cmk":
        data.get("sls", {}).pop("kms_key", None)
    return data


def apply_answers(answers: Answers) -> Settings:
    """Settings from a full set of answers; raises wizard.core.settings.ConfigError naming each bad field."""
    return parse_settings(_mapping(answers))


def validate_answers(answers: Answers) -> list[FieldProblem]:
    """Every problem with a set of answers, as the config loader would name it."""
    try:
        apply_answers(answers)
    except ConfigError as error:
        return error.problems
    return []
