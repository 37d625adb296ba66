"""One wizard step: its questions (declared once in steps/), validated inline, with back/next, and the step's
facts from discovery (who holds admin rights today) under its intro."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from steps import Answers, Known, Step
from wizard.core.observed import Observed
from wizard.ui.text import line
from wizard.ui.widgets.question_field import QuestionField


@dataclass(frozen=True)
class StepResult:
    answers: Answers
    back: bool = False


class StepScreen(Screen[StepResult | None]):
    CSS_PATH = "step.tcss"
    BINDINGS = [Binding("ctrl+n", "next", "Next step", priority=True), Binding("ctrl+b", "back", "Back", priority=True),
                Binding("escape", "back", "Back", show=False), Binding("ctrl+q", "quit_wizard", "Quit"),
                Binding("enter", "move_on", "Next field", show=False), Binding("tab", "move_on", show=False)]
    HINT = "Enter, Tab: next field, then next step · Ctrl+N: next step · Esc: back"

    def __init__(self, step: Step, answers: Answers, number: int, total: int, known: Known = Known(),
                 observed: Observed | None = None):
        super().__init__()
        self.step, self.known = step, known
        self.answers = dict(answers)
        self.number, self.total = number, total
        self.observed = observed  # what discovery found: the step's facts come from it

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(line(f"Step {self.number} of {self.total}: ", (self.step.title, "bold"), "\n", self.step.intro),
                     id="intro")
        yield Static("", id="facts")
        with VerticalScroll(id="fields"):
            for question in self.step.questions:
                yield QuestionField(question, self.answers.get(question.key), self.known)
        yield Static(line(self.HINT), id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_visibility()
        self.refresh_facts()
        visible = [f for f in self.query(QuestionField) if f.display]
        self._focus(next((f for f in visible if f.problem), visible[0] if visible else None))

    def _focus(self, field: QuestionField | None) -> None:
        if field is not None:
            field.query_one("#value").focus()

    def _current(self) -> Answers:
        answers = dict(self.answers)
        for field in self.query(QuestionField):
            if field.display:
                answers[field.question.key] = field.value
        return answers

    def refresh_visibility(self) -> None:
        """Questions whose `when` no longer holds are hidden (e.g. OSS questions once OSS is switched off)."""
        answers = dict(self.answers)
        for field in self.query(QuestionField):
            field.display = field.question.when(answers)
            if field.display:
                answers[field.question.key] = field.value

    def refresh_facts(self) -> None:
        """What discovery found that bears on this step, for the answers as they stand."""
        facts = self.step.facts(self.observed, self._current())
        shown = self.query_one("#facts", Static)
        shown.update(line("\n".join(f"• {fact}" for fact in facts)))
        shown.display = bool(facts)

    def on_switch_changed(self) -> None:
        self.refresh_visibility()
        self.refresh_facts()

    def on_select_changed(self) -> None:
        self.refresh_visibility()
        self.refresh_facts()

    def on_input_changed(self) -> None:
        self.refresh_facts()

    def problems(self) -> list[QuestionField]:
        return [f for f in self.query(QuestionField) if f.display and f.problem]

    def action_next(self) -> None:
        problems = self.problems()
        if problems:
            field = problems[0]
            self.query_one("#status", Static).update(line((f"Fix {field.question.label} first:", "bold red"), " ",
                                                          field.problem or ""))
            self._focus(field)
            return
        self.dismiss(StepResult(self._current()))

    def on_input_submitted(self, event) -> None:
        event.stop()
        self.action_move_on()

    def action_move_on(self) -> None:
        """Enter or Tab: the next visible field; from the last one, the next step (as Ctrl+N)."""
        visible = [f for f in self.query(QuestionField) if f.display]
        focused = self.focused
        current = next((i for i, f in enumerate(visible) if focused is not None and f in focused.ancestors_with_self),
                       None)
        if current is None or current == len(visible) - 1:
            self.action_next()
        else:
            self._focus(visible[current + 1])

    def action_back(self) -> None:
        self.dismiss(StepResult(self._current(), back=True))

    def action_quit_wizard(self) -> None:
        self.dismiss(None)
