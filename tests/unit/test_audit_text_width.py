"""The audit as text on a terminal: each rule's details wrapped to its width, none folded by the terminal mid-word;
to a file or a pipe, one line per paragraph as before (grep finds a whole evidence line)."""

from __future__ import annotations

from tests.support.factories import empty_account, settings
from wizard.core.audit import evaluate
from wizard.report.audit.text import MARK, render_text


def _report(width):
    return render_text(evaluate(settings(), empty_account()), "1234567890123456", "cn-hangzhou", width=width)


def test_on_an_80_column_terminal_no_line_is_wider_and_every_rule_starts_its_own_line():
    text = _report(80)
    assert max(len(line) for line in text.splitlines()) <= 80
    rows = [line for line in text.splitlines() if line[:2] == "  " and line[2:].split(" ")[0] in MARK.values()]
    assert [row.split()[-1] for row in rows] == [f.rule for f in evaluate(settings(), empty_account())]
    assert "\n      fix: Create the trail (CreateTrail).\n" in text


def test_a_wide_terminal_keeps_the_columns_and_a_pipe_keeps_each_paragraph_on_one_line():
    wide = _report(160)
    assert "\n" + " " * 34 + "fix: Create the trail (CreateTrail).\n" in wide
    piped = _report(None)
    fixes = [line.strip() for line in piped.splitlines() if line.strip().startswith("fix: ")]
    assert any(len(fix) > 100 for fix in fixes), "unwrapped: a long fix stays one line"
    assert all(line.startswith(" " * 34) for line in piped.splitlines() if line.strip().startswith("fix: "))


def test_the_summary_after_apply_wraps_its_audit_to_the_terminal_and_keeps_it_whole_for_a_pipe():
    from wizard.flow.verify import Verification
    from wizard.report.summary import render_summary

    observed = empty_account()
    verification = Verification(observed, tuple(evaluate(settings(), observed)))
    on_terminal = render_summary(verification, settings(), "actiontrail-wizard audit --config x.toml", width=80)
    audit_part = on_terminal.split("rule(s) still fail")[0]
    assert max(len(line) for line in audit_part.splitlines()) <= 80
    assert "\n      fix: Create the trail (CreateTrail).\n" in on_terminal
    piped = render_summary(verification, settings(), "actiontrail-wizard audit --config x.toml")
    assert "\n" + " " * 34 + "fix: Create the trail (CreateTrail).\n" in piped
