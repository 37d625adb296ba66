"""How an existing alert differs from its rule: shared by the audit (AT-ALERTS) and the plan (UpdateAlert)."""

from __future__ import annotations

from wizard.core.alerts.coverage import covers
from wizard.core.alerts.rules import AlertRule
from wizard.core.observed import AlertState


def drift(alert: AlertState, rule: AlertRule, action_policy: str) -> list[str]:
    """How an existing alert differs from its rule, in words (empty when it matches).

    Without alerts.notify (action_policy "") whatever an alert notifies today is
    kept: taking notifications away would weaken it. A query widened by hand (it
    fires on everything the rule's query fires on, and more) is kept too.
    """
    found = []
    if not widened(alert, rule) and alert.query != rule.query:
        found.append("its query was changed")
    if action_policy and alert.action_policy != action_policy:
        found.append("it notifies " + (f"through {alert.action_policy}" if alert.action_policy else "no one"))
    return found


def widened(alert: AlertState, rule: AlertRule) -> bool:
    """The alert's query differs from its rule's but fires on every event the rule's does (kept, never narrowed)."""
    return alert.query != rule.query and covers(alert.query, rule.query)
