"""Every screen, given hostile strings in every text field of its data, renders them as text: no exception.

A name, a parameter, a policy document, a RequestId or a cloud error message can hold anything: brackets
that look like markup, backslashes, quotes, control characters, very long runs. Each test draws such strings
(tests/support/hostile_data.py), puts one in every string of the records the screen is given (the plan, the
findings, the events, the settings, the identity), shows the screen at 80x24, walks it as a person would
(every row highlighted, the detail views opened, the confirmations typed into) and fails on any exception.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from textual.widgets import DataTable, Input
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from steps import STEPS, Known, fresh_answers
from tests.support.factories import empty_account, simulate
from tests.support.factories import settings as baseline_settings
from tests.support.hostile_data import FRAGMENTS, LONG, hostile_copy, hostile_text
from tests.support.pilot import run
from tests.support.preview import ScreenPreview, settle
from wizard.cloud.errors import CloudError
from wizard.core.audit import evaluate
from wizard.core.history import BackfillStatus, HistoryJob
from wizard.core.observed import Inventory, PolicyState
from wizard.core.progress import ActionEvent, ActionState
from wizard.flow.connection import Identity
from wizard.flow.review import consent_for, plan_for
from wizard.flow.survey import Survey
from wizard.flow.verify import Verification
from wizard.ui.screens.action_detail import ActionDetailScreen
from wizard.ui.screens.apply import ApplyScreen
from wizard.ui.screens.audit import AuditScreen
from wizard.ui.screens.busy import BusyScreen
from wizard.ui.screens.confirm import ConfirmApplyScreen
from wizard.ui.screens.plan import PlanScreen
from wizard.ui.screens.step import StepScreen
from wizard.ui.screens.summary import SummaryScreen
from wizard.ui.screens.welcome import WelcomeScreen

SETTINGS = baseline_settings()
EMPTY = empty_account()
ONBOARDING = plan_for(SETTINGS, EMPTY)
APPLIED = simulate(EMPTY, ONBOARDING)
DRIFTED = replace(APPLIED, policies=APPLIED.policies + (
    PolicyState("AliyunActionTrailFullAccess", "System", attached_to=("user:ops-intern",)),))
FIXES = plan_for(baseline_settings(sls={"ttl_days": 400}), DRIFTED)
IDS = frozenset({"id", "depends_on"})  # what a table keys its rows on: unique by construction, never shown

HOSTILE = settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
strings = st.lists(hostile_text, min_size=1, max_size=30)
EVERY_FRAGMENT = [*FRAGMENTS, LONG]  # one example always tries each fragment alone


def _texts(drawn: list[str]):
    cycle = itertools.cycle(drawn)
    return lambda: next(cycle)


def _show(make_screen, interact, size=(80, 24)) -> None:
    """Mount the screen alone, run `interact(pilot, screen)`, let every paint happen; any exception fails."""
    async def scenario():
        app = ScreenPreview(make_screen)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await interact(pilot, pilot.app.screen)
            await settle(pilot)
            assert app.is_running, "the screen closed the app"

    run(scenario())


async def _every_row(pilot, screen) -> None:
    """Highlight each row of the screen's table in turn, painting each (the detail panel follows the cursor)."""
    table = screen.query_one(DataTable)
    for row in range(table.row_count):
        table.move_cursor(row=row)
        await pilot.pause()


@HOSTILE
@given(strings)
@example(EVERY_FRAGMENT)
def test_welcome(drawn):
    text = _texts(drawn)
    identity = hostile_copy(Identity("1234567890123456", "acs:ram::1234567890123456:root", "the sandbox",
                                     "cn-hangzhou", sandbox=True), text)

    async def interact(pilot, screen):
        screen.show_identity(identity)
        await pilot.pause()
        screen.show_error(text())

    _show(lambda: WelcomeScreen(sandbox=True), interact)


