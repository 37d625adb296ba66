"""The whole wizard, driven by key presses against the sandbox; the result is checked in the cloud via the SDK."""

from __future__ import annotations

import json
import re
import shlex
from datetime import date, timedelta
from pathlib import Path

import pytest
from alibabacloud_actiontrail20200706 import models as at
from alibabacloud_oss_v2 import models as oss
from textual.widgets import Static

from tests.support.cli import run as cli
from tests.support.cli import run_process, writes
from tests.support.clients import actiontrail_client, oss_client
from tests.support.pilot import applied, audited, run, sandbox_flow, wait_for, wait_screen, walk_steps, welcomed
from wizard.ui.app import WizardApp
from wizard.ui.screens.action_detail import ActionDetailScreen
from wizard.ui.screens.apply import ApplyScreen
from wizard.ui.screens.confirm import ConfirmApplyScreen
from wizard.ui.screens.plan import PlanScreen
from wizard.ui.screens.summary import SummaryScreen

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _private_state_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)


def test_onboard_a_new_account_end_to_end(sandbox, tmp_path):
    async def scenario():
        app = WizardApp(sandbox_flow(sandbox))
        async with app.run_test(size=(100, 40)) as pilot:
            welcome = await welcomed(pilot)
            assert welcome.identity.account_id == sandbox.account.account_id
            await audited(pilot)
            await pilot.press("n")
            await walk_steps(pilot, {"oss.bucket": "acme-actiontrail", "sls.project": "acme-actiontrail",
                                      "access.auditors": "group:security-auditors",
                                      "access.admins": "group:actiontrail-admins",
                                      "access.admin_users": "user:cloud-admin"})
            plan = await wait_screen(pilot, PlanScreen)
            assert plan.plan.changes > 20 and any(a.irreversible for a in plan.plan.actions)
            assert [r["operation"] for r in sandbox.requests() if r["operation"].startswith(("Create", "Put"))] \
                == [], "nothing is written before the plan is approved"
            await pilot.press("d")  # the highlighted call in full
            detail = await wait_screen(pilot, ActionDetailScreen)
            shown = str(detail.query_one(Static).render())  # the first call: the bucket, which the apply lock needs
            assert "oss PutBucket" in shown and "Acl: private" in shown and "why: " in shown, shown
            await pilot.press("escape")
            await wait_screen(pilot, PlanScreen)
            await pilot.press("s")
            await pilot.press("a")
            confirm = await wait_screen(pilot, ConfirmApplyScreen)
            assert re.search(r"Apply \d+ changes \(\d+ create, 1 update, 1 irreversible\)\?",
                             str(confirm.query_one("#question").render()))
            warning = str(confirm.query_one("#warning").render())
            assert "IRREVERSIBLE: locks WORM on bucket acme-actiontrail at 365 days" in warning
            assert f"kept until at least {date.today() + timedelta(days=365):%Y-%m-%d}" in warning
            await pilot.press(*"wrong-name", "enter")
            await pilot.pause()
            assert not isinstance(pilot.app.screen, ApplyScreen), "a wrong bucket name applies nothing"
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
            assert "Delivery proven: a marker call reached the event history" in \
                str(summary.query_one("#delivery").render()), "the proof ran on its own screen, then the summary"
            backfill = summary.query_one("#backfill")  # the proof moved the sandbox's clock: the job has started
            await wait_for(pilot, lambda: "History backfill (job 1): " in str(backfill.render()))
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
    saved = tmp_path / "actiontrail-plan" / sandbox.account.account_id  # each account's plans in their own folder
    assert (saved / "plan.json").exists()
    assert (saved / "settings.toml").read_text().count("acme-actiontrail") == 2
    assert oct((saved / "settings.toml").stat().st_mode & 0o777) == "0o600"


