"""execute(session, plan): each approved Action becomes one SDK call; independent calls run concurrently.

An action starts once every action in its `depends_on` has answered (dag.py),
at most MAX_CONCURRENT_WRITES at a time. Transient errors are retried
(retry.py); the first hard error stops new calls, lets running ones finish, and
reports the service's code, message, RequestId and a hint, except on an optional
action (the history backfill): that one is reported as skipped and the run goes
on. Every completed action goes to the journal. Output references ("${kms.create-key.KeyId}",
"${account.AccountId}", "${account.Arn}": who runs it, "${apply.Time}": when it started, "${apply.Id}": a
random id of this run) are resolved from earlier answers.
"""

from __future__ import annotations

import os
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from wizard.cloud.apply.account_lock import Superseded
from wizard.cloud.apply.calls import ALREADY_DONE, CALLS
from wizard.cloud.apply.calls.actiontrail import require_logging
from wizard.cloud.apply.ctrl_c import ctrl_c_sets
from wizard.cloud.apply.dag import run_graph
from wizard.cloud.apply.journal import Journal
from wizard.cloud.errors import CloudError
from wizard.cloud.retry import RetryPolicy
from wizard.core.plan import Action, Plan
from wizard.core.planning.invariants import FORBIDDEN_PREFIXES
from wizard.core.progress import ActionEvent, ActionState
from wizard.errors import WizardError

_REF = re.compile(r"\$\{(?!env:)([^}]+)\}")  # ${env:NAME} is a secret: only its call resolves it
MAX_CONCURRENT_WRITES = 8  # calls in flight at once: the plan's independent branches, gentle on rate limits
WORKERS_ENV = "ACTIONTRAIL_WIZARD_APPLY_WORKERS"  # 1 to 32; 1 runs the plan strictly in order
GATE = "apply.lock"  # the account lock, a job of the graph every write but PutBucket waits for


def apply_workers() -> int:
    """How many calls apply runs at once: the environment's choice if it is a number from 1 to 32, else 8."""
    value = os.environ.get(WORKERS_ENV, "")
    return int(value) if value.isdigit() and 1 <= int(value) <= 32 else MAX_CONCURRENT_WRITES


@dataclass
class ExecutionResult:
    done: list[tuple[Action, dict]] = field(default_factory=list)  # in the order they completed
    failures: list[tuple[Action, CloudError]] = field(default_factory=list)  # the first stopped the run
    skipped: list[tuple[Action, CloudError]] = field(default_factory=list)  # optional actions that failed
    stopped: bool = False  # the operator stopped it (q, Ctrl-C): the calls in flight finished, no more started
    superseded: str = ""  # another apply ran after the account was read: nothing was written, re-plan

    @property
    def failed(self) -> tuple[Action, CloudError] | None:
        return self.failures[0] if self.failures else None

    @property
    def ok(self) -> bool:
        return not self.failures and not self.stopped and not self.superseded


