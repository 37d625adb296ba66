"""The plain front end: the same steps (from steps/) as questionary prompts, the same plan, the same consent.

For terminals where a full-screen app does not fit. Prompts go through a
Prompter so tests can answer them; cancelling (Ctrl-C) changes nothing.
"""

from __future__ import annotations

import sys
from typing import Any, Protocol

from steps import STEPS, Known, Question, answers_from, apply_answers, fresh_answers, known_from

from wizard.core.history import describe
from wizard.core.settings import Settings
from wizard.flow.wizard_flow import WizardFlow, sandbox_banner
from wizard.report.audit.text import render_text
from wizard.report.plan.files import SAVE_DIR, settings_for_later
from wizard.report.plan.text import render_plan
from wizard.core.planning.history import planned_backfill
from wizard.report.progress import progress_printer
from wizard.report.where import where_events_land
from wizard.core.audit import best_practice_settings_for


class Prompter(Protocol):
    def text(self, message: str, default: str, suggestions: tuple[str, ...] = ()) -> str | None: ...
    def confirm(self, message: str, default: bool) -> bool | None: ...
    def select(self, message: str, choices: list[str], default: str) -> str | None: ...


class QuestionaryPrompter:
    """The real prompts. Each returns None when the operator cancels."""

    def text(self, message: str, default: str, suggestions: tuple[str, ...] = ()) -> str | None:
        import questionary

        if suggestions:  # Tab completes what discovery found; anything else may still be typed
            return questionary.autocomplete(message, choices=list(suggestions), default=default).ask()
        return questionary.text(message, default=default).ask()

    def confirm(self, message: str, default: bool) -> bool | None:
        import questionary

        return questionary.confirm(message, default=default).ask()

    def select(self, message: str, choices: list[str], default: str) -> str | None:
        import questionary

        return questionary.select(message, choices=choices, default=default).ask()


class Cancelled(Exception):
    pass


def _shown(value: Any) -> str:
    return ", ".join(value) if isinstance(value, (list, tuple)) else ("" if value is None else str(value))


def ask_question(prompter: Prompter, question: Question, current: Any, known: Known = Known()) -> Any:
    """Ask until the answer satisfies the question's rule; show the cost of a below-best-practice choice."""
    hint = question.known_hint(known)
    if hint:
        print(f"  found: {hint}")
    while True:
        label = f"{question.label} ({question.help})"
        if question.kind == "bool":
            raw = prompter.confirm(label, bool(current))
            value = raw
        elif question.kind == "choice":
            raw = prompter.select(label, list(question.choices), str(current))
            value = raw
        else:
            raw = prompter.text(label, _shown(current), question.suggestions(known))
            value = None if raw is None else question.parse(raw)
        if raw is None:
            raise Cancelled
        problem = question.check(value)
        if problem:
            print(f"  ✗ {problem}")
            continue
        warning = question.warn(value)
        if warning:
            print(f"  ⚠ {warning}")
        return value


def _choose(prompter: Prompter, message: str, choices: list[str]) -> str:
    choice = prompter.select(message, choices, choices[0])
    if choice is None:
        raise Cancelled
    return choice


def ask_steps(prompter: Prompter, answers: dict, known: Known = Known(), observed=None) -> Settings:
    """Each step's questions in order; its facts from discovery (`observed`) are printed under its intro."""
    answers = dict(answers)
    for number, step in enumerate(STEPS, start=1):
        print(f"\n== Step {number} of {len(STEPS)}: {step.title} ==\n{step.intro}")
        for line in step.facts(observed, answers):
            print(f"  • {line}")
        for question in step.questions:
            if question.when(answers):
                answers[question.key] = ask_question(prompter, question, answers.get(question.key, question.default),
                                                     known)
    return apply_answers(answers)


def run_plain(flow: WizardFlow, settings: Settings | None, dry_run: bool = False,
              prompter: Prompter | None = None, config_path: str | None = None) -> int:
    prompter = prompter or QuestionaryPrompter()
    try:
        return _run(flow, settings, dry_run, prompter, config_path)
    except Cancelled:
        print("\nCancelled: no changes were made.")
        return 1


def _run(flow: WizardFlow, settings: Settings | None, dry_run: bool, prompter: Prompter,
         config_path: str | None = None) -> int:
    where = flow.open()
    if flow.connection.is_sandbox:
        print(sandbox_banner(where), file=sys.stderr)
    identity = flow.identify()
    print(f"Connected to {identity.where}: account {identity.account_id} as {identity.arn}, region {flow.region}")
    print("Reading the account (read-only)...")
    observed, inventory = flow.survey(settings)
    findings = flow.audit(settings, observed)
    print(render_text(findings, observed.account_id, flow.region))
    if observed.trails and not any(f.status == "fail" for f in findings) and settings is None:
        print("Compliant: nothing to do.")
        return 0
    if settings is not None:
        answers = answers_from(settings)
    elif observed.trails and _choose(prompter, "What next?", ["fix this setup", "set up a new trail"]) == "fix this setup":
        answers = answers_from(best_practice_settings_for(observed))
    else:
        answers = fresh_answers(observed.account_id)
    settings = ask_steps(prompter, answers, known_from(observed, inventory), observed)
    flow.use_region(settings.region)
    if observed.region != settings.region or settings.oss or settings.sls or settings.trail.organization:
        observed = flow.discover(settings)
    plan = flow.plan(settings, observed)
    print(render_plan(plan, f"\nPlan for account {observed.account_id} in {settings.region}"))
    if dry_run:
        print("Dry run: nothing was applied.")
        return 2 if plan.changes else 0
    if plan.changes == 0:  # compliant, or every change blocked: then the rules still fail (exit 2, as `apply`)
        return 2 if any(f.status == "fail" for f in flow.audit(settings, observed)) else 0
    irreversible = [a for a in plan.actions if a.irreversible]
    if irreversible and settings.oss:
        typed = prompter.text(f"This plan locks WORM on {settings.oss.bucket} (irreversible). Type the bucket name "
                              "to apply", "")
        approved = typed is not None and typed.strip() == settings.oss.bucket
    else:
        approved = bool(prompter.confirm(f"Apply these {plan.changes} change(s)?", False))
    if not approved:
        print("Not confirmed: no changes were made.")
        return 1
    result = flow.apply(plan, observed, progress_printer(plan.changes))
    if not result.ok:
        action, error = result.failed
        print(f"\n{error.message}\nRun the wizard again to resume.", file=sys.stderr)
        return 1
    after = flow.discover(settings)
    after_findings = flow.audit(settings, after)
    print("\n" + render_text(after_findings, after.account_id, settings.region))
    if planned_backfill(plan):
        print(describe(flow.backfill_status(settings.trail.name)))
    print("\nWhere the events land:\n" + "\n".join(f"  • {line}" for line in where_events_land(settings)))
    try:
        later = settings_for_later(settings, config_path, SAVE_DIR)
    except OSError as error:
        print(f"Could not save {error.filename}: {error.strerror}", file=sys.stderr)
        later = str(SAVE_DIR / "settings.toml")
    print(f"Check again later: actiontrail-wizard audit --config {later}")
    return 2 if any(f.status == "fail" for f in after_findings) else 0
