"""Discovery of RAM: who holds ActionTrail admin rights, the auditor policy, principals, the admin group, the role.

Depth: the listings, the service role and the system policies' holders are one
round trip; a custom policy's document the second; the holders of the custom
policies that matter (the auditor policy, any granting actiontrail:*, any that
touches the trail's bucket or Logstore, which the audit lints) the third.
"""

from __future__ import annotations

from dataclasses import dataclass

from wizard.cloud.discover.reads import Reader
from wizard.cloud.errors import required
from wizard.cloud.session import Session
from wizard.core.derive.holders import ADMIN_SYSTEM_POLICIES, speaks_of_trail_changes, trail_target
from wizard.core.names import SERVICE_LINKED_ROLE
from wizard.core.observed import PolicyState
from wizard.core.policies.documents import grants_actiontrail_admin
from wizard.core.policies.lint import touches
from wizard.core.settings import AccessSettings, Settings

PAGE = 1000


@dataclass(frozen=True)
class RamState:
    policies: tuple[PolicyState, ...]
    service_linked_role: bool
    principals: tuple[str, ...]
    # the admin group's users (when the settings name one) and those of every group holding a trail-changing policy
    group_members: tuple[tuple[str, tuple[str, ...]], ...] = ()


def _paged(fetch) -> list:
    """Follow RAM's Marker/IsTruncated pagination."""
    items, marker = [], None
    while True:
        page, marker = fetch(marker)
        items.extend(page)
        if not marker:
            return items


def _page(body, plural: str, singular: str):
    container = required(getattr(body, plural), plural.capitalize())  # an empty list still has its container
    return getattr(container, singular) or [], body.marker if body.is_truncated else None


def ram(reader: Reader, session: Session, settings: Settings | None) -> RamState:
    from alibabacloud_ram20150501 import models

    client = session.ram()
    role_f = reader.call("ram", "GetRole", SERVICE_LINKED_ROLE, lambda: required(client.get_role(
        models.GetRoleRequest(role_name=SERVICE_LINKED_ROLE)).body.role, "Role"), ("EntityNotExist.Role",))

    def listing(api: str, request, method, plural: str, singular: str):
        return reader.call("ram", api, "", lambda: _paged(lambda marker: _page(
            method(request(marker=marker, max_items=PAGE)).body, plural, singular)))

    users_f = listing("ListUsers", models.ListUsersRequest, client.list_users, "users", "user")
    groups_f = listing("ListGroups", models.ListGroupsRequest, client.list_groups, "groups", "group")
    roles_f = listing("ListRoles", models.ListRolesRequest, client.list_roles, "roles", "role")
    custom_f = reader.call("ram", "ListPolicies", "Custom", lambda: _paged(lambda marker: _page(
        client.list_policies(models.ListPoliciesRequest(policy_type="Custom", marker=marker, max_items=PAGE)).body,
        "policies", "policy")))
    system_fs = {name: _attached(reader, client, name, "System") for name in ADMIN_SYSTEM_POLICIES}

    access = settings.access if settings else AccessSettings()
    group = access.admin_group if access.admin_users else None
    members_f = _members(reader, client, group) if group else None  # named by the settings: read at once
    auditor = access.auditor_policy
    target = trail_target(settings) if settings else None
    auditor_holders_f = _attached(reader, client, auditor, "Custom")  # named by the settings: no need to wait
    documents = {policy.policy_name: reader.call(
        "ram", "GetPolicy", policy.policy_name, lambda n=policy.policy_name: required(client.get_policy(
            models.GetPolicyRequest(policy_type="Custom", policy_name=n)).body.default_policy_version,
            "DefaultPolicyVersion"))
        for policy in custom_f.result().value or []}
    relevant = {}
    for name, future in documents.items():
        version = future.result().value
        text = version.policy_document if version else ""
        if name == auditor or grants_actiontrail_admin(text) or speaks_of_trail_changes(text) \
                or (target and touches(text, target)):
            holders_f = auditor_holders_f if name == auditor else _attached(reader, client, name, "Custom")
            relevant[name] = (version, holders_f)
    policies = [PolicyState(name, "System", attached_to=future.result().value or ())
                for name, future in system_fs.items()]
    for name, (version, attached_f) in relevant.items():
        policies.append(PolicyState(name, "Custom", version.policy_document if version else "",
                                    version.version_id if version else "v1", attached_f.result().value or ()))
    principals = tuple(f"user:{u.user_name}" for u in users_f.result().value or []) \
        + tuple(f"group:{g.group_name}" for g in groups_f.result().value or []) \
        + tuple(f"role:{r.role_name}" for r in roles_f.result().value or [])
    # the members of the groups holding a policy that can change the trail hold it too (effective permissions)
    holding = sorted({p[6:] for policy in policies if policy.name != auditor for p in policy.attached_to
                      if p.startswith("group:") and p[6:] != group})
    members_fs = {name: _members(reader, client, name) for name in holding}
    if members_f:
        members_fs[group] = members_f
    members = tuple((name, future.result().value) for name, future in members_fs.items()
                    if future.result().value is not None)
    return RamState(tuple(policies), role_f.result().value is not None, principals, members)


def _members(reader: Reader, client, group: str):
    """Future[Read] of the user names in a group (None when the group does not exist)."""
    from alibabacloud_ram20150501 import models

    def users() -> tuple[str, ...]:
        return tuple(u.user_name for u in _paged(lambda marker: _page(client.list_users_for_group(
            models.ListUsersForGroupRequest(group_name=group, marker=marker, max_items=PAGE)).body, "users", "user")))

    return reader.call("ram", "ListUsersForGroup", group, users, ("EntityNotExist.Group",))


def _attached(reader: Reader, client, name: str, policy_type: str):
    """Future[Read] of the policy's holders as ("user:NAME" | "group:NAME" | "role:NAME", ...)."""
    from alibabacloud_ram20150501 import models

    def holders() -> tuple[str, ...]:
        body = client.list_entities_for_policy(
            models.ListEntitiesForPolicyRequest(policy_type=policy_type, policy_name=name)).body
        users, groups, roles = (required(getattr(body, kind), kind.capitalize()) for kind in ("users", "groups",
                                                                                              "roles"))
        return tuple(f"user:{u.user_name}" for u in users.user or []) \
            + tuple(f"group:{g.group_name}" for g in groups.group or []) \
            + tuple(f"role:{r.role_name}" for r in roles.role or [])

    return reader.call("ram", "ListEntitiesForPolicy", name, holders, ("EntityNotExist.Policy",))
