"""Apply runs independent calls at the same time, never more than its bound, and in plan order with one worker;
the progress lines count completions whatever order the calls answer in."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.support.cli import WRITE_PREFIXES, run
from wizard.core.observed import Observed
from wizard.core.plan import Action
from wizard.core.planning.planner import plan
from wizard.core.settings_file import load_settings
from wizard.report.progress import progress_printer

BASELINE = "examples/baseline.toml"


def _writes(sandbox) -> list[dict]:
    return [r for r in sandbox.requests() if r["operation"].startswith(WRITE_PREFIXES)]


def _most_at_once(records: list[dict]) -> int:
    stamps = sorted([(r["received"], 1) for r in records] + [(r["answered"], -1) for r in records])
    running = peak = 0
    for _, step in stamps:
        running += step
        peak = max(peak, running)
    return peak


@pytest.fixture(autouse=True)
def _private_state(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def test_independent_calls_overlap_within_the_bound(sandbox, monkeypatch):
    monkeypatch.setenv("ACTIONTRAIL_WIZARD_APPLY_WORKERS", "3")
    sandbox.latency_ms = 30
    assert run(sandbox, "apply", "--config", BASELINE, "--yes").code == 0
    assert _most_at_once(_writes(sandbox)) == 3


def test_one_worker_is_the_plan_order(bare_sandbox, monkeypatch):
    sandbox = bare_sandbox  # no admin group yet: the account is empty as the plan against Observed() assumes
    monkeypatch.setenv("ACTIONTRAIL_WIZARD_APPLY_WORKERS", "1")
    settings = load_settings(BASELINE)
    planned = [a.api for a in plan(settings, Observed(region=settings.region)).actions]
    assert run(sandbox, "apply", "--config", BASELINE, "--yes").code == 0
    writes = _writes(sandbox)
    assert _most_at_once(writes) == 1
    assert [r["operation"] for r in writes] == planned


def test_progress_counts_completions_not_plan_positions():
    @dataclass
    class Event:
        index: int
        action: Action
        state: str
        request_id: str = "R"

    actions = [Action(f"a{i}", "oss", "PutBucket", {}, "why", resource=f"oss://b{i}") for i in range(3)]
    lines: list[str] = []
    show = progress_printer(3, lines.append)
    for index in (2, 0, 1):  # answers arrive out of plan order
        show(Event(index, actions[index], "running"))
        show(Event(index, actions[index], "done"))
    assert [line.split("]")[0] + "]" for line in lines] == ["[1/3]", "[2/3]", "[3/3]"]
    assert "oss://b2" in lines[0]
