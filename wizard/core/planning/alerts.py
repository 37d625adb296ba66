"""Sensitive-event alerts on the trail's Logstore (only with SLS delivery and alerts.enabled).

Each rule of wizard.core.alerts.rules.ALERT_RULES becomes one SLS alert named after it. A
missing alert is created; one whose query or notification routing differs is
updated back to the rule; a disabled one is enabled. Nothing is ever deleted.
"""

from __future__ import annotations

from wizard.core.alerts.drift import drift
from wizard.core.alerts.rules import ALERT_RULES, AlertRule, alert_configuration
from wizard.core.observed import AlertState
from wizard.core.plan import Action
from wizard.core.planning.context import PlanContext
from wizard.core.planning.notify import plan_notifications

SCHEDULE = {"type": "FixedRate", "interval": "5m"}


def _definition(ctx: PlanContext, rule: AlertRule, action_policy: str) -> dict:
    settings = ctx.settings
    return {"displayName": rule.title, "description": f"{rule.cis} (actiontrail-wizard)",
            "configuration": alert_configuration(rule, settings.sls.project, settings.logstore_name, ctx.region,
                                                 action_policy),
            "schedule": dict(SCHEDULE)}


def _routing(alert: AlertState | None, action_policy: str) -> str:
    return action_policy or (alert.action_policy if alert else "")


def plan_alerts(ctx: PlanContext, depends_on: tuple[str, ...]) -> None:
    settings = ctx.settings
    if not (settings.alerts.enabled and settings.sls):
        return
    project = settings.sls.project
    action_policy, notify_deps = plan_notifications(ctx)
    existing = {a.name: a for a in ctx.observed.alerts if a.project == project}
    for rule in ALERT_RULES:
        resource = f"sls://{project}/alert/{rule.name}"
        alert = existing.get(rule.name)
        definition = _definition(ctx, rule, _routing(alert, action_policy))
        if alert is None:
            ctx.add(Action(id=f"sls.alert.{rule.name}", service="sls", api="CreateAlert", resource=resource,
                           params={"project": project, "name": rule.name, **definition},
                           reason=f"Alerts on: {rule.title.lower()} ({rule.cis}).",
                           depends_on=depends_on + notify_deps))
            continue
        changed = drift(alert, rule, action_policy)
        if changed:
            ctx.add(Action(id=f"sls.alert-update.{rule.name}", service="sls", api="UpdateAlert", kind="update",
                           resource=resource, params={"project": project, "alertName": rule.name, **definition},
                           reason=f"The alert on {rule.title.lower()} drifted: {'; '.join(changed)}.",
                           depends_on=notify_deps, **_replaced(alert, rule, _routing(alert, action_policy))))
        if not alert.enabled:
            ctx.add(Action(id=f"sls.alert.{rule.name}", service="sls", api="EnableAlert", kind="update",
                           resource=resource, params={"project": project, "alertName": rule.name},
                           reason=f"The alert on {rule.title.lower()} is disabled.",
                           depends_on=ctx.deps(f"sls.alert-update.{rule.name}"),
                           before={"enabled": False}, after={"enabled": True}))


def _replaced(alert: AlertState, rule: AlertRule, action_policy: str) -> dict:
    """UpdateAlert's before and after: the query and the routing inside `configuration`, where they differ."""
    before, after = {}, {}
    if alert.query != rule.query:
        before["query"], after["query"] = alert.query, rule.query
    if alert.action_policy != action_policy:
        before["actionPolicyId"], after["actionPolicyId"] = alert.action_policy, action_policy
    return {"before": before, "after": after}
