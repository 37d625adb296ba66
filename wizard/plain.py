"""The plain front end: the same steps (from steps/) as questionary prompts, the same plan, the same consent.

For terminals where a full-screen app does not fit. Prompts go through a
Prompter so tests can answer them; cancelling (Ctrl-C) changes nothing.
"""

from __future__ import annotations

import sys
from typing import Any, Callable, Protocol, Sequence

from steps import STEPS, Known, Question, apply_answers
from wizard.core.findings import Finding, any_failing
from wizard.core.plan import Plan
from wizard.core.redact import redact
from wizard.core.settings import Settings
from wizard.flow.connection import Identity, sandbox_banner
from wizard.flow.front_end import Applied
from wizard.flow.review import Consent
from wizard.flow.sequence import Options, run
from wizard.flow.session import WizardFlow
from wizard.flow.survey import Start, Survey
from wizard.flow.verify import Verification
from wizard.report.audit.text import render_text
from wizard.report.plan.text import render_plan
from wizard.report.progress import progress_printer
from wizard.report.summary import render_summary


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
    """A value as a prompt's default: a secret inside it is masked, never offered back to the screen."""
    text = ", ".join(value) if isinstance(value, (list, tuple)) else ("" if value is None else str(value))
    return redact(text)


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


class TextFrontEnd:
    """The sequence as lines of text: what plain mode and the `apply` command share."""

    asks_settings = True
    again = "run the wizard again"

    def __init__(self):
        self.account_id, self.region = "", ""

    def connect(self, work: Callable[[], Identity]) -> Identity:
        identity = work()
        if identity.sandbox:
            print(sandbox_banner(identity.where), file=sys.stderr)
        print(f"Connected to {identity.where}: account {identity.account_id} as {identity.arn}, region "
              f"{identity.region}")
        self.account_id = identity.account_id
        return identity

    def busy(self, message: str, work):
        print(message, flush=True)
        return work()

    def review(self, plan: Plan, settings: Settings, consent: Consent, dry_run: bool) -> bool:
        self.region = settings.region
        print(render_plan(plan, f"\nPlan for account {self.account_id} in {settings.region}"))
        return not dry_run and bool(plan.changes) and self.consents(plan, consent)

    def consents(self, plan: Plan, consent: Consent) -> bool:
        raise NotImplementedError

    def nothing_to_apply(self, findings: Sequence[Finding]) -> None:
        if any_failing(findings):  # every change is blocked: the rules as they stand say why
            print(render_text(list(findings), self.account_id, self.region))

    def apply(self, plan: Plan, work) -> Applied:
        print(f"\nApplying {plan.changes} change(s)...", flush=True)
        return Applied(work(progress_printer(plan.changes)))

    def summary(self, work: Callable[[], Verification], settings: Settings, later: str, backfill) -> Verification:
        print("\nVerifying: reading the account again...", flush=True)
        verification = work()
        print("\n" + render_summary(verification, settings, later))
        return verification

    def say(self, message: str, error: bool = False) -> None:
        print(message, file=sys.stderr if error else sys.stdout, flush=True)


class PlainFrontEnd(TextFrontEnd):
    """Plain mode: the steps' questions as prompts; the consent typed or confirmed."""

    def __init__(self, prompter: Prompter):
        super().__init__()
        self.prompter = prompter

    def existing_setup(self, work: Callable[[], Survey], settings: Settings | None) -> tuple[Survey, Start | None]:
        print("Reading the account (read-only)...")
        survey = work()
        print(render_text(list(survey.findings), survey.observed.account_id, survey.observed.region))
        if survey.baseline.describe() and survey.observed.trails:
            print(survey.baseline.describe())
        if settings is not None:
            return survey, Start.FIX
        if survey.compliant:
            print("Compliant: nothing to do.")
            return survey, None
        if survey.observed.trails and _choose(self.prompter, "What next?", ["fix this setup", "set up a new trail"]) \
                == "fix this setup":
            return survey, Start.FIX
        return survey, Start.NEW

    def ask_settings(self, answers, known: Known, observed) -> Settings:
        return ask_steps(self.prompter, answers, known, observed)

    def consents(self, plan: Plan, consent: Consent) -> bool:
        if consent.typed:
            typed = self.prompter.text(f"This plan locks WORM on {consent.typed} (irreversible). Type the bucket name "
                                       "to apply", "")
            return typed is not None and typed.strip() == consent.typed
        return bool(self.prompter.confirm(f"Apply these {plan.changes} change(s)?", False))


def run_plain(flow: WizardFlow, settings: Settings | None, dry_run: bool = False,
              prompter: Prompter | None = None, config_path: str | None = None) -> int:
    try:
        return int(run(PlainFrontEnd(prompter or QuestionaryPrompter()), flow, settings,
                       Options(dry_run=dry_run, config_path=config_path)))
    except Cancelled:
        print("\nCancelled: no changes were made.")
        return 1
