"""One steps.Question as a Textual field: label, input, inline rule message, best-practice warning."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Select, Static, Switch

from steps.question import Known, Question
from wizard.core.redact import redact
from wizard.ui.text import line


def _text(value: Any) -> str:
    """A value as the field shows it: a secret inside it (a DingTalk token) masked, never on screen."""
    if isinstance(value, (list, tuple)):
        return redact(", ".join(str(v) for v in value))
    return "" if value is None else redact(str(value))


class FieldSwitch(Switch, inherit_bindings=False):
    """A Switch that Space toggles; Enter moves on to the next field, as in every other field of a step."""

    BINDINGS = [Binding("space", "toggle_switch", "Toggle", show=False)]


class FieldSelect(Select, inherit_bindings=False):
    """A Select that Space or the arrows open; Enter moves on to the next field, as in every other field."""

    BINDINGS = [Binding("down,space,up", "show_overlay", "Show menu", show=False)]


class QuestionField(Vertical):
    """Renders a Question once; `value` is the parsed answer, `problem` the rule it breaks (or None)."""

    DEFAULT_CSS = """
    QuestionField { height: auto; margin: 0 0 1 0; }
    QuestionField .help { color: $text-muted; }
    QuestionField .known { color: $text-accent; }
    QuestionField .problem { color: $error; }
    QuestionField .warning { color: $warning; }
    QuestionField Input, QuestionField Select { width: 60; }
    """

    def __init__(self, question: Question, value: Any, known: Known = Known()):
        super().__init__(id=f"field-{question.key.replace('.', '-')}")
        self.question, self.known = question, known
        self._initial = question.default if value is None else value

    def compose(self) -> ComposeResult:
        q = self.question
        yield Label(line(q.label))
        if q.kind == "bool":
            yield FieldSwitch(value=bool(self._initial), id="value")
        elif q.kind == "choice":
            yield FieldSelect([(c, c) for c in q.choices], value=self._initial, allow_blank=False, id="value")
        else:
            names = q.suggestions(self.known)
            yield Input(value=_text(self._initial), placeholder=q.help, id="value",
                        suggester=SuggestFromList(names, case_sensitive=True) if names else None)
        yield Static(line(q.help), classes="help")
        hint = q.known_hint(self.known)
        if hint:
            yield Static(line(f"found: {hint} (→ completes)"), classes="known")
        yield Static("", classes="problem", markup=False)  # messages quote what was typed: never markup
        yield Static("", classes="warning", markup=False)

    def on_mount(self) -> None:
        self.refresh_messages()

    @property
    def value(self) -> Any:
        widget = self.query_one("#value")
        if isinstance(widget, Input):
            return self.question.parse(widget.value)
        return widget.value

    @property
    def problem(self) -> str | None:
        return self.question.check(self.value)

    def refresh_messages(self) -> None:
        problem = self.problem
        shown = self.query_one(".problem", Static)
        shown.update(line(f"✗ {problem}" if problem else ""))
        shown.display = bool(problem)
        warning = None if problem else self.question.warn(self.value)
        cost = self.query_one(".warning", Static)
        cost.update(line(f"⚠ {warning}" if warning else ""))
        cost.display = bool(warning)

    def on_input_changed(self, event: Input.Changed) -> None:
        masked = redact(event.value)
        if masked != event.value:  # a pasted token leaves the screen at once; the rule says what to write instead
            event.input.value = masked
            event.input.cursor_position = len(masked)
            return
        self.refresh_messages()

    def on_switch_changed(self, event: Switch.Changed) -> None:
        self.refresh_messages()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.refresh_messages()
