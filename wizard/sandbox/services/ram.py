"""RAM 2015-05-01: users, groups, roles, policies with versions, attachments, the ActionTrail service role.

Store kinds: "ram.user", "ram.group", "ram.role" (by name), "ram.attachment"
("<type>/<policy>/<kind>/<principal>"). Policies and their versions are in
ram_policies.py; system policies are data (ram_system_policies.py), present
from the start.
"""

from __future__ import annotations

import json
import re

from ..http.protocol import ApiError
from ..http.rpc import require, rpc_service
from .ram_policies import (
    _document, _iso, _policy, create_policy, create_policy_version, delete_policy, delete_policy_version, get_policy,
    get_policy_version, list_policies, list_policy_versions, set_default_policy_version,
)

# A new sandbox account is not empty: like most real accounts it has a few RAM principals, among them
# the admin user and the auditors group that examples/*.toml name, so onboarding can attach to them.
STARTER_USERS = ("cloud-admin", "ops-intern")
STARTER_GROUPS = ("security-auditors",)
STARTER_ATTACHMENTS = (("System", "AliyunActionTrailFullAccess", "User", "cloud-admin"),)


def seed_starter_principals(store, now: str) -> None:
    for name in STARTER_USERS:
        store.put("ram.user", name, {"UserName": name, "UserId": str(abs(hash(name)))[:16], "DisplayName": name,
                                     "CreateDate": now, "UpdateDate": now, "Comments": ""})
    for name in STARTER_GROUPS:
        store.put("ram.group", name, {"GroupName": name, "GroupId": str(abs(hash(name)))[:16], "DisplayName": name,
                                      "CreateDate": now, "UpdateDate": now, "Comments": ""})
    for policy_type, policy, kind, who in STARTER_ATTACHMENTS:
        store.put("ram.attachment", f"{policy_type}/{policy}/{kind}/{who}",
                  {"PolicyType": policy_type, "PolicyName": policy, "Kind": kind, "Name": who, "AttachDate": now})


_ENTITY_NAME = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
SERVICE_ROLES = {"actiontrail.aliyuncs.com": "AliyunServiceRoleForActionTrail"}
_KINDS = {"User": "ram.user", "Group": "ram.group", "Role": "ram.role"}


def _entity(ctx, kind: str, name: str) -> dict:
    entity = ctx.store.get(_KINDS[kind], name)
    if entity is None:
        raise ApiError(404, f"EntityNotExist.{kind}", f"The {kind.lower()} does not exist: {name}")
    return entity


def _attach(kind: str):
    def action(ctx, params):
        require(params, "PolicyType", "PolicyName", f"{kind}Name")
        with ctx.store.transaction():
            policy = _policy(ctx, params["PolicyName"], params["PolicyType"])
            who = _entity(ctx, kind, params[f"{kind}Name"])[f"{kind}Name"]
            key = f"{policy['PolicyType']}/{policy['PolicyName']}/{kind}/{who}"
            if ctx.store.get("ram.attachment", key):
                raise ApiError(409, f"EntityAlreadyExists.{kind}.Policy", f"The policy is already attached to {who}.")
            ctx.store.put("ram.attachment", key, {"PolicyType": policy["PolicyType"],
                                                  "PolicyName": policy["PolicyName"], "Kind": kind, "Name": who,
                                                  "AttachDate": _iso(ctx.now())})
        return {}
    return action


def _detach(kind: str):
    def action(ctx, params):
        require(params, "PolicyType", "PolicyName", f"{kind}Name")
        key = f"{params['PolicyType']}/{params['PolicyName']}/{kind}/{params[kind + 'Name']}"
        with ctx.store.transaction():
            if not ctx.store.delete("ram.attachment", key):
                raise ApiError(404, f"EntityNotExist.{kind}.Policy", "The policy is not attached.")
        return {}
    return action


def list_entities_for_policy(ctx, params):
    require(params, "PolicyType", "PolicyName")
    policy = _policy(ctx, params["PolicyName"], params["PolicyType"])
    found = {"User": [], "Group": [], "Role": []}
    for attachment in ctx.store.list("ram.attachment", f"{policy['PolicyType']}/{policy['PolicyName']}/"):
        entity = ctx.store.get(_KINDS[attachment["Kind"]], attachment["Name"]) or {}
        found[attachment["Kind"]].append({f"{attachment['Kind']}Name": attachment["Name"],
                                          "AttachDate": attachment["AttachDate"],
                                          **{k: v for k, v in entity.items() if k in ("DisplayName", "Arn",
                                                                                     "Comments", "Description")}})
    return {"Users": {"User": found["User"]}, "Groups": {"Group": found["Group"]}, "Roles": {"Role": found["Role"]}}


