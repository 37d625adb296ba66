"""The access and alerts steps show what discovery found (who holds ActionTrail admin rights today, which alerts
exist), in the Textual app and in plain mode, and keep it current as the answers change."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from dataclasses import replace

import pytest

from steps import ACCESS, ALERTS, STEPS, answers_from
from tests.support.factories import empty_account, settings, simulate
from tests.support.pilot import run
from tests.support.preview import ScreenPreview, settle
from wizard.core.observed import PolicyState
from wizard.core.planning.planner import plan
from wizard.plain import ask_steps
from wizard.ui.screens.step import StepScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
SETTINGS = settings()
ONBOARDED = simulate(empty_account(), plan(SETTINGS, empty_account()))
FULL_ACCESS = PolicyState("AliyunActionTrailFullAccess", "System", attached_to=("user:cloud-admin", "user:ops-intern"))
OBSERVED = replace(ONBOARDED, policies=ONBOARDED.policies + (FULL_ACCESS,),
                   alerts=tuple(replace(a, enabled=a.name != "at-root-account-use") for a in ONBOARDED.alerts))
ANSWERS = answers_from(SETTINGS)


def _facts(screen) -> str:
    return str(screen.query_one("#facts").render())


@pytest.mark.parametrize("size", SIZES)
def test_access_step_shows_who_holds_admin_rights_today(snap_compare, size):
    app = ScreenPreview(lambda: StepScreen(ACCESS, ANSWERS, 6, len(STEPS), observed=OBSERVED))

    async def run_before(pilot):
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_access_facts_follow_the_admins_answer():
    async def scenario():
        app = ScreenPreview(lambda: StepScreen(ACCESS, ANSWERS, 6, len(STEPS), observed=OBSERVED))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            screen = pilot.app.screen
            assert "group:actiontrail-admins (AliyunActionTrailFullAccess), user:cloud-admin " \
                "(AliyunActionTrailFullAccess), user:ops-intern (AliyunActionTrailFullAccess)" in _facts(screen)
            assert "so the plan will show how to detach: user:ops-intern" in _facts(screen)
            assert "Held attached to a user (CIS 1.16 asks for groups or roles): user:cloud-admin;" in _facts(screen)
            screen.query_one("#field-access-admins #value").value = "group:actiontrail-admins, user:ops-intern"
            await settle(pilot)
            assert "how to detach" not in _facts(screen)
            assert "user:cloud-admin, user:ops-intern;" in _facts(screen)
            assert "ActionTrailAuditorReadOnly exists, attached to group:security-auditors" in _facts(screen)

    run(scenario())


def test_without_discovery_the_step_shows_no_facts():
    async def scenario():
        app = ScreenPreview(lambda: StepScreen(ACCESS, ANSWERS, 6, len(STEPS)))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert not pilot.app.screen.query_one("#facts").display

    run(scenario())


class Accepting:
    """Plain mode's prompter, answering every question with its current value."""

    def text(self, message, default, suggestions=()):
        return default

    def confirm(self, message, default):
        return default

    def select(self, message, choices, default):
        return default


def test_plain_mode_prints_the_same_facts_under_each_step():
    out = io.StringIO()
    with redirect_stdout(out):
        chosen = ask_steps(Accepting(), ANSWERS, observed=OBSERVED)
    text = out.getvalue()
    assert chosen == SETTINGS, "the bucket's WORM is locked already: the lock question (Enter: no) is not asked"
    assert "• Lock WORM now (irreversible): WORM on acme-actiontrail is already locked (365 days)" in text
    access = text[text.index(f"== Step 6 of 7: {ACCESS.title}"):text.index(f"== Step 7 of 7: {ALERTS.title}")]
    assert "• Today ActionTrail admin rights are held by group:actiontrail-admins (AliyunActionTrailFullAccess), " \
        "user:cloud-admin (AliyunActionTrailFullAccess)" in access
    assert "so the plan will show how to detach: user:ops-intern." in access
    assert "• Held attached to a user (CIS 1.16 asks for groups or roles): user:cloud-admin;" in access
    assert "• 14 of 14 alerts exist in acme-actiontrail; disabled: at-root-account-use." in text
