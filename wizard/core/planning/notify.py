"""Planning who the alerts notify: UpsertResourceRecord of the users, webhooks and action policy the settings name.

The records themselves are defined in wizard.core.alerts.notify; this step only
decides whether they must be written.
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
    notifies_everyone,
    recipients_of,
    wanted_recipients,
)
from wizard.core.plan import Action
from wizard.core.planning.context import PlanContext


def plan_notifications(ctx: PlanContext) -> tuple[str, tuple[str, ...]]:
    """(action policy id the alerts name, action ids they must wait for)."""
    settings = ctx.settings
    if not settings.alerts.notify:
        return NO_ACTION_POLICY, ()
    policy = action_policy_id(settings)
    existing = ctx.observed.action_policy(policy)
    resource = f"sls://resources/{ACTION_POLICIES}/{policy}"
    if existing == action_script(settings):
        return policy, ()
    if notifies_everyone(existing, settings):
        extra = len(set(recipients_of(existing).users + recipients_of(existing).webhooks)
                    - set(wanted_recipients(settings).users + wanted_recipients(settings).webhooks))
        ctx.keep(resource, f"action policy {policy} notifies everyone alerts.notify names"
                 + (f" and {extra} more recipient(s)" if extra else "") + ": kept, the wizard never drops a recipient",
                 rule="AT-ALERTS")
        return policy, ()
    found = recipients_of(existing) if existing is not None else None
    if found is not None and not found.ours:
        ctx.block(resource, f"action policy {policy} was changed by hand and does not notify everyone alerts.notify "
                  "names; the wizard does not rewrite a script it did not write (it could drop a recipient or a "
                  "channel): add the missing recipients to it in the Log Service console", rule="AT-ALERTS")
        return policy, ()
    ids: list[str] = []
    for resource_name, records in notification_records(settings, keep=found):
        short = resource_name.rpartition(".")[2]
        action_id = f"sls.notify.{short}"
        ctx.add(Action(id=action_id, service="sls", api="UpsertResourceRecord",
                       kind="update" if resource_name == ACTION_POLICIES and existing is not None else "create",
                       resource=f"sls://resources/{resource_name}",
                       params={"resourceName": resource_name, "records": records},
                       reason=_why(resource_name), depends_on=tuple(ids)))
        ids.append(action_id)
    return policy, tuple(ids)


def _why(resource_name: str) -> str:
    return {USERS: "The alert recipients, as Log Service alert users (one per address).",
            WEBHOOKS: "The DingTalk robot the alerts post to (its token is shown masked).",
            ACTION_POLICIES: "The action policy the alerts name: who is notified, by which channel."}[resource_name]
