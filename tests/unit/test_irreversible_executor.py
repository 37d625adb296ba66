"""The executor's side of "irreversible last" (issue 12, finding 1): whatever the plan's own ordering, an irreversible
action starts only once every other action has finished and none failed, and a plan whose irreversible action does
not wait for every other one is refused before any call."""

from __future__ import annotations

import threading
import time

import pytest

from wizard.cloud.apply.dag import run_graph
from wizard.cloud.apply.executor import check_plan
from wizard.core.plan import Action, Plan
from wizard.errors import WizardError


class Recorder:
    def __init__(self, fail=(), slow=()):
        self.fail, self.slow = set(fail), set(slow)
        self.started, self.finished = [], []
        self.lock = threading.Lock()

    def prepare(self, job):
        self.started.append(job)

        def work():
            time.sleep(0.05 if job in self.slow else 0.001)
            if job in self.fail:
                raise RuntimeError(job)
            return job
        return work

    def finish(self, job, future):
        self.finished.append(job)
        return future.exception() is None or job == "optional"


def test_a_last_job_starts_only_when_every_other_job_has_finished():
    graph = {"a": (), "slow": (), "lock": ("a",), "optional": ()}
    rec = Recorder(slow={"slow", "optional"})
    assert run_graph(list(graph), graph, rec.prepare, rec.finish, max_workers=8, last={"lock"}) == []
    assert rec.started[-1] == "lock"
    assert {"a", "slow", "optional"} <= set(rec.finished[:rec.finished.index("lock")])


def test_a_last_job_never_starts_after_a_failure():
    graph = {"a": (), "b": (), "lock": ()}
    rec = Recorder(fail={"b"})
    left = run_graph(list(graph), graph, rec.prepare, rec.finish, max_workers=8, last={"lock"})
    assert "lock" not in rec.started and left == ["lock"]


def test_a_last_job_waits_for_an_optional_failure_then_runs():
    graph = {"optional": (), "lock": ()}
    rec = Recorder(fail={"optional"})
    run_graph(list(graph), graph, rec.prepare, rec.finish, max_workers=8, last={"lock"})
    assert rec.started == ["optional", "lock"]


def _action(action_id, depends_on=(), irreversible=False, optional=False, api="PutBucketAcl"):
    return Action(action_id, "oss", api, {"Bucket": "b"}, "why", depends_on=depends_on, irreversible=irreversible,
                  optional=optional)


def test_check_plan_refuses_an_irreversible_action_that_does_not_wait_for_every_other_one():
    a, b = _action("a"), _action("b", ("a",))
    lock = _action("lock", ("a",), irreversible=True, api="CompleteBucketWorm")
    with pytest.raises(WizardError, match="lock .* b"):
        check_plan(Plan(actions=(a, b, lock)))
    check_plan(Plan(actions=(a, b, _action("lock", ("b",), irreversible=True, api="CompleteBucketWorm"))))
    extend = _action("extend", ("lock",), irreversible=True, api="ExtendBucketWorm")
    check_plan(Plan(actions=(a, b, _action("lock", ("b",), irreversible=True, api="CompleteBucketWorm"), extend)))
