"""The plan screen as an admin reads it: the irreversible step on its own row, visible at 80x24 with what it locks
and until when; each update as now -> after; and no plan applied on one key."""

from __future__ import annotations

from dataclasses import replace

import pytest
from textual.app import App
from textual.widgets import DataTable, Static

from tests.support.factories import empty_account, simulate
from tests.support.factories import settings as baseline_settings
from tests.support.pilot import run
from tests.support.preview import ScreenPreview, settle
from wizard.flow.review import plan_for
from wizard.ui.screens.confirm import ConfirmApplyScreen
from wizard.ui.screens.plan import PlanScreen

SETTINGS = baseline_settings()
ONBOARDING = plan_for(SETTINGS, empty_account())
APPLIED = simulate(empty_account(), ONBOARDING)
SHORT_TTL = replace(APPLIED, projects=(replace(APPLIED.projects[0], logstores=(
    replace(APPLIED.projects[0].logstores[0], ttl_days=30),)),))
TTL_FIX = plan_for(SETTINGS, SHORT_TTL)


class Reviewing(App):
    """The plan screen alone; what it is dismissed with is kept."""

    def __init__(self, plan):
        super().__init__()
        self.plan, self.approved = plan, []

    def on_mount(self) -> None:
        self.push_screen(PlanScreen(self.plan, SETTINGS), self.approved.append)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_the_irreversible_step_is_on_its_own_row_in_view(size):
    async def scenario():
        app = ScreenPreview(lambda: PlanScreen(ONBOARDING, SETTINGS))
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            rows = list(pilot.app.screen.query(".irreversible"))
            assert len(rows) == 1
            region = rows[0].region
            assert region.y >= 0 and region.bottom <= size[1] and region.right <= size[0], "no scrolling needed"
            text = str(rows[0].render())
            assert "IRREVERSIBLE" in text and "CompleteBucketWorm" in text
            assert "locks WORM on oss://acme-actiontrail at 365 days, for good" in text, "what, and until when"
            table = pilot.app.screen.query_one(DataTable)
            number = next(i for i, a in enumerate(ONBOARDING.actions) if a.irreversible)
            assert str(table.get_row_at(number)[1]) == "!", "its table row is marked where it cannot scroll away"

    run(scenario())


def test_an_update_shows_now_and_after():
    async def scenario():
        app = ScreenPreview(lambda: PlanScreen(TTL_FIX, SETTINGS))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert [a.api for a in TTL_FIX.actions] == ["UpdateLogStore"]
            assert "~ ttl: 30 -> 365" in str(pilot.app.screen.query_one("#detail", Static).render())

    run(scenario())


def test_one_key_never_applies_a_plan_without_a_lock():
    async def scenario():
        app = Reviewing(TTL_FIX)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("a")
            await pilot.pause()
            confirm = pilot.app.screen
            assert isinstance(confirm, ConfirmApplyScreen) and app.approved == []
            assert "Apply 1 change (0 create, 1 update, 0 irreversible)?" in str(confirm.query_one("#question").render())
            await pilot.press("enter")  # the focus is on Cancel: Enter is the safe choice
            await pilot.pause()
            assert app.approved == [] and isinstance(pilot.app.screen, PlanScreen)
            for key, approved in (("n", []), ("y", [True])):
                await pilot.press("a")
                await pilot.pause()
                assert isinstance(pilot.app.screen, ConfirmApplyScreen)
                await pilot.press(key)
                await settle(pilot)
                assert app.approved == approved, key

    run(scenario())
