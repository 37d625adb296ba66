"""execute(session, plan): each approved Action becomes one SDK call, in plan order.

Transient errors are retried (retry.py); the first hard error stops the run
with the service's code, message, RequestId and a hint, except on an optional
action (the history backfill): that one is reported as skipped and the run goes on. Every completed action
goes to the journal. Output references ("${kms.create-key.KeyId}",
"${account.AccountId}") are resolved from earlier answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ..actions import Action, Plan
from ..errors import WizardError
from ..journal import Journal
from ..planning.invariants import FORBIDDEN_PREFIXES
from .calls import ALREADY_DONE, CALLS
from .errors import CloudError
from .retry import RetryPolicy

_REF = re.compile(r"\$\{([^}]+)\}")


@dataclass(frozen=True)
class ActionEvent:
    """Progress for a front end: state is running | retrying | done | failed | skipped (an optional action failed)."""

    index: int
    action: Action
    state: str
    request_id: str = ""
    attempt: int = 0
    delay: float = 0.0
    error: CloudError | None = None


@dataclass
class ExecutionResult:
    done: list[tuple[Action, dict]] = field(default_factory=list)
    failed: tuple[Action, CloudError] | None = None
    skipped: list[tuple[Action, CloudError]] = field(default_factory=list)  # optional actions that failed

    @property
    def ok(self) -> bool:
        return self.failed is None


def check_plan(plan: Plan) -> None:
    """Refuse a plan before any call if it holds an unknown or a weakening API (defence in depth)."""
    optional = {a.id for a in plan.actions if a.optional}
    for action in plan.actions:
        if optional.intersection(action.depends_on):
            raise WizardError(f"action {action.id} depends on an optional action, which may be skipped")
        if action.api.startswith(FORBIDDEN_PREFIXES):
            raise WizardError(f"refusing to run {action.service} {action.api}: the wizard never deletes, stops, "
                              "detaches or disables")
        if (action.service, action.api) not in CALLS:
            raise WizardError(f"no SDK call is known for {action.service} {action.api} (action {action.id})")


def resolve_references(value: Any, outputs: dict[str, Any]) -> Any:
    """Replace "${<action id>.<Field>}" with earlier outputs (a whole-string reference keeps its type)."""
    if isinstance(value, str):
        whole = _REF.fullmatch(value)
        if whole:
            return outputs[whole.group(1)]
        return _REF.sub(lambda m: str(outputs[m.group(1)]), value)
    if isinstance(value, dict):
        return {k: resolve_references(v, outputs) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve_references(v, outputs) for v in value]
    return value


def execute(session, plan: Plan, *, account_id: str, journal: Journal | None = None,
            on_event: Callable[[ActionEvent], None] = lambda event: None,
            retry: RetryPolicy | None = None) -> ExecutionResult:
    check_plan(plan)
    retry = retry or RetryPolicy()
    outputs: dict[str, Any] = {"account.AccountId": account_id}
    result = ExecutionResult()
    if journal:
        journal.append("run-started", actions=len(plan.actions))
    for index, action in enumerate(plan.actions):
        on_event(ActionEvent(index, action, "running"))
        try:
            params = resolve_references(action.params, outputs)
            answer = retry.run(lambda: _call(session, action, params), action.service, action.api,
                               lambda attempt, delay, error: on_event(
                                   ActionEvent(index, action, "retrying", attempt=attempt, delay=delay, error=error)))
        except CloudError as error:
            if action.optional:
                result.skipped.append((action, error))
                on_event(ActionEvent(index, action, "skipped", request_id=error.request_id, error=error))
                if journal:
                    journal.append("action-skipped", action=action.id, api=action.api, code=error.code,
                                   request_id=error.request_id)
                continue
            result.failed = (action, error)
            on_event(ActionEvent(index, action, "failed", request_id=error.request_id, error=error))
            if journal:
                journal.append("action-failed", action=action.id, api=action.api, code=error.code,
                               request_id=error.request_id)
            return result
        outputs.update({f"{action.id}.{key}": value for key, value in answer.items()})
        result.done.append((action, answer))
        if journal:
            journal.append("action-done", action=action.id, service=action.service, api=action.api,
                           resource=action.resource, request_id=answer.get("RequestId", ""),
                           outputs={k: v for k, v in answer.items() if k != "RequestId"})
        on_event(ActionEvent(index, action, "done", request_id=answer.get("RequestId", "")))
    if journal:
        journal.append("run-finished", actions=len(result.done))
    return result


def _call(session, action: Action, params: dict) -> dict:
    try:
        return CALLS[(action.service, action.api)](session, params)
    except Exception as raw:  # noqa: BLE001
        error = CloudError.from_sdk(raw, action.service, action.api)
        if ALREADY_DONE.get((action.service, action.api)) == error.code:
            return {"RequestId": error.request_id, "AlreadyExisted": True}
        raise error from None
