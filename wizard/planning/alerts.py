"""Sensitive-event alerts on the trail's Logstore (only with SLS delivery and alerts.enabled)."""

from __future__ import annotations

from ..actions import Action
from ..alert_rules import ALERT_RULES, alert_configuration
from .context import PlanContext


def plan_alerts(ctx: PlanContext, depends_on: tuple[str, ...]) -> None:
    settings = ctx.settings
    if not (settings.alerts.enabled and settings.sls):
        return
    project = settings.sls.project
    existing = {a.name: a for a in ctx.observed.alerts if a.project == project}
    for rule in ALERT_RULES:
        resource = f"sls://{project}/alert/{rule.name}"
        alert = existing.get(rule.name)
        if alert is None:
            ctx.add(Action(id=f"sls.alert.{rule.name}", service="sls", api="CreateAlert", resource=resource,
                           params={"project": project, "name": rule.name, "displayName": rule.title,
                                   "description": f"{rule.cis} (actiontrail-wizard)",
                                   "configuration": alert_configuration(rule, project, settings.logstore_name,
                                                                        ctx.region, settings.alerts.notify),
                                   "schedule": {"type": "FixedRate", "interval": "5m"}},
                           reason=f"Alerts on: {rule.title.lower()}.", depends_on=depends_on))
        elif not alert.enabled:
            ctx.add(Action(id=f"sls.alert.{rule.name}", service="sls", api="EnableAlert", kind="update",
                           resource=resource, params={"project": project, "alertName": rule.name},
                           reason=f"The alert on {rule.title.lower()} is disabled."))
