"""The Textual app runs the same sequence as plain mode and `apply` (wizard/flow/sequence.py): the rules that
used to differ between the copies hold in the app too, proven against the sandbox."""

from __future__ import annotations

import pytest
from alibabacloud_oss_v2 import models as oss

from tests.support.cli import writes
from tests.support.clients import oss_client
from tests.support.pilot import audited, run, sandbox_flow, wait_for, wait_screen, walk_steps, welcomed
from wizard.ui.app import WizardApp
from wizard.ui.screens.apply import ApplyScreen
from wizard.ui.screens.plan import PlanScreen

NAMES = {"oss.bucket": "acme-old-logs", "sls.project": "acme-actiontrail", "access.auditors": "group:security-auditors",
         "access.admins": "group:actiontrail-admins", "access.admin_users": "user:cloud-admin"}


@pytest.fixture(autouse=True)
def _private_state_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)


def test_a_bucket_named_in_the_steps_is_read_before_the_plan(sandbox):
    """The survey read no bucket (there was no trail); the answers name an existing one: the app reads the
    account again for those answers, so the plan never re-creates the bucket (PutBucket on an existing bucket
    resets its metadata)."""
    oss_client(sandbox).put_bucket(oss.PutBucketRequest(bucket="acme-old-logs"))
    before = len(sandbox.requests())

    async def scenario():
        app = WizardApp(sandbox_flow(sandbox))
        async with app.run_test(size=(100, 40)) as pilot:
            await welcomed(pilot)
            await audited(pilot)
            await pilot.press("n")
            await walk_steps(pilot, NAMES)
            plan = await wait_screen(pilot, PlanScreen)
            await pilot.press("q")
        return plan.plan

    plan = run(scenario())
    bucket_calls = [a.api for a in plan.actions if a.resource == "oss://acme-old-logs"]
    assert "PutBucket" not in bucket_calls and "PutBucketEncryption" in bucket_calls, bucket_calls
    assert writes(sandbox, since=before) == []


def test_a_failed_apply_left_with_q_exits_1_and_says_how_to_resume(sandbox):
    sandbox.arm_fault("CreateTrail=503:ServiceUnavailable")  # every attempt: a hard stop

    async def scenario():
        app = WizardApp(sandbox_flow(sandbox))
        async with app.run_test(size=(100, 40)) as pilot:
            await welcomed(pilot)
            await audited(pilot)
            await pilot.press("n")
            await walk_steps(pilot, {**NAMES, "oss.bucket": "acme-actiontrail"})
            await wait_screen(pilot, PlanScreen)
            await pilot.press("a")
            await pilot.pause()
            await pilot.press(*"acme-actiontrail", "enter")
            apply = await wait_screen(pilot, ApplyScreen)
            await wait_for(pilot, lambda: apply.finished is not None, timeout=60)
            assert apply.finished == "failed"
            await pilot.press("q")
            await wait_for(pilot, lambda: not app.is_running, timeout=10)
        return app.return_value, app.front.messages

    code, said = run(scenario())
    assert code == 1
    assert "actiontrail CreateTrail failed: ServiceUnavailable" in said[-1]
    assert f"then resume with: actiontrail-wizard apply --config actiontrail-plan/{sandbox.account.account_id}/" \
           f"settings.toml --sandbox-url " \
           f"{sandbox.url}" in said[-1], "the command that resumes, with this run's connection"


def test_quitting_at_the_audit_changes_nothing_and_is_no_error(sandbox):
    async def scenario():
        app = WizardApp(sandbox_flow(sandbox))
        async with app.run_test(size=(100, 40)) as pilot:
            await welcomed(pilot)
            await audited(pilot)
            await pilot.press("q")
            await wait_for(pilot, lambda: not app.is_running, timeout=10)
        return app.return_value

    assert run(scenario()) == 0
    assert writes(sandbox) == []


def test_a_discovery_that_cannot_read_at_all_is_shown_then_exits_1_with_its_message(sandbox):
    sandbox.arm_fault("DescribeTrails=400:InvalidAccessKeyId.NotFound")  # nothing can be read with this key

    async def scenario():
        app = WizardApp(sandbox_flow(sandbox))
        async with app.run_test(size=(100, 40)) as pilot:
            await welcomed(pilot)
            await pilot.press("enter")
            await wait_for(pilot, lambda: "Discovery failed" in str(pilot.app.screen.query_one("#verdict").render()))
            await pilot.press("q")
            await wait_for(pilot, lambda: not app.is_running, timeout=10)
        return app.return_value, app.front.messages

    code, said = run(scenario())
    assert code == 1 and "InvalidAccessKeyId.NotFound" in said[-1]