@HOSTILE
@given(strings)
@example(EVERY_FRAGMENT)
def test_audit(drawn):
    text = _texts(drawn)
    findings = tuple(hostile_copy(evaluate(SETTINGS, DRIFTED), text))
    observed = hostile_copy(DRIFTED, text)
    survey = Survey(SETTINGS, observed, Inventory(), findings)

    async def interact(pilot, screen):
        screen.show(survey)
        await _every_row(pilot, screen)
        screen.show_error(text())

    _show(AuditScreen, interact)


@settings(HOSTILE, max_examples=2)  # seven screens an example
@given(strings)
@example(EVERY_FRAGMENT)
def test_steps(drawn):
    text = _texts(drawn)
    known = hostile_copy(Known(buckets=("a", "b"), projects=("p",), key_aliases=("alias/k",),
                               principals=("user:a", "group:b")), text)
    observed = hostile_copy(DRIFTED, text)

    def step_screen(index):
        answers = fresh_answers()
        for question in STEPS[index].questions:
            if question.kind in ("text", "int"):
                answers[question.key] = text()
            elif question.kind == "list":
                answers[question.key] = [text(), text()]
        return StepScreen(STEPS[index], answers, index + 1, len(STEPS), known, observed)

    async def interact(pilot, screen):
        for index in range(len(STEPS)):
            if index:
                await pilot.app.push_screen(step_screen(index))
                await pilot.pause()
            pilot.app.screen.action_next()  # Next: a problem quoting what was typed
            await pilot.pause()
            field = pilot.app.screen.query(Input).first()
            field.insert_text_at_cursor(text()[:50])  # typed (pasted) into the first field
            await pilot.pause()

    _show(lambda: step_screen(0), interact)


@HOSTILE
@given(strings, st.sampled_from(["onboarding", "fixes"]))
@example(EVERY_FRAGMENT, "onboarding")
@example(EVERY_FRAGMENT, "fixes")
def test_plan(tmp_path_factory, drawn, which):
    text = _texts(drawn)
    plan = hostile_copy(ONBOARDING if which == "onboarding" else FIXES, text, keep=IDS)
    consent = hostile_copy(consent_for(ONBOARDING, SETTINGS), text, keep=IDS)
    settings_ = hostile_copy(SETTINGS, text)
    folder = tmp_path_factory.mktemp("saved")

    async def interact(pilot, screen):
        await _every_row(pilot, screen)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.press("s")
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*text()[:10], "enter")
        await pilot.press("escape")

    _show(lambda: PlanScreen(plan, settings_, save_dir=folder, consent=consent), interact)


@HOSTILE
@given(strings)
@example(EVERY_FRAGMENT)
def test_action_in_full(drawn):
    text = _texts(drawn)
    action = hostile_copy(ONBOARDING.actions[7], text)

    async def interact(pilot, screen):
        await pilot.press("down", "down", "end")

    _show(lambda: ActionDetailScreen(action), interact)


def _error(text) -> CloudError:
    return CloudError(text(), text(), text(), text(), text(), 500, hint=text())


@HOSTILE
@given(strings)
@example(EVERY_FRAGMENT)
def test_apply(drawn):
    text = _texts(drawn)
    plan = hostile_copy(ONBOARDING, text, keep=IDS)

    async def interact(pilot, screen):
        for index, action in enumerate(plan.actions):
            screen.record(ActionEvent(index, action, ActionState.RUNNING))
            screen.record(ActionEvent(index, action, ActionState.RETRYING, attempt=1, delay=0.5, error=_error(text)))
            state = (ActionState.DONE, ActionState.SKIPPED, ActionState.FAILED)[index % 3]
            screen.record(ActionEvent(index, action, state, request_id=text(),
                                      error=None if state == ActionState.DONE else _error(text)))
        screen.show_error(text())
        screen.finish(False)
        await _every_row(pilot, screen)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("escape")

    _show(lambda: ApplyScreen(plan), interact)


