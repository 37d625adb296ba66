"""The plan the operator reviews, and what approving it takes.

plan_for adds to the planner's Plan the rules the account already meets (the
no-ops), so the plan screen can say what needs no change; the planner itself
never looks at the audit. Consent says what the operator must confirm: for a
plan with an irreversible step, the bucket name typed out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from wizard.core.audit import evaluate
from wizard.core.findings import PASS
from wizard.core.observed import Observed
from wizard.core.plan import Action, Plan
from wizard.core.planning import plan as make_plan
from wizard.core.settings import Settings


def plan_for(settings: Settings, observed: Observed, approved: bool = True) -> Plan:
    """The planner's plan, with the rules already met before any change (`approved`: False when the settings were
    only found in the account, so the rules that depend on intent are not met, only unknown)."""
    planned = make_plan(settings, observed)
    findings = evaluate(settings, observed, approved)
    return replace(planned, already_met=tuple(f.rule for f in findings if f.status == PASS),
                   rules_judged=len(findings))


@dataclass(frozen=True)
class Consent:
    """What approving a plan takes, and the words every front end asks it with (no front end words its own)."""

    changes: int
    creates: int
    irreversible: tuple[Action, ...]
    typed: str | None  # what must be typed to approve (the bucket whose WORM is locked); None: a yes is enough

    @property
    def updates(self) -> int:
        return self.changes - self.creates

    @property
    def counts(self) -> str:
        return f"{self.creates} create, {self.updates} update, {len(self.irreversible)} irreversible"

    @property
    def question(self) -> str:
        """The confirmation, naming the counts: asked before every apply, whatever the plan holds."""
        return f"Apply {self.changes} change{'s' if self.changes != 1 else ''} ({self.counts})?"

    @property
    def warning(self) -> str:
        """What the irreversible steps lock, and until when; "" when there is none."""
        return "\n".join(f"{action.api} is IRREVERSIBLE: it locks {action.locks or action.resource}."
                         for action in self.irreversible)

    @property
    def typed_prompt(self) -> str:
        return f"Type the bucket name ({self.typed}) to apply" if self.typed else ""


def consent_for(plan: Plan, settings: Settings) -> Consent:
    irreversible = tuple(a for a in plan.actions if a.irreversible)
    typed = settings.oss.bucket if irreversible and settings.oss else None
    return Consent(plan.changes, sum(1 for a in plan.actions if a.kind == "create"), irreversible, typed)
