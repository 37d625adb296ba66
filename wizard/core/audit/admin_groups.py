"""AT-RAM-ADMIN-GROUPS (CIS 1.16): whatever can administer the trail is held through groups or roles, not by users.

Everything that can administer the trail or its data counts: AliyunActionTrailFullAccess,
AdministratorAccess, a custom policy allowing actiontrail:*, and a trail-touching custom
policy that fails the lint. CIS asks only that none is attached to a user; the best
practice (the settings) also asks that the approved admin users are in the admin group.
"""

from __future__ import annotations

from wizard.core.audit.catalogue import finding
from wizard.core.audit.registry import check
from wizard.core.audit.subject import Subject
from wizard.core.derive.admin_group import admin_group_problems
from wizard.core.derive.holders import admin_holders, direct_user_holders
from wizard.core.findings import FAIL, PASS, UNKNOWN, Finding
from wizard.core.frameworks import Framework


@check("AT-RAM-ADMIN-GROUPS")
def ram_admin_groups(s: Subject) -> Finding:
    error = s.read_error("ListPolicies", "ListEntitiesForPolicy")
    if error:
        return finding("AT-RAM-ADMIN-GROUPS", UNKNOWN, "ram://", error)
    direct = direct_user_holders(s.settings, s.observed)
    held = ", ".join(sorted({h.principal for h in admin_holders(s.observed)})) or "nobody but the account owner"
    if direct:
        return finding("AT-RAM-ADMIN-GROUPS", FAIL, "ram://", "attached directly to users: " + "; ".join(
            f"{h.principal} holds {h.policy}" for h in direct) + " (CIS 1.16: attach it to a group or role)")
    cis = {Framework.CIS: (PASS, "no policy that can administer the trail is attached to a user")}
    group = s.settings.access.admin_group
    if s.intent and group and s.settings.access.admin_users:
        error = s.read_error(f"ListUsersForGroup {group}")
        if error:
            return finding("AT-RAM-ADMIN-GROUPS", UNKNOWN, f"ram://group/{group}", error, cis)
        problems = admin_group_problems(s.settings, s.observed)
        if problems:
            return finding("AT-RAM-ADMIN-GROUPS", FAIL, f"ram://group/{group}", "; ".join(problems), cis)
    return finding("AT-RAM-ADMIN-GROUPS", PASS, "ram://", f"no RAM user holds ActionTrail admin rights directly; "
                   f"held by {held}", cis)
