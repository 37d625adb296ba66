"""Apply's progress as plain data: one ActionEvent per state change of a planned call.

The executor (wizard.cloud.apply) emits them; the apply screen and the progress
lines (wizard.report.progress) show them, without importing the cloud layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from wizard.core.plan import Action


class ActionState(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    RETRYING = "retrying"
    DONE = "done"
    FAILED = "failed"  # stops the run
    SKIPPED = "skipped"  # an optional action failed: reported, never fatal


@dataclass(frozen=True)
class ActionEvent:
    index: int  # the action's position in the plan
    action: Action
    state: ActionState
    request_id: str = ""
    attempt: int = 0
    delay: float = 0.0  # before the next attempt
    error: Any = None  # a wizard.cloud.errors.CloudError (code, detail, hint, request_id) when failed or retrying
