"""The keys a person reaches for: Enter and Tab move on in a step (Ctrl+N still does), Esc goes back, the command
palette lists the wizard's actions for the screen, and the help fits an 80-column terminal."""

from __future__ import annotations

from textual.app import App
from textual.command import CommandPalette
from textual.widgets import Input

from steps import STEPS, fresh_answers
from tests.support.factories import empty_account
from tests.support.factories import settings as baseline_settings
from tests.support.pilot import run
from tests.support.preview import ScreenPreview, settle
from wizard.flow.connection import Connection
from wizard.flow.review import plan_for
from wizard.flow.session import WizardFlow
from wizard.ui.app import WizardApp
from wizard.ui.screens.help import HELP, HelpScreen
from wizard.ui.screens.plan import PlanScreen
from wizard.ui.screens.step import StepResult, StepScreen
from wizard.ui.widgets.question_field import QuestionField

TRAIL = next(i for i, s in enumerate(STEPS) if s.name == "trail")


class _Step(App):
    """One step screen; what it is dismissed with is kept in `results`."""

    def __init__(self, index: int):
        super().__init__()
        self.index, self.results = index, []

    def on_mount(self) -> None:
        self.push_screen(StepScreen(STEPS[self.index], fresh_answers("1234567890123456"), self.index + 1, len(STEPS)),
                         self.results.append)


def _step(index: int) -> _Step:
    return _Step(index)


def _field_of(screen) -> str:
    return next(f.question.key for f in screen.query(QuestionField) if f in screen.focused.ancestors_with_self)


def test_enter_and_tab_move_to_the_next_field_then_to_the_next_step():
    async def scenario():
        app = _step(TRAIL)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            screen = pilot.app.screen
            visible = [f.question.key for f in screen.query(QuestionField) if f.display]
            assert _field_of(screen) == visible[0]
            await pilot.press("enter")
            assert _field_of(screen) == visible[1], "Enter in a field goes to the next one"
            await pilot.press("tab")
            assert _field_of(screen) == visible[2], "so does Tab"
            for _ in visible[3:]:
                await pilot.press("enter")  # a switch too: Space toggles it, Enter moves on
            assert app.results == []
            await pilot.press("enter")  # from the last field: the next step
            await pilot.pause()
            assert len(app.results) == 1 and isinstance(app.results[0], StepResult) and not app.results[0].back

    run(scenario())


def test_ctrl_n_still_moves_on_and_esc_goes_back():
    async def scenario():
        for key, back in (("ctrl+n", False), ("escape", True)):
            app = _step(TRAIL)
            async with app.run_test(size=(80, 24)) as pilot:
                await settle(pilot)
                await pilot.press(key)
                await pilot.pause()
                assert [r.back for r in app.results] == [back], key

    run(scenario())


def test_enter_on_a_field_breaking_its_rule_stays_and_says_the_rule():
    async def scenario():
        app = _step(TRAIL)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            screen = pilot.app.screen
            name = screen.query_one("#field-trail-name #value", Input)
            name.value = "X"
            for _ in [f for f in screen.query(QuestionField) if f.display]:
                await pilot.press("enter")
            assert app.results == [] and "Fix Trail name first" in str(screen.query_one("#status").render())

    run(scenario())


def _palette(make_screen) -> list[str]:
    async def scenario():
        app = WizardApp(WizardFlow(Connection(sandbox=True)), autostart=False)  # the wizard's own palette
        async with app.run_test(size=(100, 30)) as pilot:
            await app.push_screen(make_screen())
            await settle(pilot)
            await pilot.press("ctrl+p")
            await pilot.pause(0.3)
            palette = pilot.app.screen
            assert isinstance(palette, CommandPalette)
            options = palette.query_one("CommandList")
            return [str(options.get_option_at_index(i).prompt).split("\n")[0] for i in range(options.option_count)]

    return run(scenario())


def test_the_command_palette_lists_the_wizards_actions():
    plan = plan_for(baseline_settings(), empty_account())
    listed = _palette(lambda: PlanScreen(plan, baseline_settings()))
    assert {"Apply", "Save plan", "Details", "Quit", "Help"} <= set(listed), listed
    dry = _palette(lambda: PlanScreen(plan, baseline_settings(), dry_run=True))
    assert "Apply" not in dry and "Save plan" in dry, "only what the screen offers now"
    step = _palette(lambda: StepScreen(STEPS[0], fresh_answers(), 1, len(STEPS)))
    assert {"Next step", "Back", "Quit"} <= set(step), step


def test_the_help_fits_80_columns():
    width = 80 - 2 - 2 - 2  # the terminal, less the border, the padding and a margin
    assert max(len(line) for line in HELP.plain.splitlines()) <= width

    async def scenario():
        app = ScreenPreview(HelpScreen)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            shown = pilot.app.screen.query_one("VerticalScroll")
            assert shown.region.right <= 80 and shown.max_scroll_x == 0, "nothing cut off or scrolled sideways"

    run(scenario())
