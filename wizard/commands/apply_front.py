"""The `apply` command's FrontEnd: the wizard's sequence for a settings file as lines of text.

No question but the consent: `--yes`, or a confirmation typed on a terminal naming the counts (the
bucket name when the plan locks WORM); without a terminal and --yes, nothing is applied.
"""

from __future__ import annotations

import sys
from typing import Callable

from wizard.core.plan import Plan
from wizard.core.settings import Settings
from wizard.errors import WizardError
from wizard.flow.review import Consent
from wizard.flow.survey import Start, Survey
from wizard.plain import TextFrontEnd, echo


class ApplyCommand(TextFrontEnd):
    """The settings file as it is: no step is asked."""

    asks_settings = False

    def __init__(self, yes: bool):
        super().__init__()
        self.yes = yes

    def existing_setup(self, work: Callable[[], Survey], settings: Settings | None) -> tuple[Survey, Start]:
        return work(), Start.FIX

    def ask_settings(self, answers, known, observed) -> Settings | None:
        raise AssertionError("apply never asks for settings")

    def consents(self, plan: Plan, consent: Consent) -> bool:
        if self.yes:
            return True
        if not sys.stdin.isatty():
            raise WizardError("refusing to apply without confirmation: stdin is not a terminal; review the plan "
                              "and pass --yes")
        echo(f"\n{consent.question}")
        if consent.typed:
            echo(consent.warning)
            return input(f"{consent.typed_prompt}: ").strip() == consent.typed
        return input("Type 'apply' to make these changes: ").strip() == "apply"