def test_rerun_fixes_a_drifted_setup(sandbox):
    """Without a settings file, the re-run starts from the settings the onboarding approved, recorded in the
    account: the audit says when and by whom, the steps start from them, and the admin chosen then stays one."""
    from tests.support.cli import run as cli

    assert cli(sandbox, "apply", "--config", str(ROOT / "examples/baseline.toml"), "--yes").code == 0
    client = actiontrail_client(sandbox)
    client.stop_logging(at.StopLoggingRequest(name="actiontrail-baseline"))
    client.update_trail(at.UpdateTrailRequest(name="actiontrail-baseline", event_rw="Write"))

    async def scenario():
        app = WizardApp(sandbox_flow(sandbox))
        async with app.run_test(size=(100, 40)) as pilot:
            await welcomed(pilot)
            audit = await audited(pilot)
            failing = {f.rule for f in audit.findings if f.status == "fail"}
            assert failing == {"AT-TRAIL-LOGGING", "AT-TRAIL-ALL-EVENTS"}, "cloud-admin is an approved admin"
            said = str(audit.query_one("#baseline").render())
            assert "Starting from the settings approved" in said and f"acs:ram::{sandbox.account.account_id}:root" \
                in said and "actiontrail-wizard/approved-settings/actiontrail-baseline/" in said
            await pilot.press("f")
            admins = {}
            await walk_steps(pilot, {}, seen=admins)
            assert admins.get("access.admins") == "group:actiontrail-admins", "the steps start from the approved settings"
            plan = await wait_screen(pilot, PlanScreen)
            assert [a.api for a in plan.plan.actions] == ["UpdateTrail", "StartLogging"]
            before = len(sandbox.requests())
            await pilot.press("a")  # never one key: the confirmation names the counts
            confirm = await wait_screen(pilot, ConfirmApplyScreen)
            assert "Apply 2 changes (0 create, 2 update, 0 irreversible)?" in str(confirm.query_one("#question").render())
            assert writes(sandbox, before) == [], "nothing is written while the confirmation waits"
            await pilot.press("y")
            apply = await wait_screen(pilot, ApplyScreen)
            await wait_for(pilot, lambda: apply.finished is not None, timeout=60)
            await pilot.press("enter")
            summary = await wait_screen(pilot, SummaryScreen)
            await wait_for(pilot, lambda: not summary.query_one("#verifying").display, timeout=30)
            assert "Verified: every rule passes" in str(summary.query_one("#verdict").render())
            # started without a settings file: the applied settings are saved, and the command names this cloud
            return str(summary.query_one("#where").render())

    where = run(scenario())
    check = where[where.index("Check again later: ") + len("Check again later: "):].split("\n")[0].strip()
    saved = f"actiontrail-plan/{sandbox.account.account_id}/settings.toml"
    assert check == f"actiontrail-wizard audit --config {saved} --sandbox-url {sandbox.url}"
    later = run_process(*shlex.split(check)[1:], "--format", "json", cwd=Path.cwd())  # pasted as printed
    assert later.returncode == 0, later.stderr
    anywhere = cli(sandbox, "audit", "--format", "json")  # on any machine: no settings file at all
    assert anywhere.code == 0, anywhere.err
    assert "Starting from the settings approved" in anywhere.err
    assert [f["rule"] for f in json.loads(anywhere.out)["findings"] if f["status"] not in ("pass", "skip")] == []
    trail = actiontrail_client(sandbox).describe_trails(at.DescribeTrailsRequest()).body.trail_list[0]
    assert (trail.event_rw, trail.status) == ("All", "Enable")


def test_without_a_record_the_wizard_adopts_what_the_account_holds_and_approving_records_it(sandbox):
    """An account whose setup predates any record: the audit says the settings are found, not approved, the
    admin there is "unknown", never failed; fixing starts from what is there; applying records it."""
    from tests.support.cli import run as cli
    from tests.support.oss import advance_clock

    assert cli(sandbox, "apply", "--config", str(ROOT / "examples/baseline.toml"), "--yes").code == 0
    advance_clock(sandbox, 400 * 86400)  # the record outlived its retention and was removed
    client = oss_client(sandbox)
    prefix = "actiontrail-wizard/approved-settings/actiontrail-baseline/"
    for item in client.list_objects_v2(oss.ListObjectsV2Request(bucket="acme-actiontrail", prefix=prefix)).contents:
        client.delete_object(oss.DeleteObjectRequest(bucket="acme-actiontrail", key=item.key))

    async def scenario():
        app = WizardApp(sandbox_flow(sandbox))
        async with app.run_test(size=(100, 40)) as pilot:
            await welcomed(pilot)
            audit = await audited(pilot)
            statuses = {f.rule: f.status for f in audit.findings}
            assert statuses["AT-RAM-ADMINS"] == "unknown" and "fail" not in statuses.values()
            assert "No approved settings are recorded" in str(audit.query_one("#baseline").render())
            assert "rule(s) not proven" in str(audit.query_one("#verdict").render())
            await pilot.press("f")
            seen = {}
            await walk_steps(pilot, {}, seen=seen)
            assert seen["access.admins"] == "group:actiontrail-admins" and seen["access.auditors"] == \
                "group:security-auditors", "the steps start from what the account holds"
            plan = await wait_screen(pilot, PlanScreen)
            assert [a.api for a in plan.plan.actions] == ["PutObject"], "approving it records it, nothing else"
            await applied(pilot)
            await pilot.press("q")
        return app.return_value

    assert run(scenario()) == 0
    listed = client.list_objects_v2(oss.ListObjectsV2Request(bucket="acme-actiontrail", prefix=prefix)).contents
    assert len(listed) == 1, "the approval is recorded"
