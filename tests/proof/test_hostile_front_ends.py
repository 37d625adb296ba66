"""Hostile input typed into both front ends: every text field of every step (Textual, driven by the pilot) and
every text prompt (plain mode): the step does not advance and shows the rule, the prompt asks again with the
rule; no traceback, the app stays alive, and the sandbox receives no write at all."""

from __future__ import annotations

from textual.widgets import Input, Static

from steps import STEPS, fresh_answers
from tests.support.cli import writes
from tests.support.hostile import TYPED
from tests.support.pilot import audited, run, sandbox_flow, wait_for, wait_screen, welcomed
from tests.support.prompts import NAMES, Operator
from wizard.plain import run_plain
from wizard.ui.app import WizardApp
from wizard.ui.screens.plan import PlanScreen
from wizard.ui.screens.step import StepScreen
from wizard.ui.widgets.question_field import QuestionField


def _typed_questions():
    """The questions a person types into on the default path (a hidden one, like the CMK's key, is not shown)."""
    answers = fresh_answers()
    return [q for step in STEPS for q in step.questions if q.kind in ("text", "int", "list") and q.when(answers)]


def _invalid(question) -> int:
    """How many of the hostile values this question's rule rejects (the others are valid answers)."""
    return sum(question.check(question.parse(value)) is not None for value in TYPED)


def _text_fields(screen: StepScreen) -> list[QuestionField]:
    return [f for f in screen.query(QuestionField) if f.display and isinstance(f.query_one("#value"), Input)]


async def _refused(pilot, screen: StepScreen, field: QuestionField, value: str, key: bool) -> bool:
    """Paste the value into the field, then Next (the Ctrl+N key itself when `key`, else its action: a key press
    costs a full refresh); True when the rule stopped the step (False: the value is valid for this field)."""
    box = field.query_one("#value", Input)
    box.value = ""
    box.insert_text_at_cursor(value)  # what a bracketed paste does with one line
    problem = field.question.check(field.question.parse(box.value))
    if problem is None:
        return False
    if key:
        await pilot.press("ctrl+n")
    else:
        screen.action_next()
    assert pilot.app.screen is screen, f"{field.question.key} = {value[:20]!r} advanced the step"
    status = str(screen.query_one("#status", Static).render())
    assert f"Fix {field.question.label} first" in status and problem[:50] in status, status
    if key:  # the inline message follows the Input's change event, processed by now
        assert problem in str(field.query_one(".problem", Static).render())
    return True


def test_every_step_field_refuses_hostile_text(sandbox, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)
    refused: dict[str, int] = {}

    async def scenario():
        app = WizardApp(sandbox_flow(sandbox))
        async with app.run_test(size=(100, 40)) as pilot:
            await welcomed(pilot)
            await audited(pilot)
            await pilot.press("n")
            for number in range(1, len(STEPS) + 1):
                screen = await wait_screen(pilot, StepScreen)
                await wait_for(pilot, lambda: pilot.app.screen.number == number)
                for field in _text_fields(screen):
                    kept = field.query_one("#value", Input).value
                    refused[field.question.key] = sum([await _refused(pilot, screen, field, v, key=i < 2)
                                                       for i, v in enumerate(TYPED)])
                    field.query_one("#value", Input).value = kept
                    await pilot.pause()
                await pilot.press("ctrl+n")
            await wait_screen(pilot, PlanScreen)
            assert app.is_running
            await pilot.press("q")
        return app.return_value, app.front.messages

    code, said = run(scenario())
    assert (code, said) == (1, ["Not confirmed: no changes were made."]), "quitting the plan declines it, cleanly"
    shown = {q.key for q in _typed_questions()}
    assert set(refused) == shown, "every text field of every step was tried"
    assert all(refused[q.key] == _invalid(q) for q in _typed_questions()), refused
    assert writes(sandbox) == [], "typing never writes"


def test_every_plain_prompt_asks_again_on_hostile_text(sandbox, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)

    class Hostile(Operator):
        """Answers each text prompt with every nasty value its rule rejects first, then with the usual answer."""

        def __init__(self):
            super().__init__(NAMES)
            self.tries: dict[str, int] = {}

        def text(self, message, default, suggestions=()):
            question = next((q for q in _typed_questions() if message.startswith(f"{q.label} (")), None)
            if question is None:
                return super().text(message, default, suggestions)
            nasty = [v for v in TYPED if question.check(question.parse(v)) is not None]
            tried = self.tries.get(question.label, 0)
            self.tries[question.label] = tried + 1
            if tried < len(nasty):
                self.asked.append((message, tuple(suggestions)))
                return nasty[tried]
            return super().text(message, default, suggestions)

    operator = Hostile()
    with sandbox_flow(sandbox) as flow:
        assert run_plain(flow, None, dry_run=True, prompter=operator) == 2
    out = capsys.readouterr()
    rules = [line for line in out.out.splitlines() if line.startswith("  ✗ ")]
    assert {q.label for q in _typed_questions()} <= set(operator.tries), operator.tries
    assert len(rules) == sum(_invalid(q) for q in _typed_questions()), "each refused value gets its rule, once"
    assert "Traceback" not in out.out + out.err
    assert "Dry run: nothing was applied." in out.out
    assert writes(sandbox) == []
