"""When a question is asked: predicates over the answers so far, shared by the steps (Question.when)."""

from __future__ import annotations

from steps.question import Answers


def with_oss(answers: Answers) -> bool:
    """The events go to OSS (the bucket, its key and its retention are asked)."""
    return bool(answers.get("destinations.oss", True))


def with_sls(answers: Answers) -> bool:
    """The events go to Log Service (the project, its encryption, TTL and the alerts are asked)."""
    return bool(answers.get("destinations.sls", True))


def with_cmk(answers: Answers) -> bool:
    """The Logstore is encrypted with a customer key (its key is asked)."""
    return with_sls(answers) and answers.get("sls.encryption") == "cmk"


def with_alerts(answers: Answers) -> bool:
    """Sensitive-event alerts are on (who they notify is asked)."""
    return with_sls(answers) and bool(answers.get("alerts.enabled", True))
