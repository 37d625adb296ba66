"""Discovery of RAM: who holds ActionTrail admin rights, the auditor policy, principals, the service role."""

from __future__ import annotations

from dataclasses import dataclass

from ..config import AccessSettings, Settings
from ..observed import PolicyState
from ..planning.ram import ADMIN_SYSTEM_POLICIES
from ..planning.trail import SERVICE_LINKED_ROLE
from ..policies import grants_actiontrail_admin
from .reads import Reader
from .session import Session


@dataclass(frozen=True)
class RamState:
    policies: tuple[PolicyState, ...]
    service_linked_role: bool
    principals: tuple[str, ...]


def _paged(fetch) -> list:
    """Follow RAM's Marker/IsTruncated pagination."""
    items, marker = [], None
    while True:
        body = fetch(marker)
        items.extend(body[0])
        if not body[1]:
            return items
        marker = body[1]


def ram(reader: Reader, session: Session, settings: Settings | None) -> RamState:
    from alibabacloud_ram20150501 import models

    client = session.ram()
    role_f = reader.submit(reader.read, "ram", "GetRole", SERVICE_LINKED_ROLE, lambda: client.get_role(
        models.GetRoleRequest(role_name=SERVICE_LINKED_ROLE)).body.role, ("EntityNotExist.Role",))

    def listing(api, kind, call):
        return reader.submit(reader.read, "ram", api, "", lambda: _paged(call))

    users_f = listing("ListUsers", "user", lambda m: _page(client.list_users(
        models.ListUsersRequest(marker=m, max_items=1000)).body, "users", "user"))
    groups_f = listing("ListGroups", "group", lambda m: _page(client.list_groups(
        models.ListGroupsRequest(marker=m, max_items=1000)).body, "groups", "group"))
    roles_f = listing("ListRoles", "role", lambda m: _page(client.list_roles(
        models.ListRolesRequest(marker=m, max_items=1000)).body, "roles", "role"))
    custom_f = reader.submit(reader.read, "ram", "ListPolicies", "Custom", lambda: _paged(lambda m: _page(
        client.list_policies(models.ListPoliciesRequest(policy_type="Custom", marker=m, max_items=1000)).body,
        "policies", "policy")))
    system_fs = {name: reader.submit(_attached, reader, client, name, "System") for name in ADMIN_SYSTEM_POLICIES}

    auditor = (settings.access if settings else AccessSettings()).auditor_policy
    documents = {}
    for policy in custom_f.result().value or []:
        documents[policy.policy_name] = reader.submit(reader.read, "ram", "GetPolicy", policy.policy_name,
                                                      lambda n=policy.policy_name: client.get_policy(
                                                          models.GetPolicyRequest(policy_type="Custom", policy_name=n))
                                                      .body.default_policy_version)
    policies = [PolicyState(name, "System", attached_to=future.result()) for name, future in system_fs.items()]
    relevant = {}
    for name, future in documents.items():
        version = future.result().value
        text = version.policy_document if version else ""
        if name == auditor or grants_actiontrail_admin(text):
            relevant[name] = (version, reader.submit(_attached, reader, client, name, "Custom"))
    for name, (version, attached_f) in relevant.items():
        policies.append(PolicyState(name, "Custom", version.policy_document if version else "",
                                    version.version_id if version else "v1", attached_f.result()))
    principals = tuple(f"user:{u.user_name}" for u in users_f.result().value or []) \
        + tuple(f"group:{g.group_name}" for g in groups_f.result().value or []) \
        + tuple(f"role:{r.role_name}" for r in roles_f.result().value or [])
    return RamState(tuple(policies), role_f.result().value is not None, principals)


def _page(body, plural: str, singular: str):
    container = getattr(body, plural)
    items = getattr(container, singular) if container else []
    return items or [], body.marker if body.is_truncated else None


def _attached(reader: Reader, client, name: str, policy_type: str) -> tuple[str, ...]:
    from alibabacloud_ram20150501 import models

    body = reader.read("ram", "ListEntitiesForPolicy", name, lambda: client.list_entities_for_policy(
        models.ListEntitiesForPolicyRequest(policy_type=policy_type, policy_name=name)).body).value
    if body is None:
        return ()
    return tuple(f"user:{u.user_name}" for u in (body.users.user if body.users else []) or []) \
        + tuple(f"group:{g.group_name}" for g in (body.groups.group if body.groups else []) or []) \
        + tuple(f"role:{r.role_name}" for r in (body.roles.role if body.roles else []) or [])