def check_plan(plan: Plan) -> None:
    """Refuse a plan before any call if it holds an unknown or a weakening API, or an irreversible action that does
    not wait for every other (non-optional) action (defence in depth)."""
    optional = {a.id for a in plan.actions if a.optional}
    earlier: set[str] = set()
    waits_for: dict[str, set[str]] = {}  # every action an action waits for, directly or not
    for action in plan.actions:
        waits_for[action.id] = set(action.depends_on).union(*(waits_for.get(d, set()) for d in action.depends_on))
        if action.irreversible:
            missing = {a.id for a in plan.actions if not a.optional and not a.irreversible} - waits_for[action.id]
            if missing:
                raise WizardError(f"irreversible action {action.id} does not wait for {', '.join(sorted(missing))}: "
                                  "an irreversible step runs only once every other step has succeeded")
        if optional.intersection(action.depends_on):
            raise WizardError(f"action {action.id} depends on an optional action, which may be skipped")
        if not set(action.depends_on) <= earlier:
            raise WizardError(f"action {action.id} depends on {', '.join(sorted(set(action.depends_on) - earlier))}, "
                              "which is not an earlier action of the plan")
        earlier.add(action.id)
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
            retry: RetryPolicy | None = None, max_workers: int | None = None, caller_arn: str = "",
            stop: threading.Event | None = None, gate=None) -> ExecutionResult:
    """Run the plan's calls, each as soon as its `depends_on` are done, at most `max_workers` at a time
    (default: apply_workers()).

    The first hard error stops new calls from starting; calls already running finish and are journaled.
    So does `stop` being set, or Ctrl-C (KeyboardInterrupt): then the result says `stopped`, with what was done.
    `on_event` is never called concurrently (front ends need no locking). max_workers=1 runs in plan order.
    `gate` (cloud/apply/account_lock.py) is opened before the first call but PutBucket of the log bucket (the
    lock lives in it) and closed at the end, however the run ends.
    """
    check_plan(plan)
    retry = retry or RetryPolicy()
    outputs: dict[str, Any] = {"account.AccountId": account_id, "account.Arn": caller_arn or f"account {account_id}",
                               "apply.Time": time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()),
                               "apply.Id": secrets.token_hex(4)}
    result = ExecutionResult()
    actions = {a.id: a for a in plan.actions}
    index = {a.id: i for i, a in enumerate(plan.actions)}
    lock = threading.Lock()

    def emit(event: ActionEvent) -> None:
        with lock:
            on_event(event)

    def prepare(action_id: str):
        action = actions[action_id]
        params = resolve_references(action.params, outputs)  # every dependency has answered by now
        emit(ActionEvent(index[action_id], action, ActionState.RUNNING))

        def on_retry(attempt: int, delay: float, error: CloudError) -> None:
            emit(ActionEvent(index[action_id], action, ActionState.RETRYING, attempt=attempt, delay=delay, error=error))
        lock = plan.lock_of(action_id)

        def run():
            if lock is not None:  # read right before the lock: the trail must be recording
                retry.run(lambda: require_logging(session, lock.trail, lock.organization), "actiontrail",
                          "GetTrailStatus")
            return retry.run(lambda: _call(session, action, params), action.service, action.api, on_retry)
        return run

    def finish(action_id: str, future) -> bool:
        action, error = actions[action_id], future.exception()
        if error is not None:
            error = CloudError.from_sdk(error, action.service, action.api)
            state = ActionState.SKIPPED if action.optional else ActionState.FAILED  # an optional step is reported, never fatal
            (result.skipped if action.optional else result.failures).append((action, error))
            if journal:
                journal.append(f"action-{state}", action=action.id, api=action.api, code=error.code,
                               request_id=error.request_id)
            emit(ActionEvent(index[action_id], action, state, request_id=error.request_id, error=error))
            return action.optional
        answer = future.result()
        outputs.update({f"{action.id}.{key}": value for key, value in answer.items()})
        result.done.append((action, answer))
        if journal:
            journal.append("action-done", action=action.id, service=action.service, api=action.api,
                           resource=action.resource, request_id=answer.get("RequestId", ""),
                           outputs={k: v for k, v in answer.items() if k != "RequestId"})
        emit(ActionEvent(index[action_id], action, ActionState.DONE, request_id=answer.get("RequestId", "")))
        return not stop.is_set()  # stopped: nothing new starts; run_graph says what never started

    ids = [a.id for a in plan.actions]
    depends_on = {a.id: a.depends_on for a in plan.actions}
    opened = []
    if gate is not None:
        free = {"oss.put-bucket"} & set(ids)  # a bucket one owns answers PutBucket again: harmless before the lock
        depends_on = {i: d if i in free else (*d, GATE) for i, d in depends_on.items()}
        ids, depends_on[GATE] = [GATE, *ids], tuple(free)
        plain_prepare, plain_finish = prepare, finish

        def prepare(action_id: str):  # noqa: F811 - the gate is a job of the graph, not an action
            return gate.open if action_id == GATE else plain_prepare(action_id)

        def finish(action_id: str, future) -> bool:  # noqa: F811
            if action_id != GATE:
                return plain_finish(action_id, future)
            error = future.exception()
            if error is None:
                opened.append(True)
            elif isinstance(error, Superseded):
                result.superseded = str(error)
            else:
                result.failures.append((gate.action, CloudError.from_sdk(error, gate.action.service,
                                                                         gate.action.api)))
            return error is None

    if journal:
        journal.append("run-started", actions=len(plan.actions))
    stop = stop or threading.Event()
    try:
        with ctrl_c_sets(stop) as ctrl_c:
            left = run_graph(ids, depends_on, prepare, finish, max_workers or apply_workers(),
                             last={a.id for a in plan.actions if a.irreversible})
        # Ctrl-C: exit 130 even if the last call in flight was the last call
        result.stopped = ctrl_c.pressed or (bool(left) and stop.is_set() and not result.failures)
    except KeyboardInterrupt:  # run_graph waited for the calls in flight and recorded them
        result.stopped = True
        return result
    finally:
        if opened:
            gate.close("done" if result.ok else "stopped")
    if journal and result.ok:
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
