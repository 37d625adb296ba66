"""Plain mode as a person meets it: real questionary prompts fed keystrokes, text wrapped to the terminal, the plan
as the compact text of `plan` with its JSON on request, and the lock question's Enter meaning no."""

from __future__ import annotations

import io
import json

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from tests.support.prompts import NAMES, Operator
from wizard.flow.connection import Connection
from wizard.flow.session import WizardFlow
from wizard.plain import SHOW_JSON, QuestionaryPrompter, echo, run_plain, wrap


@pytest.fixture
def keyboard():
    """Keystrokes for the real prompts (questionary on prompt_toolkit), as a terminal would send them."""
    with create_pipe_input() as keys, create_app_session(input=keys, output=DummyOutput()):
        yield keys


def test_a_default_is_shown_not_pretyped_so_typing_replaces_it(keyboard):
    prompts = QuestionaryPrompter()
    keyboard.send_text("X\r")
    assert prompts.text("Trail name", "actiontrail-baseline") == "X", "typing replaces the default"
    keyboard.send_text("\r")
    assert prompts.text("Trail name", "actiontrail-baseline") == "actiontrail-baseline", "Enter accepts it"
    keyboard.send_text("acme-o\r")
    assert prompts.text("Bucket", "actiontrail-1", ("acme-old-logs",)) == "acme-o"


def test_enter_at_the_lock_question_is_no(keyboard, sandbox, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    seen = {}

    class Recorder(Operator):
        def confirm(self, message, default):
            seen[message.split(" (")[0]] = default
            return super().confirm(message, default)

    with WizardFlow(Connection(sandbox_url=sandbox.url)) as flow:
        assert run_plain(flow, None, dry_run=True, prompter=Recorder(NAMES)) == 2
    assert seen["Lock WORM now"] is False, "an irreversible yes is never what Enter accepts"
    assert seen["Deliver to OSS"] is True, "the other questions keep the best practice as their default"
    keyboard.send_text("\r")
    assert QuestionaryPrompter().confirm("Lock WORM now (irreversible)", False) is False


def test_text_is_wrapped_to_the_terminal(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setenv("COLUMNS", "60")
    shown = Terminal()
    echo("       why: " + "Log files cannot be changed or deleted for 365 days (MLPS 2.0 asks for 180). " * 3, shown)
    lines = shown.getvalue().splitlines()
    assert len(lines) > 3 and all(len(line) <= 59 for line in lines), lines
    assert all(line.startswith("       ") for line in lines), "a wrapped line stays under its own text"
    piped = io.StringIO()
    echo("x " * 100, piped)
    assert piped.getvalue() == "x " * 100 + "\n", "not a terminal: kept as it is, for files and pipes"
    assert wrap("a b c", 3) == "a b\n  c"


def shown_actions(out: str) -> list[str]:
    return [line for line in out.splitlines() if line[:5].strip().rstrip(".").isdigit()]


def test_the_plan_is_the_compact_text_and_json_comes_on_request(sandbox, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    operator = Operator({**NAMES, "Apply ": [SHOW_JSON, "no, change nothing"]})
    with WizardFlow(Connection(sandbox_url=sandbox.url)) as flow:
        assert run_plain(flow, None, prompter=operator) == 1  # not confirmed
    out = capsys.readouterr().out
    plan = out[out.index("Actions, in order"):out.index("{\n")]
    values = [line for line in plan.splitlines() if line.startswith("       ") and "why: " not in line]
    assert values and all(len(line) < 200 for line in values), "long values are cut (prose is wrapped on a terminal)"
    assert "chars)" in plan and "the JSON form has it whole" in plan
    rows = sum(-(-len(line) // 80) or 1 for line in plan.splitlines())
    assert rows < 9 * len(shown_actions(out)), f"{rows} rows on an 80-column terminal (whole values: ~13.5 a call)"
    shown = json.loads(out[out.index("{\n  \"changes\""):out.rindex("}\n") + 1])
    assert shown["changes"] == len(shown["actions"]) > 20, "the JSON, when asked for, is the whole plan"
    assert sum(m.startswith("Apply ") for m, _ in operator.asked) == 2, "after the JSON, the question again"
