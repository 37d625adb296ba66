"""Least-privilege access: the auditor policy attached to auditors; admin and broad holders reported, never detached.

The auditor policy is created, or given a new default version (RAM keeps at
most five: RotateStrategy lets RAM drop the oldest non-default one, never the
default). Whoever holds ActionTrail admin rights, or a custom policy touching
the trail that fails the lint, without being in access.admins, is a blocked
item with the exact detach command.
"""

from __future__ import annotations

from dataclasses import dataclass

from wizard.core.plan import Action
from wizard.core.observed import Observed
from wizard.core.policies.documents import auditor_policy, grants_actiontrail_admin, policy_json, same_document
from wizard.core.policies.lint import TrailTarget, lint, touches
from wizard.core.planning.context import PlanContext

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


def trail_target(settings) -> TrailTarget:
    """The trail's bucket, project and Logstore: what a custom policy "touches"."""
    return TrailTarget(bucket=settings.oss.bucket if settings.oss else None,
                       project=settings.sls.project if settings.sls else None,
                       logstore=settings.logstore_name if settings.sls else None)


@dataclass(frozen=True)
class Holder:
    principal: str  # user:NAME | group:NAME | role:NAME
    policy: str
    policy_type: str  # System | Custom
    problems: tuple[str, ...] = ()  # lint problems, for a custom policy that touches the trail


def admin_holders(observed: Observed) -> list[Holder]:
    """Every holder of ActionTrail admin rights: AliyunActionTrailFullAccess, AdministratorAccess, or a custom
    policy allowing actiontrail:* (or *)."""
    holders = []
    for policy in observed.policies:
        is_admin = policy.name in ADMIN_SYSTEM_POLICIES if policy.policy_type == "System" \
            else grants_actiontrail_admin(policy.document)
        if is_admin:
            holders += [Holder(p, policy.name, policy.policy_type) for p in policy.attached_to]
    return holders


def broad_holders(settings, observed: Observed) -> list[Holder]:
    """Holders of a custom policy that touches the trail, its bucket or Logstore and fails the lint (admin
    policies aside: they are admin_holders)."""
    target = trail_target(settings)
    found = []
    for policy in observed.policies:
        if policy.policy_type != "Custom" or policy.name == settings.access.auditor_policy \
                or grants_actiontrail_admin(policy.document) or not touches(policy.document, target):
            continue
        problems = tuple(lint(policy.document, bucket=target.bucket))
        if problems:
            found += [Holder(p, policy.name, "Custom", problems) for p in policy.attached_to]
    return found


def unexpected_holders(settings, observed: Observed) -> list[Holder]:
    """Admin and broad holders that access.admins does not name: what AT-RAM-ADMINS fails on."""
    allowed = set(settings.access.admins)
    return [h for h in admin_holders(observed) + broad_holders(settings, observed) if h.principal not in allowed]


def detach_command(holder: Holder) -> str:
    kind, _, who = holder.principal.partition(":")
    api, field = _DETACH_API[kind]
    return f"aliyun ram {api} --PolicyType {holder.policy_type} --PolicyName {holder.policy} --{field} {who}"


def report_extra_admins(ctx: PlanContext) -> None:
    """Holders not in access.admins: a human decision, shown as blocked items with the exact command."""
    for holder in unexpected_holders(ctx.settings, ctx.observed):
        kind, _, who = holder.principal.partition(":")
        why = f"{holder.principal} holds {holder.policy}"
        why += f", which fails the policy lint ({'; '.join(holder.problems)})" if holder.problems else \
            " (ActionTrail admin rights)"
        ctx.block(f"ram://{kind}/{who}", f"{why} but is not in access.admins; the wizard never detaches a policy "
                  "on its own", rule="AT-RAM-ADMINS", command=detach_command(holder))