@HOSTILE
@given(strings)
@example(EVERY_FRAGMENT)
def test_summary(drawn):
    text = _texts(drawn)
    settings_ = hostile_copy(SETTINGS, text)
    findings = hostile_copy(evaluate(SETTINGS, DRIFTED), text)
    status = hostile_copy(BackfillStatus("t", job=HistoryJob(1, "t", 1, (("cn-hangzhou", 2),))), text)

    verification = Verification(hostile_copy(DRIFTED, text), tuple(findings), status)

    async def interact(pilot, screen):
        screen.show(verification)
        await _every_row(pilot, screen)
        screen.show_backfill(status)
        screen.show_backfill(hostile_copy(BackfillStatus("t", error="x"), text))
        screen.show_error(text())

    _show(lambda: SummaryScreen(settings_, text(), backfill=lambda: status, sandbox=True), interact)


@HOSTILE
@given(strings, st.booleans())
@example(EVERY_FRAGMENT, True)
@example(EVERY_FRAGMENT, False)
def test_confirmation(drawn, locks):
    text = _texts(drawn)
    consent = hostile_copy(consent_for(ONBOARDING if locks else FIXES, SETTINGS), text, keep=IDS)

    async def interact(pilot, screen):
        await pilot.press(*text()[:5], "enter")

    _show(lambda: ConfirmApplyScreen(consent), interact)


@HOSTILE
@given(strings)
@example(EVERY_FRAGMENT)
def test_busy(drawn):
    text = _texts(drawn)

    async def interact(pilot, screen):
        pass

    _show(lambda: BusyScreen(text()), interact)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_the_alert_action_policy_row_of_the_baseline_plan(size):
    """The crash as found: the cursor on UpsertResourceRecord (an email, then a DingTalk recipient)."""
    for notify in (["email:secops@example.com"], ["dingtalk:env:ATW_HOSTILE_DINGTALK"]):
        plan = plan_for(baseline_settings(alerts={"notify": notify}), EMPTY)
        rows = [i for i, a in enumerate(plan.actions) if a.api == "UpsertResourceRecord"]

        async def interact(pilot, screen, rows=rows):
            table = screen.query_one(DataTable)
            for row in rows:
                table.move_cursor(row=row)
                await pilot.pause()

        _show(lambda plan=plan: PlanScreen(plan, SETTINGS), interact, size)


def _delivery_proof():
    from wizard.core.delivery import EVENTS, OSS, DeliveryProof, Landing, destinations, marker_for

    return DeliveryProof("request", marker_for(SETTINGS), destinations(SETTINGS),
                         (Landing(EVENTS, "history", 0.0), Landing(OSS, "file", 300.0, "problem", "detail")),
                         waited=300.0, later="verify", notes=("note",))


@HOSTILE
@given(strings)
@example(EVERY_FRAGMENT)
def test_delivery(drawn):
    import threading

    from wizard.ui.screens.delivery import DeliveryScreen

    text = _texts(drawn)
    proof = hostile_copy(_delivery_proof(), text, keep=IDS | {"kind"})

    async def interact(pilot, screen):
        screen.show_proof(proof)
        screen.show_proof(replace(proof, landings=()))
        screen.action_skip()

    _show(lambda: DeliveryScreen(text(), True, threading.Event(), ask_first=False), interact)
    _show(lambda: DeliveryScreen(text(), False, threading.Event(), ask_first=True), lambda pilot, screen: settle(pilot))


@HOSTILE
@given(strings)
@example(EVERY_FRAGMENT)
def test_summary_with_a_proof_of_delivery(drawn):
    text = _texts(drawn)
    proof = hostile_copy(_delivery_proof(), text, keep=IDS | {"kind"})
    findings = tuple(evaluate(SETTINGS, APPLIED))

    async def interact(pilot, screen):
        for delivery in (proof, replace(proof, error=text()), replace(proof, skipped=True)):
            screen.show_delivery(Verification(APPLIED, findings, delivery=delivery))
            await pilot.pause()
        screen.show_delivery(Verification(APPLIED, findings, prove_later=text()))

    _show(lambda: SummaryScreen(SETTINGS, text(), sandbox=True), interact)
