"""The TUI's notify field never shows a DingTalk token: not as its starting value, not once one is pasted in."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input

from steps import STEPS
from tests.support.pilot import run
from wizard.ui.widgets.question_field import QuestionField

TOKEN = "7e1f0c9b8a7d6c5b4a3f2e1d0c9b8a7fZZ"
CLEAR = f"dingtalk:https://oapi.dingtalk.com/robot/send?access_token={TOKEN}"


def _notify():
    return next(q for step in STEPS for q in step.questions if q.key == "alerts.notify")


class OneField(App):
    def __init__(self, value):
        super().__init__()
        self.value = value

    def compose(self) -> ComposeResult:
        yield QuestionField(_notify(), self.value)


def test_the_notify_field_masks_a_token_it_starts_with_and_one_pasted_in():
    async def scenario():
        app = OneField([CLEAR])
        async with app.run_test(size=(100, 20)) as pilot:
            field = app.query_one(QuestionField)
            box = field.query_one("#value", Input)
            started = box.value
            box.value = ""
            await pilot.click("#value")
            await pilot.press(*f"email:a@example.com, {CLEAR}")
            await pilot.pause()
            typed = box.value
            screen = app.export_screenshot()
            return started, typed, field.problem, screen
    started, typed, problem, screen = run(scenario())
    assert TOKEN not in started and "access_token=***" in started
    assert TOKEN not in typed and "access_token=***" in typed and typed.startswith("email:a@example.com")
    assert problem and "dingtalk:env:" in problem and TOKEN not in problem
    assert TOKEN not in screen and TOKEN[:12] not in screen
