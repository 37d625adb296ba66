"""Least-privilege access: the auditor policy attached to auditors; admins through a group; holders never detached.

The auditor policy is created, or given a new default version (RAM keeps at
most five: RotateStrategy lets RAM drop the oldest non-default one, never the
default). The admin users go into the admin group (created, and given
AliyunActionTrailFullAccess, when it lacks them: CIS 1.16). Whoever holds
ActionTrail admin rights, or a custom policy touching the trail that fails the
lint, without being approved, and every approved user holding them directly, is
a blocked item with the exact detach command: a human decides.
"""

from __future__ import annotations

from wizard.core.derive.admin_group import admin_group
from wizard.core.derive.holders import (
    approved_admins,
    can_phrase,
    detach_command,
    direct_user_holders,
    unexpected_holders,
)
from wizard.core.names import ADMIN_POLICY
from wizard.core.plan import Action
from wizard.core.planning.context import PlanContext
from wizard.core.policies.documents import auditor_policy, policy_json, same_document
from wizard.core.policies.narrower import grants_anything, grants_within

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
    elif not same_document(existing.document, document) and grants_within(existing.document, document):
        if grants_anything(existing.document):
            ctx.keep(resource, f"{name} grants less than the least-privilege document (narrowed by hand?): kept, "
                     "the wizard never widens access", rule="AT-RAM-AUDITOR")
        else:
            ctx.block(resource, f"{name} grants nothing, so auditors cannot read the events; the wizard never "
                      "widens a policy on its own: write the least-privilege document as its new default version "
                      "by hand (actiontrail-wizard policy auditor prints it)", rule="AT-RAM-AUDITOR",
                      command=f"aliyun ram CreatePolicyVersion --PolicyName {name} --SetAsDefault true "
                      "--PolicyDocument \"$(actiontrail-wizard policy auditor --config <settings>)\"")
    elif not same_document(existing.document, document):
        ctx.add(Action(id="ram.update-auditor-policy", service="ram", api="CreatePolicyVersion", kind="update",
                       resource=resource,
                       params={"PolicyName": name, "PolicyDocument": document, "SetAsDefault": True,
                               "RotateStrategy": "DeleteOldestNonDefaultVersionWhenLimitExceeded"},
                       reason="The auditor policy differs from the least-privilege document: a new default "
                       "version; the old one stays as a non-default version (at five versions RAM drops the oldest "
                       "non-default one, never the default).", depends_on=key_deps,
                       before={"PolicyDocument": existing.document}))
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


def plan_admin_group(ctx: PlanContext) -> None:
    """The admin users hold their rights through the admin group: create it, give it rights, add them."""
    group = admin_group(ctx.settings, ctx.observed)
    if group is None:
        return
    resource = f"ram://group/{group.name}"
    if not group.exists:
        ctx.add(Action(id="ram.create-admin-group", service="ram", api="CreateGroup", resource=resource,
                       params={"GroupName": group.name, "Comments": "ActionTrail admins (actiontrail-wizard)"},
                       reason="The admins hold ActionTrail admin rights through a group, never attached to a user "
                       "(CIS 1.16)."))
    deps = ctx.deps("ram.create-admin-group")
    if not group.holds_admin:
        members = ", ".join(ctx.observed.members(group.name) or ()) if group.exists else ""
        ctx.add(Action(id="ram.attach-admin-group", service="ram", api="AttachPolicyToGroup", resource=resource,
                       params={"PolicyType": "System", "PolicyName": ADMIN_POLICY, "GroupName": group.name},
                       reason=f"group:{group.name} is the admin group of access.admins: it holds the ActionTrail "
                       "admin rights" + (f"; its members today: {members}" if members else "") + ".",
                       depends_on=deps))
    for user in group.missing_users:
        name = user.partition(":")[2]
        if not ctx.offline and user not in ctx.observed.principals:
            ctx.block(f"ram://user/{name}", f"{user} (access.admin_users) does not exist in this account; create it "
                      "first, then re-run", rule="AT-RAM-ADMIN-GROUPS")
            continue
        ctx.add(Action(id=f"ram.add-admin.{name}", service="ram", api="AddUserToGroup", resource=resource,
                       params={"GroupName": group.name, "UserName": name},
                       reason=f"{user} administers the trail through group:{group.name}, not by a policy of its "
                       "own (CIS 1.16).", depends_on=deps))


def report_extra_admins(ctx: PlanContext) -> None:
    """Holders not approved, and approved users holding rights directly: blocked items with the exact command."""
    for holder in unexpected_holders(ctx.settings, ctx.observed):
        kind, _, who = holder.principal.partition(":")
        why = f"{holder.principal} holds {holder.policy}"
        why += f", which fails the policy lint ({'; '.join(holder.problems)})" if holder.problems else \
            f" (ActionTrail admin rights: it {can_phrase(holder)})"
        rules = "AT-RAM-ADMINS, AT-RAM-ADMIN-GROUPS" if kind == "user" else "AT-RAM-ADMINS"
        ctx.block(f"ram://{kind}/{who}", f"{why} but is not in access.admins; the wizard never detaches a policy "
                  "on its own", rule=rules, command=detach_command(holder))
    approved, group = approved_admins(ctx.settings), ctx.settings.access.admin_group
    for holder in direct_user_holders(ctx.settings, ctx.observed):
        if holder.principal not in approved:
            continue  # reported above
        via = f"once it is in group:{group} (this plan adds it if needed)" if group and \
            holder.principal in ctx.settings.access.admin_users else "once it holds them through a group or role"
        ctx.block(f"ram://user/{holder.principal.partition(':')[2]}", f"{holder.principal} holds {holder.policy} "
                  f"attached directly (CIS 1.16: only groups and roles); detach it {via}; the wizard never detaches "
                  "a policy on its own", rule="AT-RAM-ADMIN-GROUPS", command=detach_command(holder))
