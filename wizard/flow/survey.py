"""What the first read of the account found, and where the wizard's answers start from.

The survey is read with the settings the wizard started from, else with the settings
the account remembers approving (flow/baseline.py), else with none; once the operator
has answered, the plan needs the account as those answers name it, so it is read
again unless it was already read for exactly those settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from steps import Answers, answers_from, fresh_answers
from wizard.core.audit import best_practice_settings_for
from wizard.core.findings import UNKNOWN, Finding, compliant
from wizard.core.observed import Inventory, Observed
from wizard.core.settings import Settings
from wizard.flow.baseline import Baseline, Source


class Start(StrEnum):
    """Where the answers start: the existing trail at best practice, or a new trail at the defaults."""

    FIX = "fix"
    NEW = "new"


@dataclass(frozen=True)
class Survey:
    settings: Settings | None  # what discovery was asked to read for
    observed: Observed
    inventory: Inventory
    findings: tuple[Finding, ...]
    baseline: Baseline = Baseline(None, Source.NONE)  # what the answers start from

    @property
    def unknown(self) -> bool:
        """Some rule depends on intent nobody approved (no approved settings recorded)."""
        return any(f.status == UNKNOWN for f in self.findings)

    @property
    def compliant(self) -> bool:
        """There is a trail and every rule passes (none fails, none is unknown: its settings were approved) under
        every framework."""
        return bool(self.observed.trails) and compliant(self.findings)

    @property
    def fixable(self) -> bool:
        """There is a trail with something to fix, or to confirm (an unknown rule asks for the operator's answers:
        settings to approve)."""
        return bool(self.observed.trails) and not compliant(self.findings)

    def read_for(self, settings: Settings) -> bool:
        """Was the account read for exactly these settings (their bucket, project, keys, region, organization)?"""
        return self.settings == settings and self.observed.region == settings.region and not (
            settings.trail.organization and self.observed.organization is None)


def starting_answers(start: Start, survey: Survey, settings: Settings | None) -> Answers:
    """The settings the wizard was started with; else those the account remembers approving, or (none recorded)
    what it holds; else the defaults."""
    if settings is not None:
        return answers_from(settings)
    if start is Start.FIX and survey.baseline.settings is not None:
        return answers_from(survey.baseline.settings)
    return fresh_answers(survey.observed.account_id)
