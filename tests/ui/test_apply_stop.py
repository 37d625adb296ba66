"""Stopping an apply in the Textual wizard, as a person would: `q` or Ctrl-C while the calls run.

The screen says it will stop after the calls in flight; they finish, nothing new starts, and the wizard
exits 130 saying how many changes were made and the command that resumes, which, pasted, converges.
`d` shows a call's whole RequestId, the one the sandbox logged.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from textual.widgets import Static

from tests.support.cli import changes_made, run_process, writes
from tests.support.pilot import audited, run, sandbox_flow, wait_for, wait_screen, walk_steps, welcomed
from wizard.cloud.apply.journal import Journal
from wizard.ui.app import WizardApp
from wizard.ui.screens.apply import ApplyScreen
from wizard.ui.screens.call_detail import CallDetailScreen
from wizard.ui.screens.confirm import ConfirmApplyScreen
from wizard.ui.screens.plan import PlanScreen

NAMES = {"oss.bucket": "acme-actiontrail", "sls.project": "acme-actiontrail", "access.auditors": "group:security-auditors",
         "access.admins": "group:actiontrail-admins", "access.admin_users": "user:cloud-admin"}


@pytest.fixture(autouse=True)
def _private_state_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("ACTIONTRAIL_WIZARD_APPLY_WORKERS", "2")
    monkeypatch.chdir(tmp_path)


async def _approved(pilot) -> ApplyScreen:
    """Onboarding up to the running apply: a new trail, the plan, the bucket name typed."""
    await welcomed(pilot)
    await audited(pilot)
    await pilot.press("n")
    await walk_steps(pilot, NAMES)
    await wait_screen(pilot, PlanScreen)
    await pilot.press("a")
    await wait_screen(pilot, ConfirmApplyScreen)
    await pilot.press(*"acme-actiontrail", "enter")
    return await wait_screen(pilot, ApplyScreen)


def _status(screen) -> str:
    return str(screen.query_one("#status", Static).render())


@pytest.mark.parametrize("key", ["q", "ctrl+c"])
def test_stopping_an_apply_finishes_the_calls_in_flight_and_says_how_to_resume(sandbox, key):
    sandbox.latency_ms = 150  # slow enough to stop in the middle

    async def scenario():
        app = WizardApp(sandbox_flow(sandbox))
        async with app.run_test(size=(80, 24)) as pilot:
            apply = await _approved(pilot)
            await wait_for(pilot, lambda: any(e.state == "done" for events in apply.events.values() for e in events),
                           timeout=60)
            await pilot.press(key)
            told = [n.message for n in app._notifications]  # noqa: SLF001 - the toast on screen
            assert any("Stopping: the calls in flight finish and are recorded, then nothing new starts" in m
                       for m in told), told
            await wait_for(pilot, lambda: apply.finished is not None, timeout=60)
            assert apply.finished == "stopped"
            shown = _status(apply)
            await pilot.press("q")
        return app.return_value, app.front.messages, shown

    code, messages, shown = run(scenario())
    sandbox.latency_ms = 0
    made = changes_made(sandbox)
    assert code == 130
    said = "\n".join(messages)
    assert f"Stopped: {made} of " in shown and f"Stopped: {made} of " in said, (made, said)
    assert 0 < made < 30, "stopped in the middle, every call that was sent was waited for and counted"
    resume = said[said.index("Resume with: ") + len("Resume with: "):].split("\n")[0].strip()
    assert resume == f"actiontrail-wizard apply --config actiontrail-plan/{sandbox.account.account_id}/settings.toml " \
                     f"--sandbox-url {sandbox.url}"
    again = run_process(*shlex.split(resume)[1:], "--yes", cwd=Path.cwd())  # pasted as printed, for a script
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"Resuming: an earlier run stopped after {made} action(s)" in again.stdout


def test_ctrl_c_before_applying_changes_nothing_and_exits_130(sandbox):
    async def scenario():
        app = WizardApp(sandbox_flow(sandbox))
        async with app.run_test(size=(80, 24)) as pilot:
            await welcomed(pilot)
            await audited(pilot)
            await pilot.press("ctrl+c")
            await wait_for(pilot, lambda: not app.is_running or app.return_value is not None, timeout=30)
        return app.return_value, app.front.messages

    code, messages = run(scenario())
    assert code == 130 and messages == ["Interrupted: no changes were made."]
    assert writes(sandbox) == []


def test_d_shows_a_calls_whole_request_id(sandbox):
    async def scenario():
        app = WizardApp(sandbox_flow(sandbox))
        async with app.run_test(size=(80, 24)) as pilot:
            apply = await _approved(pilot)
            await wait_for(pilot, lambda: apply.finished is not None, timeout=60)
            apply.query_one("DataTable").move_cursor(row=0)
            await pilot.press("d")
            detail = await wait_screen(pilot, CallDetailScreen)
            text = str(detail.query_one(Static).render())
            await pilot.press("escape")
            await wait_screen(pilot, ApplyScreen)
            return text, apply.plan.actions[0].api

    text, api = run(scenario())
    journal = [r for path in Path("state").rglob("journal-*.jsonl") for r in Journal(path).records()]
    first = next(r for r in journal if r.get("api") == api)  # the first row's call, as the SDK answered it
    assert len(first["request_id"]) > 13 and f"RequestId {first['request_id']}" in text, text