def _policies_for(kind: str):
    def action(ctx, params):
        require(params, f"{kind}Name")
        name = _entity(ctx, kind, params[f"{kind}Name"])[f"{kind}Name"]
        attached = [a for a in ctx.store.list("ram.attachment") if a["Kind"] == kind and a["Name"] == name]
        policies = []
        for a in attached:
            policy = _policy(ctx, a["PolicyName"], a["PolicyType"])
            policies.append({"PolicyName": policy["PolicyName"], "PolicyType": policy["PolicyType"],
                             "Description": policy["Description"], "DefaultVersion": policy["DefaultVersion"],
                             "AttachDate": a["AttachDate"]})
        return {"Policies": {"Policy": policies}}
    return action


def _create_entity(kind: str, **fields):
    def action(ctx, params):
        require(params, f"{kind}Name")
        name = params[f"{kind}Name"]
        if not _ENTITY_NAME.match(name):
            raise ApiError(400, f"InvalidParameter.{kind}Name", f"{kind}Name must be 1-64 of A-Z a-z 0-9 . _ @ -.")
        with ctx.store.transaction():
            if ctx.store.get(_KINDS[kind], name):
                raise ApiError(409, f"EntityAlreadyExists.{kind}", f"The {kind.lower()} already exists: {name}")
            entity = {f"{kind}Name": name, "CreateDate": _iso(ctx.now()), "UpdateDate": _iso(ctx.now()),
                      f"{kind}Id": str(ctx.uuid().int)[-16:], "Comments": params.get("Comments", ""),
                      "DisplayName": params.get("DisplayName", name)}
            if kind == "Role":
                entity.update(_role_fields(ctx, name, params))
            ctx.store.put(_KINDS[kind], name, entity)
        return {kind: entity}
    return action


def _role_fields(ctx, name: str, params) -> dict:
    require(params, "AssumeRolePolicyDocument")
    return {"Arn": f"acs:ram::{ctx.account.account_id}:role/{name.lower()}",
            "AssumeRolePolicyDocument": _document(params["AssumeRolePolicyDocument"]),
            "Description": params.get("Description", ""), "MaxSessionDuration": 3600, "IsServiceLinkedRole": False}


def get_role(ctx, params):
    require(params, "RoleName")
    return {"Role": _entity(ctx, "Role", params["RoleName"])}


def create_service_linked_role(ctx, params):
    require(params, "ServiceName")
    service = params["ServiceName"]
    name = SERVICE_ROLES.get(service)
    if name is None:
        raise ApiError(400, "InvalidParameter.ServiceName", f"The service {service} has no service-linked role.")
    with ctx.store.transaction():
        if ctx.store.get("ram.role", name):
            raise ApiError(409, "EntityAlreadyExists.Role", f"The role already exists: {name}")
        trust = json.dumps({"Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow",
                                           "Principal": {"Service": [service]}}], "Version": "1"})
        role = {"RoleName": name, "RoleId": str(ctx.uuid().int)[-16:], "CreateDate": _iso(ctx.now()),
                "Arn": f"acs:ram::{ctx.account.account_id}:role/{name.lower()}", "AssumeRolePolicyDocument": trust,
                "Description": f"Service-linked role for {service}", "IsServiceLinkedRole": True,
                "MaxSessionDuration": 3600}
        ctx.store.put("ram.role", name, role)
    return {"Role": role}


def _list(kind: str):
    plural = {"User": "Users", "Group": "Groups", "Role": "Roles"}[kind]

    def action(ctx, params):
        entities = ctx.store.list(_KINDS[kind])
        start = int(params.get("Marker") or 0)
        size = int(params.get("MaxItems") or 100)
        page = entities[start:start + size]
        more = start + size < len(entities)
        return {plural: {kind: page}, "IsTruncated": more, **({"Marker": str(start + size)} if more else {})}
    return action


_service = rpc_service({
    "CreatePolicy": create_policy, "GetPolicy": get_policy, "CreatePolicyVersion": create_policy_version,
    "GetPolicyVersion": get_policy_version, "ListPolicyVersions": list_policy_versions,
    "SetDefaultPolicyVersion": set_default_policy_version, "DeletePolicyVersion": delete_policy_version,
    "DeletePolicy": delete_policy,
    "ListPolicies": list_policies, "ListEntitiesForPolicy": list_entities_for_policy,
    "AttachPolicyToUser": _attach("User"), "AttachPolicyToGroup": _attach("Group"),
    "AttachPolicyToRole": _attach("Role"), "DetachPolicyFromUser": _detach("User"),
    "DetachPolicyFromGroup": _detach("Group"), "DetachPolicyFromRole": _detach("Role"),
    "ListPoliciesForUser": _policies_for("User"), "ListPoliciesForGroup": _policies_for("Group"),
    "ListPoliciesForRole": _policies_for("Role"), "CreateUser": _create_entity("User"),
    "CreateGroup": _create_entity("Group"), "CreateRole": _create_entity("Role"), "GetRole": get_role,
    "CreateServiceLinkedRole": create_service_linked_role, "ListUsers": _list("User"), "ListGroups": _list("Group"),
    "ListRoles": _list("Role"),
}, "2015-05-01")
operation, handle, render_error = _service.operation, _service.handle, _service.render_error
