"""Who holds rights over the trail: shared by the audit (AT-RAM-ADMINS) and the plan (the detach commands).

ActionTrail admin rights come from AliyunActionTrailFullAccess, AdministratorAccess
or a custom policy allowing actiontrail:* (or *); a custom policy that touches the
trail's bucket or Logstore and fails the lint is reported too. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass

from wizard.core.observed import Observed
from wizard.core.policies.documents import grants_actiontrail_admin
from wizard.core.policies.lint import TrailTarget, allows_full_admin, lint, touches

ADMIN_SYSTEM_POLICIES = ("AliyunActionTrailFullAccess", "AdministratorAccess")
_DETACH_API = {"user": ("DetachPolicyFromUser", "UserName"), "group": ("DetachPolicyFromGroup", "GroupName"),
               "role": ("DetachPolicyFromRole", "RoleName")}


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


def full_admin_holders(observed: Observed) -> list[Holder]:
    """Holders of a custom policy allowing *:* (CIS 1.15 asks that none is created, or at least none attached)."""
    return [Holder(p, policy.name, "Custom") for policy in observed.policies
            if policy.policy_type == "Custom" and allows_full_admin(policy.document) for p in policy.attached_to]


def direct_user_holders(settings, observed: Observed) -> list[Holder]:
    """Users holding, by a policy attached to them directly, what can administer the trail or its data (CIS 1.16)."""
    return [h for h in admin_holders(observed) + broad_holders(settings, observed) if h.principal.startswith("user:")]


def approved_admins(settings) -> set[str]:
    """Who may hold ActionTrail admin rights: access.admins, and the admin users (through the admin group)."""
    return set(settings.access.admins) | set(settings.access.admin_users)


def unexpected_holders(settings, observed: Observed) -> list[Holder]:
    """Admin and broad holders that the settings do not approve: what AT-RAM-ADMINS fails on."""
    allowed = approved_admins(settings)
    return [h for h in admin_holders(observed) + broad_holders(settings, observed) if h.principal not in allowed]


def detach_command(holder: Holder) -> str:
    kind, _, who = holder.principal.partition(":")
    api, field = _DETACH_API[kind]
    return f"aliyun ram {api} --PolicyType {holder.policy_type} --PolicyName {holder.policy} --{field} {who}"
