"""How an existing alert differs from its rule: shared by the audit (AT-ALERTS) and the plan (UpdateAlert)."""

from __future__ import annotations

from wizard.core.alerts.rules import AlertRule
from wizard.core.observed import AlertState


def drift(alert: AlertState, rule: AlertRule, action_policy: str) -> list[str]:
    """How an existing alert differs from its rule, in words (empty when it matches).

    Without alerts.notify (action_policy "") whatever an alert notifies today is
    kept: taking notifications away would weaken it.
    """
    found = []
    if alert.query != rule.query:
        found.append("its query was changed")
    if action_policy and alert.action_policy != action_policy:
        found.append("it notifies " + (f"through {alert.action_policy}" if alert.action_policy else "no one"))
    return found
