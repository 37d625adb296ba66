"""The `apply` command's FrontEnd: the wizard's sequence for a settings file as lines of text.

No question but the consent: `--yes`, or a confirmation typed on a terminal (the
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
from wizard.plain import TextFrontEnd


class ApplyCommand(TextFrontEnd):
    """The settings file as it is: no step is asked."""

    asks_settings = False
    again = "run apply again"

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
        if consent.typed:
            print(f"\nThis plan includes an IRREVERSIBLE step ({consent.irreversible[0].api} on {consent.typed}), "
                  "run last, once every other step has succeeded:")
            for line in consent.lock_lines():
                print(f"  - {line}")
            return input(f"Type the bucket name ({consent.typed}) to apply: ").strip() == consent.typed
        return input("\nType 'apply' to make these changes: ").strip() == "apply"
