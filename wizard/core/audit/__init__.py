"""The audit: (Settings, Observed) -> one Finding per catalogue rule, in a stable order, a verdict per framework.

A rule never passes on missing data: a read that failed (Observed.read_errors) makes
the rules that depend on it "unknown" with "could not read X: CODE". Without settings
nobody approved the intent (who may administer, who audits): those rules say "unknown".
Each area module registers its checks (registry.py); the planner never imports the
audit, nor the audit the planner: both build on wizard.core.derive.
"""

from __future__ import annotations

from wizard.core.audit import access, admin_groups, alerts, bucket, keys, logstore, trail  # noqa: F401 - they register
from wizard.core.audit.catalogue import RULES
from wizard.core.audit.registry import CHECKS
from wizard.core.audit.subject import Subject, best_practice_settings_for
from wizard.core.findings import Finding
from wizard.core.observed import Observed
from wizard.core.settings import Settings

ACCOUNT_WIDE = ("AT-RAM-ADMINS", "AT-RAM-ADMIN-GROUPS", "AT-RAM-AUDITOR")  # judged once, not once per trail

if set(CHECKS) != {rule.id for rule in RULES}:
    raise ImportError(f"the audit's checks and the rule catalogue differ: {sorted(set(CHECKS) ^ {r.id for r in RULES})}")


def evaluate(settings: Settings | None, observed: Observed, approved: bool | None = None) -> list[Finding]:
    """One Finding per rule, in catalogue order; without settings, every trail found is judged at best practice
    (its rules once per trail, the account-wide ones once).

    `approved`: the settings say what someone approved (a settings file, the account's record, the wizard's
    answers); False when they were only found in the account, None: approved exactly when there are settings.
    Without approval, the rules that depend on intent (who should be admin, who audits, who is notified) are
    "unknown", never a pass on nothing and never a fail of what exists."""
    intent = settings is not None if approved is None else approved
    if settings is not None or len(observed.trails) <= 1:
        subject = Subject(settings or best_practice_settings_for(observed), observed, intent)
        return [CHECKS[rule.id](subject) for rule in RULES]
    subjects = [Subject(best_practice_settings_for(observed, t), observed, intent) for t in observed.trails]
    return [CHECKS[rule.id](subject) for rule in RULES
            for subject in (subjects[:1] if rule.id in ACCOUNT_WIDE else subjects)]


__all__ = ["ACCOUNT_WIDE", "best_practice_settings_for", "evaluate"]
