"""The wizard's steps, in order. Each module declares its questions once (see question.py)."""

from __future__ import annotations

from steps.access import STEP as ACCESS
from steps.account import STEP as ACCOUNT
from steps.alerts import STEP as ALERTS
from steps.answers import answers_from, apply_answers, fresh_answers, validate_answers
from steps.destinations import STEP as DESTINATIONS
from steps.encryption import STEP as ENCRYPTION
from steps.known import known_from
from steps.question import Answers, Known, Question, Step
from steps.retention import STEP as RETENTION
from steps.trail import STEP as TRAIL

STEPS: tuple[Step, ...] = (ACCOUNT, TRAIL, DESTINATIONS, ENCRYPTION, RETENTION, ACCESS, ALERTS)

__all__ = ["STEPS", "Answers", "Known", "Question", "Step", "answers_from", "apply_answers", "fresh_answers",
           "known_from", "validate_answers"]
