"""Snapshot tests of every screen and its main states, at 80x24 and 120x40. Review changes by looking at the SVG."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from steps import STEPS, Known, fresh_answers
from tests.support.factories import empty_account, simulate
from tests.support.factories import settings as baseline_settings
from tests.support.pilot import audited, welcomed
from tests.support.preview import ScreenPreview, settle
from wizard.cloud.errors import CloudError
from wizard.core.audit import evaluate
from wizard.core.observed import PolicyState
from wizard.core.progress import ActionEvent
from wizard.core.settings_file import load_settings
from wizard.flow.connection import Connection
from wizard.flow.review import consent_for
from wizard.flow.review import plan_for as plan
from wizard.flow.session import WizardFlow
from wizard.flow.verify import Verification
from wizard.ui.app import WizardApp
from wizard.ui.screens.apply import ApplyScreen
from wizard.ui.screens.help import HelpScreen
from wizard.ui.screens.plan import PlanScreen
from wizard.ui.screens.step import StepScreen
from wizard.ui.screens.summary import SummaryScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
ROOT = Path(__file__).resolve().parents[2]
SETTINGS = load_settings(ROOT / "examples/baseline.toml")
ONBOARDING = plan(baseline_settings(), empty_account())


def _state(name: str) -> Path:
    """A fixed path per test (the welcome screen shows it), emptied first."""
    folder = Path("/tmp/actiontrail-wizard-snapshots") / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder / "sandbox.db"


def _wizard(name: str, account: str = "empty") -> WizardApp:
    """The wizard on a deterministic sandbox account: "empty", "compliant" (baseline applied) or "drifted"."""
    state = _state(name)
    if account != "empty":
        from tests.support.cli import run
        from tests.support.drift import drift_applied_baseline
        from wizard.sandbox.server import SandboxServer

        with SandboxServer(state, deterministic=True) as server:
            assert run(server, "apply", "--config", str(ROOT / "examples/baseline.toml"), "--yes").code == 0
            if account == "drifted":
                drift_applied_baseline(server)
    flow = WizardFlow(Connection(sandbox=True, deterministic=True, sandbox_state=str(state), region="cn-hangzhou"))
    return WizardApp(flow, settings=None if account == "empty" else SETTINGS)


@pytest.fixture(autouse=True)
def _private_state_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("ACTIONTRAIL_WIZARD_APPLY_WORKERS", "1")  # the deterministic sandbox numbers ids by arrival


@pytest.mark.parametrize("size", SIZES)
def test_welcome(snap_compare, size):
    app = _wizard(f"welcome-{size[0]}")

    async def run_before(pilot):
        await welcomed(pilot)  # the sequence runs in a thread worker settle() does not wait for
        await pilot.pause(0.1)
        await settle(pilot)
        await pilot.wait_for_scheduled_animations()

    try:
        assert snap_compare(app, terminal_size=size, run_before=run_before)
    finally:
        app.flow.close()


@pytest.mark.parametrize("account", ["empty", "drifted", "compliant"])
@pytest.mark.parametrize("size", SIZES)
def test_audit(snap_compare, size, account):
    app = _wizard(f"audit-{account}-{size[0]}", account)

    async def run_before(pilot):
        await welcomed(pilot)  # the sequence runs in a thread worker settle() does not wait for: a loaded
        await audited(pilot)  # machine showed the welcome screen where the audit was due
        await settle(pilot)

    try:
        assert snap_compare(app, terminal_size=size, run_before=run_before)
    finally:
        app.flow.close()


def test_welcome_respects_no_color(snap_compare, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = _wizard("welcome-no-color")

    async def run_before(pilot):
        await welcomed(pilot)
        await pilot.pause(0.1)
        await settle(pilot)

    try:
        assert app.no_color
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    finally:
        app.flow.close()


BAD_VALUE = {"account": "Hangzhou", "trail": "Trail X", "destinations": "", "encryption": "my key",
             "retention": "90", "access": "alice", "alerts": "bob@example.com"}


@pytest.mark.parametrize("step", [s.name for s in STEPS])
@pytest.mark.parametrize("size", SIZES)
def test_step_with_a_validation_error(snap_compare, size, step):
    index = [s.name for s in STEPS].index(step)
    answers = fresh_answers()
    answers.update({"oss.bucket": "acme-actiontrail", "sls.project": "acme-actiontrail"})
    app = ScreenPreview(lambda: StepScreen(STEPS[index], answers, index + 1, len(STEPS)))

    async def run_before(pilot):
        await settle(pilot)
        screen = pilot.app.screen
        field = next(f for f in screen.query("QuestionField") if f.display and f.question.kind in ("text", "int",
                                                                                                   "list"))
        value = field.query_one("#value")
        value.value = BAD_VALUE[step]
        await pilot.press("ctrl+n")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_step_offers_what_the_account_has(snap_compare, size):
    known = Known(buckets=("acme-actiontrail", "acme-old-logs"), projects=("acme-actiontrail",),
                  principals=("group:security-auditors", "user:cloud-admin"))
    answers = fresh_answers("1234567890123456")
    app = ScreenPreview(lambda: StepScreen(STEPS[2], answers, 3, len(STEPS), known))

    async def run_before(pilot):
        await settle(pilot)
        await pilot.click("#field-oss-bucket #value")
        await pilot.press("home", "ctrl+k", "a", "c", "m", "e", "-", "o")  # the suggestion completes the rest
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_plan_with_an_irreversible_action(snap_compare, size):
    app = ScreenPreview(lambda: PlanScreen(ONBOARDING, SETTINGS))

    async def run_before(pilot):
        await settle(pilot)
        for _ in range(next(i for i, a in enumerate(ONBOARDING.actions) if a.irreversible)):
            await pilot.press("down")  # highlight CompleteBucketWorm (last): its parameters and why show below
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_worm_lock_needs_the_bucket_name(snap_compare, size):
    terms = consent_for(ONBOARDING, SETTINGS, today=date(2026, 12, 1))  # the "kept until" date, fixed for the SVG
    app = ScreenPreview(lambda: PlanScreen(ONBOARDING, SETTINGS, consent=terms))

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"acme-actiontrai", "enter")  # one letter short: refused, nothing applied
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


FIXES = plan(baseline_settings(), replace(
    simulate(empty_account(), ONBOARDING),
    trails=(replace(simulate(empty_account(), ONBOARDING).trails[0], event_rw="Write", is_logging=False,
                    status="Disable"),)))


@pytest.mark.parametrize("size", SIZES)
def test_plan_of_fixes_shows_now_and_after(snap_compare, size):
    app = ScreenPreview(lambda: PlanScreen(FIXES, SETTINGS))

    async def run_before(pilot):
        await settle(pilot)

    assert [a.api for a in FIXES.actions] == ["UpdateTrail", "StartLogging"]
    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_every_apply_is_confirmed_with_its_counts(snap_compare):
    app = ScreenPreview(lambda: PlanScreen(FIXES, SETTINGS))

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_dry_run_plan_with_blocked_items(snap_compare):
    drifted = replace(simulate(empty_account(), ONBOARDING), policies=(
        PolicyState("AliyunActionTrailFullAccess", "System", attached_to=("user:ops-intern",)),))
    fixes = plan(baseline_settings(), drifted)
    app = ScreenPreview(lambda: PlanScreen(fixes, SETTINGS, dry_run=True))

    async def run_before(pilot):
        await settle(pilot)

    assert fixes.blocked
    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_plan_call_in_full(snap_compare):
    app = ScreenPreview(lambda: PlanScreen(ONBOARDING, SETTINGS))
    position = next(i for i, a in enumerate(ONBOARDING.actions) if a.api == "CreatePolicy")

    async def run_before(pilot):
        await settle(pilot)
        for _ in range(position):
            await pilot.press("down")
        await pilot.press("enter")  # the auditor policy document, indented, not cut off
        await settle(pilot)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


@pytest.mark.parametrize("size", [pytest.param((80, 24), id="80x24"), pytest.param((100, 30), id="100x30")])
def test_help(snap_compare, size):
    app = ScreenPreview(lambda: HelpScreen())

    async def run_before(pilot):
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


WORM_AT = next(i for i, a in enumerate(ONBOARDING.actions) if a.api == "InitiateBucketWorm")


def _events(failed: bool, at: int = 9):
    """The calls before `at` done, then `at` running (or failed: the WORM error fits InitiateBucketWorm)."""
    events = []
    for index, action in enumerate(ONBOARDING.actions[:at]):
        events += [ActionEvent(index, action, "running"),
                   ActionEvent(index, action, "done", request_id=f"5A4D0000-0000-4000-8000-{index:012d}")]
    current = ONBOARDING.actions[at]
    if failed:
        error = CloudError(current.service, current.api, "InvalidWORMConfiguration",
                           "The retention period is not valid.", "5A4D0000-0000-4000-8000-000000000099", 400)
        events += [ActionEvent(at, current, "running"), ActionEvent(at, current, "failed", error=error,
                                                                    request_id=error.request_id)]
    else:
        events += [ActionEvent(at, current, "running")]
    return events


def test_apply_stopped_by_the_operator(snap_compare):
    resume = "actiontrail-wizard apply --config actiontrail-plan/settings.toml --sandbox"
    app = ScreenPreview(lambda: ApplyScreen(ONBOARDING, resume=resume))

    async def run_before(pilot):
        await settle(pilot)
        for event in _events(False):
            pilot.app.screen.record(event)
        pilot.app.screen.record(ActionEvent(9, ONBOARDING.actions[9], "done", request_id="5A4D0000-0000-4000-8000-9"))
        pilot.app.screen.finish(False, stopped=True, done=10)
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_apply_a_call_in_full(snap_compare):
    app = ScreenPreview(lambda: ApplyScreen(ONBOARDING))

    async def run_before(pilot):
        await settle(pilot)
        for event in _events(True, WORM_AT):
            pilot.app.screen.record(event)
        pilot.app.screen.finish(False)
        await pilot.press("d")  # the failed call: its whole RequestId, code, message and hint
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("failed", [pytest.param(False, id="in-progress"), pytest.param(True, id="failed")])
@pytest.mark.parametrize("size", SIZES)
def test_apply(snap_compare, size, failed):
    app = ScreenPreview(lambda: ApplyScreen(ONBOARDING))

    async def run_before(pilot):
        await settle(pilot)
        for event in _events(failed, WORM_AT):
            pilot.app.screen.record(event)
        if failed:
            pilot.app.screen.finish(False)
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


CHECK = "actiontrail-wizard audit --config examples/baseline.toml --sandbox"


VERIFY = "actiontrail-wizard verify --config examples/baseline.toml --sandbox"


def _verified(observed, delivery=None, later: str = "") -> Verification:
    return Verification(observed, tuple(evaluate(baseline_settings(), observed)), delivery=delivery, prove_later=later)


def _proof(found: int = 3, waited: float = 300.0, sandbox: bool = True):
    """A proof of delivery as the sandbox makes it: the event history at once, the Logstore after a minute, OSS
    after five (its 5-minute file); `found` destinations so far."""
    from wizard.core.delivery import EVENTS, LOGSTORE, OSS, DeliveryProof, Landing, destinations, marker_for

    landings = (Landing(EVENTS, "the event history (LookupEvents)", 0.0),
                Landing(LOGSTORE, "Logstore actiontrail_actiontrail-baseline (GetLogs)", 60.0),
                Landing(OSS, "oss://acme-actiontrail/actiontrail/AliyunLogs/Actiontrail/cn-hangzhou/2026/12/01/"
                        "Actiontrail_cn-hangzhou_20261201120500_1002_3_2048_0123456789abcdef0123456789abcdef.gz", 300.0,
                        detail="SSE-KMS with key 5a4d0000-0000-4000-8000-000000000007"))
    return DeliveryProof("5A4D0000-0000-4000-8000-000000000042", marker_for(SETTINGS), destinations(SETTINGS),
                         landings[:found], waited=waited, sandbox=sandbox, later=VERIFY)


@pytest.mark.parametrize("size", SIZES)
def test_summary(snap_compare, size):
    """After apply on the sandbox: every rule passes as read back, and delivery is proven (`make demo` ends here)."""
    app = ScreenPreview(lambda: SummaryScreen(SETTINGS, CHECK, sandbox=True))
    after = simulate(empty_account(), ONBOARDING)

    async def run_before(pilot):
        await settle(pilot)
        pilot.app.screen.show(_verified(after, _proof()))
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_summary_with_delivery_left_for_later(snap_compare):
    """On Alibaba Cloud the operator chose to prove delivery later: the summary gives the verify command."""
    app = ScreenPreview(lambda: SummaryScreen(SETTINGS, CHECK.removesuffix(" --sandbox")))
    after = simulate(empty_account(), ONBOARDING)

    async def run_before(pilot):
        await settle(pilot)
        pilot.app.screen.show(_verified(after, later=VERIFY.removesuffix(" --sandbox")))
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_delivery_on_the_real_cloud_asks_now_or_later(snap_compare):
    import threading

    from wizard.ui.screens.delivery import DeliveryScreen

    later = VERIFY.removesuffix(" --sandbox")
    app = ScreenPreview(lambda: DeliveryScreen(later, False, threading.Event(), ask_first=True))
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_delivery_in_progress(snap_compare, size):
    """On the sandbox: the marker found in the event history and the Logstore, OSS still to come."""
    import threading

    from wizard.ui.screens.delivery import DeliveryScreen

    app = ScreenPreview(lambda: DeliveryScreen(VERIFY, True, threading.Event(), ask_first=False))

    async def run_before(pilot):
        await settle(pilot)
        pilot.app.screen.show_proof(_proof(found=2, waited=180.0))
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_summary_with_a_rule_still_failing(snap_compare):
    """A blocked auditor group: the summary says only what was read back, and the failing rule's fix."""
    after = simulate(empty_account(), ONBOARDING)
    after = replace(after, policies=tuple(replace(p, attached_to=()) if p.name == "ActionTrailAuditorReadOnly" else p
                                          for p in after.policies))
    app = ScreenPreview(lambda: SummaryScreen(SETTINGS, CHECK, sandbox=True))

    async def run_before(pilot):
        await settle(pilot)
        pilot.app.screen.show(_verified(after))
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_summary_with_a_running_history_backfill(snap_compare, size):
    from wizard.core.history import BackfillStatus, HistoryJob

    after = simulate(empty_account(), ONBOARDING)
    job = HistoryJob(1, "actiontrail-baseline", 1, (("cn-hangzhou", 2), ("cn-shanghai", 2), ("cn-beijing", 1),
                                                    ("cn-shenzhen", 1), ("ap-southeast-1", 1)))
    status = BackfillStatus("actiontrail-baseline", job=job)
    app = ScreenPreview(lambda: SummaryScreen(SETTINGS, CHECK, backfill=lambda: status))

    async def run_before(pilot):
        await settle(pilot)
        pilot.app.screen.show(_verified(after))
        pilot.app.screen.show_backfill(status)
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
