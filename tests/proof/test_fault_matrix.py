"""The fault matrix: every write action of every example's onboarding plan, times every kind of fault.

Each case gets a fresh sandbox and its own state dir. A one-shot 500, 503, throttle or dropped connection is
retried and the first run succeeds; a 503 on every attempt stops the run with the API, code and RequestId; a
process killed with SIGKILL right after the action completes leaves a journal the re-run resumes from. Then a
re-run without the fault: the account audits clean, holds exactly one of everything the plan creates, and the
request log shows no Delete/Stop/Abort/Detach/Disable ever sent. After the faulted run, no irreversible call
(the WORM lock) was accepted unless every other action of the plan had succeeded before it. The session ends with a summary line
(tests/conftest.py): `fault matrix: N cases, M converged`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.support.cli import run
from tests.support.fault_matrix import (
    ROOT,
    Case,
    ambiguous_targets,
    cases,
    exactly_one_of_everything,
    irreversible_out_of_turn,
    onboarding_plan,
)
from wizard.cloud.apply.journal import Journal
from wizard.cloud.retry import DELAY_SCALE_ENV, RetryPolicy
from wizard.core.settings_file import load_settings
from wizard.sandbox.server import SandboxServer

CASES = cases()
KILL_LATENCY_MS = 20  # slow enough that the kill lands before the next call answers


@pytest.fixture
def state(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv(DELAY_SCALE_ENV, "0.001")  # the backoff is proven in unit tests; here it only costs time
    return tmp_path / "state"


def _apply(sandbox, case: Case):
    return run(sandbox, "apply", "--config", str(case.example), "--yes", "--benchmark", case.benchmark)


def _journal(state) -> list[dict]:
    return [r for path in sorted(state.rglob("journal-*.jsonl")) for r in Journal(path).records()]


def _kill_right_after(case: Case, sandbox, state) -> bool:
    """Run apply in a real process and SIGKILL it once the journal holds this action; True if it had finished."""
    env = {**os.environ, "XDG_STATE_HOME": str(state), DELAY_SCALE_ENV: "0.001"}
    sandbox.latency_ms = KILL_LATENCY_MS
    with open(state.parent / "stderr.txt", "w+") as stderr:
        process = subprocess.Popen([sys.executable, "-m", "wizard", "apply", "--config", str(case.example), "--yes",
                                    "--benchmark", case.benchmark, "--sandbox-url", sandbox.url], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                   stderr=stderr)
        deadline = time.monotonic() + 60
        while not any(r.get("event") == "action-done" and r.get("action") == case.action.id
                      for r in _journal(state)):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                stderr.seek(0)
                pytest.fail(f"apply ended ({process.wait()}) before {case.action.id} completed: {stderr.read()}")
            time.sleep(0.002)
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    sandbox.latency_ms = 0
    records = _journal(state)
    last_start = max(i for i, r in enumerate(records) if r["event"] == "run-started")
    return any(r["event"] == "run-finished" for r in records[last_start:])


def _first_run(case: Case, sandbox, state) -> bool:
    """The run with the fault armed, checked for its kind; True when a re-run must say it resumes."""
    if case.kind.name == "killed":
        return not _kill_right_after(case, sandbox, state)
    sandbox.arm_fault(case.spec)
    first = _apply(sandbox, case)
    assert "Traceback" not in first.err
    fired = [r for r in sandbox.requests() if r["fault"] == case.spec]
    if case.kind.once:
        assert len(fired) == 1, f"the fault {case.spec} fired {len(fired)} times"
        assert first.code == 0, first.out + first.err
        assert f"{case.kind.code}, retrying" in first.out
        return False
    assert len(fired) == RetryPolicy().attempts, "every attempt met the fault, then the run stopped"
    if case.action.optional:  # the history backfill: reported as skipped, the rest of the apply goes on
        assert first.code == 0, first.out + first.err
        assert f"{case.action.api} {case.action.resource}: skipped (optional): {case.kind.code}" in first.out
        return False
    assert first.code == 1, first.out + first.err
    assert f"{case.action.service} {case.api} failed: {case.kind.code}" in first.err
    assert "RequestId" in first.err and "then resume with: actiontrail-wizard apply --config" in first.err
    return True


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_fault_case(case: Case, state):
    with SandboxServer(state.parent / "sandbox.db", starter_state="bare") as sandbox:  # every step of the plan runs
        resumes = _first_run(case, sandbox, state)
        assert irreversible_out_of_turn(sandbox.requests(), onboarding_plan(load_settings(case.example))) == []
        sandbox.clear_faults()
        again = _apply(sandbox, case)
        assert again.code == 0, again.out + again.err
        assert ("Resuming" in again.out) == resumes
        exactly_one_of_everything(sandbox, case.example, case.benchmark)


def test_every_targeted_fault_hits_exactly_its_action():
    assert ambiguous_targets() == []


def test_the_matrix_covers_every_write_step_of_every_example():
    from tests.support.fault_matrix import EXAMPLES, KINDS, inner_calls, onboarding_plan
    from wizard.core.settings_file import load_settings

    plans = [onboarding_plan(load_settings(e)) for e in EXAMPLES]
    steps, inner = sum(p.changes for p in plans), sum(inner_calls(p.actions) for p in plans)
    assert len(EXAMPLES) >= 2 and steps > 30 and inner >= 2 * len(EXAMPLES)  # every example makes a key
    assert len(CASES) == steps * len(KINDS) + inner * (len(KINDS) - 1)
