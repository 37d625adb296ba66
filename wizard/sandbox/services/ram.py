"""RAM 2015-05-01: users, groups, roles, policies with versions, attachments, the ActionTrail service role.

Store kinds: "ram.user", "ram.group", "ram.role" (by name), "ram.policy"
("<type>/<name>", with its versions), "ram.attachment"
("<type>/<policy>/<kind>/<principal>"). System policies are data
(ram_system_policies.py), present from the start.
"""

from __future__ import annotations

import json
import re
import time

from ..protocol import ApiError
from ..rpc import flag, require, rpc_service
from .ram_system_policies import SYSTEM_POLICIES

MAX_DOCUMENT = 6144
MAX_VERSIONS = 5
_POLICY_NAME = re.compile(r"^[A-Za-z0-9-]{1,128}$")
_ENTITY_NAME = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
SERVICE_ROLES = {"actiontrail.aliyuncs.com": "AliyunServiceRoleForActionTrail"}
_KINDS = {"User": "ram.user", "Group": "ram.group", "Role": "ram.role"}


def _iso(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def _document(text: str) -> str:
    if len(text) > MAX_DOCUMENT:
        raise ApiError(400, "LimitExceeded.Policy.Document", f"The policy document exceeds {MAX_DOCUMENT} "
                       "characters.")
    try:
        doc = json.loads(text)
    except ValueError:
        raise ApiError(400, "MalformedPolicyDocument", "The policy document is not valid JSON.") from None
    if not isinstance(doc, dict) or "Statement" not in doc or doc.get("Version") != "1":
        raise ApiError(400, "MalformedPolicyDocument", "The policy document needs Version \"1\" and Statement.")
    return text


def _policy(ctx, name: str, policy_type: str | None = None) -> dict:
    for kind in ([policy_type] if policy_type else ["Custom", "System"]):
        if kind == "System" and name in SYSTEM_POLICIES:
            description, doc = SYSTEM_POLICIES[name]
            return {"PolicyName": name, "PolicyType": "System", "Description": description, "DefaultVersion": "v1",
                    "CreateDate": "2015-01-01T00:00:00Z", "UpdateDate": "2015-01-01T00:00:00Z",
                    "Versions": [{"VersionId": "v1", "IsDefaultVersion": True, "CreateDate": "2015-01-01T00:00:00Z",
                                  "PolicyDocument": json.dumps(doc)}]}
        if kind == "Custom":
            found = ctx.store.get("ram.policy", f"Custom/{name}")
            if found:
                return found
    raise ApiError(404, "EntityNotExist.Policy", f"The policy does not exist: {name}")


def _summary(ctx, policy: dict) -> dict:
    attachments = ctx.store.list("ram.attachment", f"{policy['PolicyType']}/{policy['PolicyName']}/")
    return {k: policy[k] for k in ("PolicyName", "PolicyType", "Description", "DefaultVersion", "CreateDate",
                                   "UpdateDate")} | {"AttachmentCount": len(attachments)}


def _default_version(policy: dict) -> dict:
    return next(v for v in policy["Versions"] if v["IsDefaultVersion"])


def create_policy(ctx, params):
    require(params, "PolicyName", "PolicyDocument")
    name = params["PolicyName"]
    if not _POLICY_NAME.match(name):
        raise ApiError(400, "InvalidParameter.PolicyName.InvalidChars", "PolicyName must be 1-128 of A-Z a-z "
                       "0-9 and -.")
    document = _document(params["PolicyDocument"])
    with ctx.store.transaction():
        if name in SYSTEM_POLICIES or ctx.store.get("ram.policy", f"Custom/{name}"):
            raise ApiError(409, "EntityAlreadyExists.Policy", f"The policy already exists: {name}")
        now = _iso(ctx.now())
        policy = {"PolicyName": name, "PolicyType": "Custom", "Description": params.get("Description", ""),
                  "DefaultVersion": "v1", "CreateDate": now, "UpdateDate": now,
                  "Versions": [{"VersionId": "v1", "IsDefaultVersion": True, "CreateDate": now,
                                "PolicyDocument": document}]}
        ctx.store.put("ram.policy", f"Custom/{name}", policy)
    return {"Policy": _summary(ctx, policy)}


def get_policy(ctx, params):
    require(params, "PolicyName", "PolicyType")
    policy = _policy(ctx, params["PolicyName"], params["PolicyType"])
    return {"Policy": _summary(ctx, policy), "DefaultPolicyVersion": _default_version(policy)}


def create_policy_version(ctx, params):
    require(params, "PolicyName", "PolicyDocument")
    document = _document(params["PolicyDocument"])
    with ctx.store.transaction():
        policy = _policy(ctx, params["PolicyName"], "Custom")
        versions = policy["Versions"]
        if len(versions) >= MAX_VERSIONS:
            if params.get("RotateStrategy") != "DeleteOldestNonDefaultVersionWhenLimitExceeded":
                raise ApiError(409, "LimitExceeded.Policy.Version", f"A policy keeps at most {MAX_VERSIONS} versions.")
            oldest = next(v for v in versions if not v["IsDefaultVersion"])
            versions.remove(oldest)
        number = max(int(v["VersionId"][1:]) for v in versions) + 1
        version = {"VersionId": f"v{number}", "IsDefaultVersion": False, "CreateDate": _iso(ctx.now()),
                   "PolicyDocument": document}
        versions.append(version)
        if flag(params, "SetAsDefault"):
            for v in versions:
                v["IsDefaultVersion"] = v is version
            policy["DefaultVersion"] = version["VersionId"]
        policy["UpdateDate"] = version["CreateDate"]
        ctx.store.put("ram.policy", f"Custom/{policy['PolicyName']}", policy)
    return {"PolicyVersion": version}


def list_policies(ctx, params):
    wanted = params.get("PolicyType")
    policies = []
    if wanted in (None, "", "System"):
        policies += [_summary(ctx, _policy(ctx, name, "System")) for name in sorted(SYSTEM_POLICIES)]
    if wanted in (None, "", "Custom"):
        policies += [_summary(ctx, p) for p in ctx.store.list("ram.policy", "Custom/")]
    start = int(params.get("Marker") or 0)
    size = int(params.get("MaxItems") or 100)
    page = policies[start:start + size]
    more = start + size < len(policies)
    return {"Policies": {"Policy": page}, "IsTruncated": more, **({"Marker": str(start + size)} if more else {})}


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
