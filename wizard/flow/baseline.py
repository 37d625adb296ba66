"""Where a run without a settings file starts: the settings the account remembers approving, else what it holds.

One answer for every front end and command (the wizard's sequence, `audit`, `plan`):

* **approved**: the latest record in the account (wizard.core.approval), with when and by whom;
* **found**: no record, so the settings are adopted from what the account holds (its trail at
  best practice, today's ActionTrail admins, the auditor policy's principals), marked as found,
  not approved: the rules that depend on intent say "unknown", never pass, never fail;
* **none**: no trail at all, nothing to start from.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from wizard.core.approval import Approval
from wizard.core.audit import best_practice_settings_for
from wizard.core.derive.holders import admin_holders
from wizard.core.observed import Observed
from wizard.core.settings import Settings


class Source(StrEnum):
    CONFIG = "config"  # a settings file, given by the operator
    APPROVED = "approved"  # the account's latest record
    FOUND = "found"  # adopted from what the account holds: nobody approved it
    NONE = "none"  # no trail: nothing to start from


@dataclass(frozen=True)
class Baseline:
    settings: Settings | None
    source: Source
    approval: Approval | None = None
    note: str = ""  # a record that exists but could not be used

    @property
    def approved(self) -> bool:
        """The settings say what someone approved (a settings file, or the account's record)."""
        return self.source in (Source.CONFIG, Source.APPROVED)

    def describe(self) -> str:
        """One line for the operator: what the run starts from."""
        if self.source is Source.APPROVED:
            return f"Starting from the settings {self.approval.describe()}."
        if self.source is Source.FOUND:
            first = f"The approved settings could not be used ({self.note})" if self.note else \
                "No approved settings are recorded in this account"
            return first + ": starting from what it holds, found, not approved. Review them and apply to record them."
        if self.source is Source.CONFIG:
            return ""
        return "No trail and no approved settings in this account yet."


def found_settings(observed: Observed) -> Settings | None:
    """The first trail at best practice, with the people the account gives rights today: nothing taken away."""
    if not observed.trails:
        return None
    settings = best_practice_settings_for(observed)
    admins = tuple(sorted({h.principal for h in admin_holders(observed)}))
    policy = observed.policy(settings.access.auditor_policy)
    auditors = tuple(sorted(policy.attached_to)) if policy and policy.policy_type == "Custom" else ()
    return replace(settings, access=replace(settings.access, admins=admins, auditors=auditors))


def baseline_from(observed: Observed, settings: Settings | None = None) -> Baseline:
    """What to start from, given the account as read without settings (each trail's record read with it)."""
    if settings is not None:
        return Baseline(settings, Source.CONFIG)
    latest = observed.latest_approval()
    if latest is not None:
        return Baseline(latest.settings, Source.APPROVED, latest)
    problems = [state.problem for _, state in observed.approvals if state.problem]
    found = found_settings(observed)
    if found is None:
        return Baseline(None, Source.NONE)
    return Baseline(found, Source.FOUND, note="; ".join(problems))
