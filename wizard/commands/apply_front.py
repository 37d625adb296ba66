"""The `apply` command's FrontEnd: the wizard's sequence for a settings file as lines of text.

No question but the consent: `--yes`, or a confirmation typed on a terminal (the
bucket name when the plan locks WORM); without a terminal and --yes, nothing is applied.
"""

from __future__ import annotations

import sys
from typing import Callable, Sequence

from wizard.core.findings import Finding, any_failing
from wizard.core.plan import Plan
from wizard.core.settings import Settings
from wizard.errors import WizardError
from wizard.flow.connection import Identity
from wizard.flow.front_end import Applied
from wizard.flow.review import Consent
from wizard.flow.survey import Start, Survey
from wizard.flow.verify import Verification
from wizard.report.audit.text import render_text
from wizard.report.plan.text import render_plan
from wizard.report.progress import progress_printer
from wizard.report.summary import render_summary


class ApplyCommand:
    """The FrontEnd of `apply`: the settings file as it is, no question but the consent."""

    asks_settings = False
    again = "run apply again"

    def __init__(self, yes: bool):
        self.yes = yes
        self.account_id, self.region = "", ""

    def connect(self, work: Callable[[], Identity]) -> Identity:
        identity = work()
        self.account_id = identity.account_id
        return identity

    def existing_setup(self, work: Callable[[], Survey], settings: Settings | None) -> tuple[Survey, Start]:
        return work(), Start.FIX

    def ask_settings(self, answers, known, observed) -> Settings | None:
        raise AssertionError("apply never asks for settings")

    def busy(self, message: str, work):
        print(message, flush=True)
        return work()

    def review(self, plan: Plan, settings: Settings, consent: Consent, dry_run: bool) -> bool:
        self.region = settings.region
        sys.stdout.write(render_plan(plan, f"Plan for account {self.account_id} in {settings.region}\n"))
        if dry_run or not plan.changes:
            return False
        return self._confirmed(consent)

    def _confirmed(self, consent: Consent) -> bool:
        if self.yes:
            return True
        if not sys.stdin.isatty():
            raise WizardError("refusing to apply without confirmation: stdin is not a terminal; review the plan "
                              "and pass --yes")
        if consent.typed:
            print(f"\nThis plan includes an IRREVERSIBLE step ({consent.irreversible[0].api} on {consent.typed}).")
            return input(f"Type the bucket name ({consent.typed}) to apply: ").strip() == consent.typed
        return input("\nType 'apply' to make these changes: ").strip() == "apply"

    def nothing_to_apply(self, findings: Sequence[Finding]) -> None:
        if any_failing(findings):
            sys.stdout.write("\n" + render_text(list(findings), self.account_id, self.region))

    def apply(self, plan: Plan, work) -> Applied:
        print(f"\nApplying {plan.changes} change(s)...", flush=True)
        return Applied(work(progress_printer(plan.changes)))

    def summary(self, work: Callable[[], Verification], settings: Settings, later: str, backfill) -> Verification:
        print("\nVerifying: reading the account again...", flush=True)
        verification = work()
        sys.stdout.write("\n" + render_summary(verification, settings, later))
        return verification

    def say(self, message: str, error: bool = False) -> None:
        print(message, file=sys.stderr if error else sys.stdout, flush=True)
