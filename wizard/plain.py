"""The plain front end: the same steps (from steps/) as questionary prompts, the same plan, the same consent.

For terminals where a full-screen app does not fit. Prompts go through a Prompter so tests can answer
them. A default is shown, never pre-typed: Enter accepts it, typing replaces it. Text is wrapped to the
terminal; the plan is the compact text of `plan`, its JSON on request. Ctrl-C at any prompt changes nothing.
"""

from __future__ import annotations

import json
import shutil
import sys
import textwrap
import threading
from typing import Any, Callable, Protocol, Sequence

from steps import STEPS, Known, Question, apply_answers
from wizard.core.findings import Finding, compliant
from wizard.core.plan import Plan
from wizard.core.redact import redact
from wizard.core.settings import Settings
from wizard.flow.connection import Identity, sandbox_banner
from wizard.flow.front_end import Applied, Interrupted
from wizard.flow.review import Consent
from wizard.flow.sequence import Options, run
from wizard.flow.session import WizardFlow
from wizard.flow.survey import Start, Survey
from wizard.flow.verify import Verification
from wizard.report.audit.text import render_text
from wizard.report.delivery import ProgressShown, describe, progress_line
from wizard.report.plan.text import render_plan
from wizard.report.progress import progress_printer
from wizard.report.summary import render_summary
from wizard.report.terminal import terminal_width

APPLY, SHOW_JSON, CANCEL = "yes, apply these changes", "show the plan as JSON first", "no, change nothing"
NONE = "-"  # typed for an optional answer: none at all


class Prompter(Protocol):
    def text(self, message: str, default: str, suggestions: tuple[str, ...] = ()) -> str | None: ...
    def confirm(self, message: str, default: bool) -> bool | None: ...
    def select(self, message: str, choices: list[str], default: str) -> str | None: ...


def _fitted(message: str) -> str:
    """A prompt's message wrapped at spaces to the terminal (prompt_toolkit would cut words in two)."""
    if not sys.stdout.isatty():
        return message
    return wrap(message, shutil.get_terminal_size((100, 24)).columns - 12)  # room for "? " and "(y/N)"


class QuestionaryPrompter:
    """The real prompts. Each returns None when the operator cancels; an empty answer takes the default."""

    def text(self, message: str, default: str, suggestions: tuple[str, ...] = ()) -> str | None:
        import questionary

        shown = _fitted(f"{message} [{default}]" if default else message)  # shown, not pre-typed: typing replaces
        if suggestions:  # Tab completes what discovery found; anything else may still be typed
            answer = questionary.autocomplete(shown, choices=list(suggestions)).ask()
        else:
            answer = questionary.text(shown).ask()
        return answer if answer is None or answer.strip() else default

    def confirm(self, message: str, default: bool) -> bool | None:
        import questionary

        return questionary.confirm(_fitted(message), default=default).ask()

    def select(self, message: str, choices: list[str], default: str) -> str | None:
        import questionary

        return questionary.select(_fitted(message), choices=choices, default=default).ask()


class Cancelled(Interrupted):
    """A prompt was cancelled (Ctrl-C): the sequence says nothing was changed, and exits 130."""


def echo(text: str = "", file=None, width: int | None = None) -> None:
    """Print, each line wrapped to the terminal (kept as it is when the output is not a terminal)."""
    stream = file or sys.stdout
    width = width or terminal_width(stream)
    print(wrap(text, width) if width else text, file=stream, flush=True)


def wrap(text: str, width: int) -> str:
    """Each line wrapped at spaces to `width`, its continuation indented under the line's own text."""
    lines = []
    for line in text.split("\n"):
        indent = " " * (len(line) - len(line.lstrip(" ")))
        lines += textwrap.wrap(line, width, subsequent_indent=indent + "  ", break_long_words=False,
                               break_on_hyphens=False, drop_whitespace=True) or [""]
    return "\n".join(lines)


def _shown(value: Any) -> str:
    """A value as a prompt's default: a secret inside it is masked, never offered back to the screen."""
    text = ", ".join(value) if isinstance(value, (list, tuple)) else ("" if value is None else str(value))
    return redact(text)


def _optional(question: Question) -> bool:
    """An empty answer is allowed (a prefix, a list): then `-` clears a default."""
    return question.check(question.parse("")) is None


def ask_question(prompter: Prompter, question: Question, current: Any, known: Known = Known()) -> Any:
    """Ask until the answer satisfies the question's rule; show the cost of a below-best-practice choice."""
    hint = question.known_hint(known)
    if hint:
        echo(f"  found: {hint}")
    while True:
        label = f"{question.label} ({question.help})"
        if question.kind == "bool":  # an irreversible yes is never what Enter accepts
            value = raw = prompter.confirm(label, False if question.irreversible else bool(current))
        elif question.kind == "choice":
            value = raw = prompter.select(label, list(question.choices), str(current))
        else:
            default = _shown(current)
            if default and _optional(question):
                label += f" ({NONE} for none)"
            raw = prompter.text(label, default, question.suggestions(known))
            value = None if raw is None else question.parse("" if raw.strip() == NONE else raw)
        if raw is None:
            raise Cancelled
        problem = question.check(value)
        if problem:
            echo(f"  ✗ {problem}")
            continue
        warning = question.warn(value)
        if warning:
            echo(f"  ⚠ {warning}")
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
        echo(f"\n== Step {number} of {len(STEPS)}: {step.title} ==\n{step.intro}")
        for line in step.facts(observed, answers):
            echo(f"  • {line}")
        for question in step.questions:
            if not question.when(answers):
                continue
            taken = question.done(answers, observed) if question.irreversible else None
            if taken:  # asking would offer "no" as the default, and unsay what the account already holds
                echo(f"  • {question.label}: {taken}.")
                answers[question.key] = True
                continue
            answers[question.key] = ask_question(prompter, question, answers.get(question.key, question.default),
                                                 known)
    return apply_answers(answers)


