"""The dependency-ordered runner behind concurrent apply: order, bound, stop at the first failure, no orphans."""

from __future__ import annotations

import threading
import time

import pytest

from wizard.cloud.apply.dag import run_graph


class Recorder:
    def __init__(self, fail=(), delay=0.02):
        self.fail, self.delay = set(fail), delay
        self.started, self.finished = [], []
        self.in_flight = self.peak = 0
        self.lock = threading.Lock()

    def prepare(self, job):
        self.started.append(job)

        def work():
            with self.lock:
                self.in_flight += 1
                self.peak = max(self.peak, self.in_flight)
            time.sleep(self.delay)
            with self.lock:
                self.in_flight -= 1
            if job in self.fail:
                raise RuntimeError(job)
            return job
        return work

    def finish(self, job, future):
        self.finished.append(job)
        return future.exception() is None


GRAPH = {"a": (), "b": ("a",), "c": ("a",), "d": ("b", "c"), "e": (), "f": ("e",)}


def test_dependencies_first_and_independent_jobs_together():
    rec = Recorder()
    assert run_graph(list(GRAPH), GRAPH, rec.prepare, rec.finish, max_workers=8) == []
    for job, deps in GRAPH.items():
        assert all(rec.finished.index(d) < rec.started.index(job) for d in deps), job
    assert rec.peak >= 2, "a and e have no dependency between them"


def test_the_number_in_flight_is_bounded():
    jobs = [f"j{i}" for i in range(12)]
    rec = Recorder()
    run_graph(jobs, {}, rec.prepare, rec.finish, max_workers=3)
    assert rec.peak == 3 and sorted(rec.finished) == sorted(jobs)


def test_one_worker_is_plan_order():
    rec = Recorder(delay=0)
    run_graph(list(GRAPH), GRAPH, rec.prepare, rec.finish, max_workers=1)
    assert rec.started == rec.finished == list(GRAPH)


def test_a_failure_stops_new_jobs_but_running_ones_finish():
    rec = Recorder(fail={"a"})
    a_handled = threading.Event()
    prepare_as_usual = rec.prepare

    def prepare(job):  # e is still running when a's failure is handled, however loaded the machine
        work = prepare_as_usual(job)
        return (lambda: (a_handled.wait(10), work())[1]) if job == "e" else work

    def finish(job, future):
        accepted = rec.finish(job, future)
        if job == "a":
            a_handled.set()
        return accepted
    never = run_graph(list(GRAPH), GRAPH, prepare, finish, max_workers=2)
    assert "a" in rec.finished and "e" in rec.finished, "e was running when a failed: it is finished, not lost"
    assert set(rec.started) == {"a", "e"} and set(never) == {"b", "c", "d", "f"}


def test_an_interrupt_waits_for_running_jobs_then_propagates():
    rec = Recorder(delay=0.05)

    def finish(job, future):
        rec.finish(job, future)
        if job == "a":
            raise KeyboardInterrupt
        return True
    with pytest.raises(KeyboardInterrupt):
        run_graph(["a", "e", "x"], {}, rec.prepare, finish, max_workers=2)
    assert set(rec.finished) >= {"a", "e"} and rec.in_flight == 0


def test_workers_must_be_positive():
    with pytest.raises(ValueError):
        run_graph(["a"], {}, Recorder().prepare, Recorder().finish, max_workers=0)
