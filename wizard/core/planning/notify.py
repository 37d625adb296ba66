"""Planning who the alerts notify: UpsertResourceRecord of the users, webhooks and action policy the settings name.

The records themselves are defined in wizard.core.alerts.notify; this step only
decides which must be written: all of them when the action policy differs, else only a
recipient record that is missing, disabled or re-pointed (the audit checks the same).
"""

from __future__ import annotations

from wizard.core.alerts.notify import (
    ACTION_POLICIES,
    NO_ACTION_POLICY,
    USERS,
    WEBHOOKS,
    action_policy_id,
    action_script,
    notification_records,
    recipient_problems,
)
from wizard.core.plan import Action
from wizard.core.planning.context import PlanContext


def plan_notifications(ctx: PlanContext) -> tuple[str, tuple[str, ...]]:
    """(action policy id the alerts name, action ids they must wait for)."""
    settings = ctx.settings
    if not settings.alerts.notify:
        return NO_ACTION_POLICY, ()
    policy = action_policy_id(settings)
    problems = recipient_problems(settings, ctx.observed)
    broken = {resource for resource, _ in problems}
    if ctx.observed.action_policy(policy) != action_script(settings):
        broken |= {USERS, WEBHOOKS, ACTION_POLICIES}
    ids: list[str] = []
    for resource_name, records in notification_records(settings):
        if resource_name not in broken:
            continue
        short = resource_name.rpartition(".")[2]
        action_id = f"sls.notify.{short}"
        existing = ctx.observed.action_policy(policy) is not None if resource_name == ACTION_POLICIES else \
            any(ctx.observed.record(resource_name, record["id"]) is not None for record in records)
        found = [problem for resource, problem in problems if resource == resource_name]
        script = ctx.observed.action_policy(policy)
        replaces = resource_name == ACTION_POLICIES and script is not None
        ctx.add(Action(id=action_id, service="sls", api="UpsertResourceRecord", kind="update" if existing else "create",
                       resource=f"sls://resources/{resource_name}",
                       params={"resourceName": resource_name, "records": records},
                       reason=_why(resource_name) + (f" Found: {'; '.join(found)}." if found else ""),
                       depends_on=tuple(ids),
                       before={"primary_policy_script": script} if replaces else {},
                       after={"primary_policy_script": action_script(settings)} if replaces else {}))
        ids.append(action_id)
    return policy, tuple(ids)


def _why(resource_name: str) -> str:
    return {USERS: "The alert recipients, as Log Service alert users (one per address).",
            WEBHOOKS: "The DingTalk robot the alerts post to (its token is shown masked).",
            ACTION_POLICIES: "The action policy the alerts name: who is notified, by which channel."}[resource_name]
