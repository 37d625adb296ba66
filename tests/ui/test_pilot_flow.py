"""The whole wizard, driven by key presses against the sandbox; the result is checked in the cloud via the SDK."""

from __future__ import annotations

import pytest
from alibabacloud_actiontrail20200706 import models as at
from alibabacloud_oss_v2 import models as oss

from wizard.ui.app import WizardApp
from wizard.ui.screens.apply import ApplyScreen
from wizard.ui.screens.audit import AuditScreen
from wizard.ui.screens.plan import PlanScreen
from wizard.ui.screens.step import StepScreen
from wizard.ui.screens.summary import SummaryScreen
from wizard.ui.screens.welcome import WelcomeScreen

from ..sandbox.clients import actiontrail_client, oss_client
from .helpers import run, sandbox_flow, wait_for, wait_screen


@pytest.fixture(autouse=True)
def _private_state_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)


async def _walk_steps(pilot, typed: dict[str, str]) -> None:
    """Next through the seven steps; where a field is named, click it, clear it and type, as a person would."""
    for number in range(1, 8):
        screen = await wait_screen(pilot, StepScreen)
        await wait_for(pilot, lambda: pilot.app.screen.number == number)
        for key, text in typed.items():
            selector = f"#field-{key.replace('.', '-')} #value"
            if screen.query(selector):
                await pilot.click(selector)
                await pilot.press("home", "ctrl+k", *text)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert pilot.app.screen is not screen or not screen.problems(), "a step with a problem does not advance"


def test_onboard_a_new_account_end_to_end(sandbox, tmp_path):
    async def scenario():
        app = WizardApp(sandbox_flow(sandbox))
        async with app.run_test(size=(100, 40)) as pilot:
            welcome = await wait_screen(pilot, WelcomeScreen)
            await wait_for(pilot, lambda: welcome.identity is not None)
            assert welcome.identity.account_id == sandbox.account.account_id
            await pilot.press("enter")
            audit = await wait_screen(pilot, AuditScreen)
            await wait_for(pilot, lambda: audit.observed is not None)
            await pilot.press("n")
            await _walk_steps(pilot, {"oss.bucket": "acme-actiontrail", "sls.project": "acme-actiontrail",
                                      "access.admins": "user:cloud-admin"})
            plan = await wait_screen(pilot, PlanScreen)
            assert plan.plan.changes > 20 and any(a.irreversible for a in plan.plan.actions)
            assert [r["operation"] for r in sandbox.requests() if r["operation"].startswith(("Create", "Put"))] \
                == [], "nothing is written before the plan is approved"
            await pilot.press("s")
            await pilot.press("a")
            await pilot.pause()
            await pilot.press(*"wrong-name", "enter")
            await pilot.pause()
            assert isinstance(pilot.app.screen, type(pilot.app.screen)) and not isinstance(pilot.app.screen,
                                                                                            ApplyScreen)
            field = pilot.app.screen.query_one("#bucket")
            field.value = ""
            await pilot.press(*"acme-actiontrail", "enter")
            apply = await wait_screen(pilot, ApplyScreen)
            await wait_for(pilot, lambda: apply.finished is not None, timeout=60)
            assert apply.finished == "done"
            await pilot.press("enter")
            summary = await wait_screen(pilot, SummaryScreen)
            await wait_for(pilot, lambda: not summary.query_one("#verifying").display, timeout=30)
            assert "Verified: every rule passes" in str(summary.query_one("#verdict").render())
            backfill = summary.query_one("#backfill")
            await wait_for(pilot, lambda: "History backfill (job 1): initializing" in str(backfill.render()))
            sandbox.advance_clock(600)  # the history job finishes; "r" reads its progress again
            await pilot.press("r")
            await wait_for(pilot, lambda: "job 1): finished, 5 of 5 regions done" in str(backfill.render()))
            await pilot.press("q")
        return app.return_value

    assert run(scenario()) == 0
    trail = actiontrail_client(sandbox).describe_trails(at.DescribeTrailsRequest()).body.trail_list[0]
    assert (trail.name, trail.event_rw, trail.trail_region, trail.status) == ("actiontrail-baseline", "All", "All",
                                                                              "Enable")
    worm = oss_client(sandbox).get_bucket_worm(oss.GetBucketWormRequest(bucket="acme-actiontrail"))
    assert worm.worm_configuration.state == "Locked"
    assert (tmp_path / "actiontrail-plan" / "plan.json").exists()
    assert (tmp_path / "actiontrail-plan" / "settings.toml").read_text().count("acme-actiontrail") == 2


def test_rerun_fixes_a_drifted_setup(sandbox):
    from ..sandbox.wizard_cli import run as cli

    assert cli(sandbox, "apply", "--config", "examples/baseline.toml".replace("examples", str(
        __import__("pathlib").Path(__file__).resolve().parents[2] / "examples")), "--yes").code == 0
    client = actiontrail_client(sandbox)
    client.stop_logging(at.StopLoggingRequest(name="actiontrail-baseline"))
    client.update_trail(at.UpdateTrailRequest(name="actiontrail-baseline", event_rw="Write"))

    async def scenario():
        app = WizardApp(sandbox_flow(sandbox))
        async with app.run_test(size=(100, 40)) as pilot:
            welcome = await wait_screen(pilot, WelcomeScreen)
            await wait_for(pilot, lambda: welcome.identity is not None)
            await pilot.press("enter")
            audit = await wait_screen(pilot, AuditScreen)
            await wait_for(pilot, lambda: audit.observed is not None)
            failing = {f.rule for f in audit.findings if f.status == "fail"}
            assert {"AT-TRAIL-LOGGING", "AT-TRAIL-ALL-EVENTS"} <= failing
            await pilot.press("f")
            await _walk_steps(pilot, {})
            plan = await wait_screen(pilot, PlanScreen)
            assert [a.api for a in plan.plan.actions] == ["UpdateTrail", "StartLogging"]
            await pilot.press("a")
            apply = await wait_screen(pilot, ApplyScreen)
            await wait_for(pilot, lambda: apply.finished is not None, timeout=60)
            await pilot.press("enter")
            await wait_screen(pilot, SummaryScreen)
            await pilot.press("q")

    run(scenario())
    trail = actiontrail_client(sandbox).describe_trails(at.DescribeTrailsRequest()).body.trail_list[0]
    assert (trail.event_rw, trail.status) == ("All", "Enable")
