"""Least-privilege access: the auditor policy attached to auditors; admin holders reported, never detached."""

from __future__ import annotations

from ..actions import Action
from ..policies import auditor_policy, grants_actiontrail_admin, policy_json, same_document
from .context import PlanContext

ADMIN_SYSTEM_POLICIES = ("AliyunActionTrailFullAccess", "AdministratorAccess")
_ATTACH_API = {"user": ("AttachPolicyToUser", "UserName"), "group": ("AttachPolicyToGroup", "GroupName"),
               "role": ("AttachPolicyToRole", "RoleName")}
_DETACH_API = {"user": ("DetachPolicyFromUser", "UserName"), "group": ("DetachPolicyFromGroup", "GroupName"),
               "role": ("DetachPolicyFromRole", "RoleName")}


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
                       reason="The auditor policy differs from the least-privilege document; the old version is "
                       "kept as a non-default version.", depends_on=key_deps))
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


def admin_holders(ctx: PlanContext) -> list[tuple[str, str, str]]:
    """(principal, policy name, policy type) for each holder of ActionTrail admin rights."""
    holders = []
    for policy in ctx.observed.policies:
        is_admin = policy.name in ADMIN_SYSTEM_POLICIES if policy.policy_type == "System" \
            else grants_actiontrail_admin(policy.document)
        if is_admin:
            holders += [(principal, policy.name, policy.policy_type) for principal in policy.attached_to]
    return holders


def report_extra_admins(ctx: PlanContext) -> None:
    """Admins not in access.admins: a human decision, shown as blocked items with the exact command."""
    allowed = set(ctx.settings.access.admins)
    for principal, policy, policy_type in admin_holders(ctx):
        if principal in allowed:
            continue
        kind, _, who = principal.partition(":")
        api, field = _DETACH_API[kind]
        ctx.block(f"ram://{kind}/{who}", f"{principal} holds {policy} but is not in access.admins; the wizard "
                  "never detaches a policy on its own", rule="AT-RAM-ADMINS",
                  command=f"aliyun ram {api} --PolicyType {policy_type} --PolicyName {policy} --{field} {who}")
