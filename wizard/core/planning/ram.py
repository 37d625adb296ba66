"""Least-privilege access: the auditor policy attached to auditors; admin and broad holders reported, never detached.

The auditor policy is created, or given a new default version (RAM keeps at
most five: RotateStrategy lets RAM drop the oldest non-default one, never the
default). Whoever holds ActionTrail admin rights, or a custom policy touching
the trail that fails the lint, without being in access.admins, is a blocked
item with the exact detach command.
"""

from __future__ import annotations

from wizard.core.derive.holders import can_phrase, detach_command, unexpected_holders
from wizard.core.plan import Action
from wizard.core.planning.context import PlanContext
from wizard.core.policies.documents import auditor_policy, policy_json, same_document

_ATTACH_API = {"user": ("AttachPolicyToUser", "UserName"), "group": ("AttachPolicyToGroup", "GroupName"),
               "role": ("AttachPolicyToRole", "RoleName")}


def plan_auditor_policy(ctx: PlanContext, key_arn: str | None, key_deps: tuple[str, ...] = ()) -> None:
    access = ctx.settings.access
    name = access.auditor_policy
    resource = f"ram://policy/{name}"
    document = policy_json(auditor_policy(ctx.settings, ctx.account, key_arn))
    existing = ctx.observed.policy(name)
    if existing is None:
        ctx.add(Action(id="ram.create-auditor-policy", service="ram", api="CreatePolicy", resource=resource,
                       params={"PolicyName": name, "PolicyDocument": document,
                               "Description": "Read-only access to ActionTrail events (actiontrail-wizard)"},
                       reason="Auditors read the trail's events and nothing else.", depends_on=key_deps))
    elif existing.policy_type != "Custom":
        ctx.block(resource, f"{name} is a system policy; choose another access.auditor_policy name",
                  rule="AT-RAM-AUDITOR")
        return
    elif not same_document(existing.document, document):
        ctx.add(Action(id="ram.update-auditor-policy", service="ram", api="CreatePolicyVersion", kind="update",
                       resource=resource,
                       params={"PolicyName": name, "PolicyDocument": document, "SetAsDefault": True,
                               "RotateStrategy": "DeleteOldestNonDefaultVersionWhenLimitExceeded"},
                       reason="The auditor policy differs from the least-privilege document: a new default "
                       "version; the old one stays as a non-default version (at five versions RAM drops the oldest "
                       "non-default one, never the default).", depends_on=key_deps))
    attached = existing.attached_to if existing else ()
    deps = ctx.deps("ram.create-auditor-policy")
    for principal in access.auditors:
        if principal in attached:
            continue
        kind, _, who = principal.partition(":")
        if not ctx.offline and principal not in ctx.observed.principals:
            ctx.block(f"ram://{kind}/{who}", f"{principal} does not exist in this account; create it first, "
                      "then re-run", rule="AT-RAM-AUDITOR")
            continue
        api, field = _ATTACH_API[kind]
        ctx.add(Action(id=f"ram.attach-auditor.{kind}.{who}", service="ram", api=api, resource=f"ram://{kind}/{who}",
                       params={"PolicyType": "Custom", "PolicyName": name, field: who},
                       reason=f"Gives {principal} read-only access to the events.", depends_on=deps))


def report_extra_admins(ctx: PlanContext) -> None:
    """Holders not in access.admins: a human decision, shown as blocked items with the exact command."""
    for holder in unexpected_holders(ctx.settings, ctx.observed):
        kind, _, who = holder.principal.partition(":")
        why = f"{holder.principal} holds {holder.policy}"
        why += f", which fails the policy lint ({'; '.join(holder.problems)})" if holder.problems else \
            f" (ActionTrail admin rights: it {can_phrase(holder)})"
        ctx.block(f"ram://{kind}/{who}", f"{why} but is not in access.admins; the wizard never detaches a policy "
                  "on its own", rule="AT-RAM-ADMINS", command=detach_command(holder))
