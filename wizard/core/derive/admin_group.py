"""The admin group: shared by the audit (AT-RAM-ADMIN-GROUPS) and the plan (create it, give it rights, add the admins).

The approved admin users (access.admin_users) hold ActionTrail admin rights through the
first group of access.admins, never by a policy attached to them (CIS 1.16). Pure.
"""

from __future__ import annotations

from dataclasses import dataclass

from wizard.core.derive.holders import admin_holders
from wizard.core.observed import Observed
from wizard.core.settings import Settings


@dataclass(frozen=True)
class AdminGroup:
    name: str
    exists: bool
    holds_admin: bool  # AliyunActionTrailFullAccess, AdministratorAccess or a custom actiontrail:* policy
    missing_users: tuple[str, ...]  # access.admin_users ("user:NAME") not in the group


def admin_group(settings: Settings, observed: Observed) -> AdminGroup | None:
    """The admin group's state; None when the settings put no user in one."""
    name = settings.access.admin_group
    if name is None or not settings.access.admin_users:
        return None
    members = observed.members(name)
    exists = f"group:{name}" in observed.principals or members is not None
    holds = any(h.principal == f"group:{name}" for h in admin_holders(observed))
    missing = tuple(u for u in settings.access.admin_users if u.partition(":")[2] not in (members or ()))
    return AdminGroup(name, exists, holds, missing)


def admin_group_problems(settings: Settings, observed: Observed) -> list[str]:
    """What the audit fails on, in words: the group missing, admin users outside it, or no admin rights in it."""
    group = admin_group(settings, observed)
    if group is None:
        return []
    if not group.exists:
        return [f"group:{group.name} (access.admins) does not exist, so {', '.join(group.missing_users)} cannot "
                "hold admin rights through it"]
    problems = [f"{user} (access.admin_users) is not in group:{group.name}" for user in group.missing_users]
    if not group.holds_admin:
        problems.append(f"group:{group.name} holds no ActionTrail admin rights")
    return problems
