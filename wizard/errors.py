"""WizardError: a problem the user can act on, shown as a message (never a traceback) with an exit code."""

from __future__ import annotations


class WizardError(Exception):
    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