class TextFrontEnd:
    """The sequence as lines of text: what plain mode and the `apply` command share."""

    asks_settings = True

    def __init__(self):
        self.account_id, self.region, self.sandbox = "", "", False

    def connect(self, work: Callable[[], Identity]) -> Identity:
        identity = work()
        if identity.sandbox:
            echo(sandbox_banner(identity.where), file=sys.stderr)
        echo(f"Connected to {identity.where}: account {identity.account_id} as {identity.arn}, region "
             f"{identity.region}")
        self.account_id, self.sandbox = identity.account_id, identity.sandbox
        return identity

    def busy(self, message: str, work):
        echo(message)
        return work()

    def review(self, plan: Plan, settings: Settings, consent: Consent, dry_run: bool) -> bool:
        self.region = settings.region
        echo(render_plan(plan, f"\nPlan for account {self.account_id} in {settings.region}"))
        return not dry_run and bool(plan.changes) and self.consents(plan, consent)

    def consents(self, plan: Plan, consent: Consent) -> bool:
        raise NotImplementedError

    def nothing_to_apply(self, findings: Sequence[Finding]) -> None:
        if not compliant(findings):  # every change is blocked: the rules as they stand say why
            echo(render_text(list(findings), self.account_id, self.region, width=terminal_width()))

    def apply(self, plan: Plan, work, resume: str) -> Applied:
        echo(f"\nApplying {plan.changes} change(s)... (Ctrl-C stops after the calls in flight)")
        return Applied(work(progress_printer(plan.changes, echo), None))  # Ctrl-C stops it: the executor says so

    def delivery_now(self, sandbox: bool) -> bool:
        """Prove delivery now? On a sandbox yes (seconds); on the real cloud it can take ten minutes: later."""
        return sandbox

    def prove_delivery(self, work, later: str, sandbox: bool):
        if not self.delivery_now(sandbox):
            echo(f"\nDelivery: ActionTrail delivers to OSS within 10 minutes of a call; prove it later with: {later}")
            return None
        echo("\nProving delivery: a marker call the trail records, then its RequestId looked for in each "
             "destination...")
        shown = ProgressShown(sys.stdout)
        proof = work(lambda proof: shown.show(progress_line(proof), len(proof.missing)), threading.Event())
        shown.done()
        echo("\n".join(describe(proof)))
        return proof

    def summary(self, work: Callable[[], Verification], settings: Settings, check: str, backfill) -> Verification:
        echo("\nVerifying: reading the account again...")
        verification = work()
        echo("\n" + render_summary(verification, settings, check, self.sandbox, width=terminal_width()))
        return verification

    def say(self, message: str, error: bool = False) -> None:
        echo(message, file=sys.stderr if error else sys.stdout)


class PlainFrontEnd(TextFrontEnd):
    """Plain mode: the steps' questions as prompts; the consent confirmed, the bucket name typed for a lock."""

    def __init__(self, prompter: Prompter):
        super().__init__()
        self.prompter = prompter

    def existing_setup(self, work: Callable[[], Survey], settings: Settings | None) -> tuple[Survey, Start | None]:
        echo("Reading the account (read-only)...")
        survey = work()
        echo(render_text(list(survey.findings), survey.observed.account_id, survey.observed.region,
                         width=terminal_width()))
        if survey.baseline.describe() and survey.observed.trails:
            echo(survey.baseline.describe())
        if settings is not None:
            return survey, Start.FIX
        if survey.compliant:
            echo("Compliant: nothing to do.")
            return survey, None
        if survey.observed.trails and _choose(self.prompter, "What next?", ["fix this setup", "set up a new trail"]) \
                == "fix this setup":
            return survey, Start.FIX
        return survey, Start.NEW

    def ask_settings(self, answers, known: Known, observed) -> Settings:
        return ask_steps(self.prompter, answers, known, observed)

    def delivery_now(self, sandbox: bool) -> bool:
        question = "Prove delivery now? (a marker call, found in every destination; seconds on the sandbox)" \
            if sandbox else "Wait for delivery now? On Alibaba Cloud it can take up to ten minutes (no: prove it later)"
        answer = self.prompter.confirm(question, sandbox)
        if answer is None:
            raise Cancelled
        return answer

    def consents(self, plan: Plan, consent: Consent) -> bool:
        while True:
            choice = self.prompter.select(consent.question, [CANCEL, APPLY, SHOW_JSON], CANCEL)
            if choice is None:
                raise Cancelled
            if choice == SHOW_JSON:
                echo(json.dumps(plan.to_json(), indent=2, ensure_ascii=False))
                continue
            if choice != APPLY:
                return False
            if not consent.typed:
                return True
            echo(consent.warning)
            typed = self.prompter.text(consent.typed_prompt, "")
            if typed is None:
                raise Cancelled
            return typed.strip() == consent.typed


def run_plain(flow: WizardFlow, settings: Settings | None, dry_run: bool = False,
              prompter: Prompter | None = None, config_path: str | None = None) -> int:
    return int(run(PlainFrontEnd(prompter or QuestionaryPrompter()), flow, settings,
                   Options(dry_run=dry_run, config_path=config_path)))
