"""The plain (questionary) front end on the sandbox: it asks the backfill and organization questions, and shows
the history job's progress after applying, or the blocked organization trail before anything is written."""

from __future__ import annotations

import pytest

from wizard.config import load_settings
from wizard.flow import Connection, WizardFlow
from wizard.plain import run_plain

from .wizard_cli import writes


@pytest.fixture(autouse=True)
def _private_state_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


class Answering:
    """Answers every prompt with its default, except the ones named; records what was asked."""

    def __init__(self, **answers):
        self.answers, self.asked = answers, []

    def _answer(self, message, default):
        self.asked.append(message)
        return next((value for label, value in self.answers.items() if message.startswith(label)), default)

    def text(self, message, default):
        return self._answer(message, default)

    def confirm(self, message, default):
        return self._answer(message, default)

    def select(self, message, choices, default):
        return self._answer(message, default)


def _run(sandbox, prompter, capsys) -> tuple[int, str]:
    flow = WizardFlow(Connection(sandbox_url=sandbox.url, region="cn-hangzhou"))
    try:
        code = run_plain(flow, load_settings("examples/baseline.toml"), prompter=prompter)
    finally:
        flow.close()
    return code, capsys.readouterr().out


def test_plain_mode_asks_for_the_backfill_and_shows_the_job_after_applying(sandbox, capsys):
    prompter = Answering(**{"This plan locks WORM": "acme-actiontrail"})
    code, out = _run(sandbox, prompter, capsys)
    assert code == 0, out
    assert any(m.startswith("Backfill the last 90 days") for m in prompter.asked)
    assert any(m.startswith("Organization trail") for m in prompter.asked)
    assert "CreateDeliveryHistoryJob" in out and "History backfill (job 1): initializing, 0 of 5 regions done." in out


def test_plain_mode_organization_trail_outside_a_directory_is_blocked_and_writes_nothing(sandbox, capsys):
    code, out = _run(sandbox, Answering(**{"Organization trail": True}), capsys)
    assert "needs a Resource Directory" in out and "EnableResourceDirectory" in out
    assert "No changes planned." in out and writes(sandbox) == [] and code == 2
