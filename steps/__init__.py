"""The wizard's steps, in order. Each module declares its questions once (see question.py)."""

from __future__ import annotations

from .access import STEP as ACCESS
from .account import STEP as ACCOUNT
from .alerts import STEP as ALERTS
from .answers import answers_from, apply_answers, fresh_answers, validate_answers
from .destinations import STEP as DESTINATIONS
from .encryption import STEP as ENCRYPTION
from .known import known_from
from .question import Answers, Known, Question, Step
from .retention import STEP as RETENTION
from .trail import STEP as TRAIL

STEPS: tuple[Step, ...] = (ACCOUNT, TRAIL, DESTINATIONS, ENCRYPTION, RETENTION, ACCESS, ALERTS)

__all__ = ["STEPS", "Answers", "Known", "Question", "Step", "answers_from", "apply_answers", "fresh_answers",
           "known_from", "validate_answers"]
