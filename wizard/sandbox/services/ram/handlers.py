"""RAM handlers: read the RPC parameters, call the models, shape the answers as RAM does."""

from __future__ import annotations

import re

from ...http.protocol import ApiError
from ...http.rpc import flag, require
from . import models
from .identities import ACTIONS as IDENTITY_ACTIONS
from .paging import marker_page

_ENTITY_NAME = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
_POLICY_NAME = re.compile(r"^[A-Za-z0-9-]{1,128}$")
_PLURALS = {"User": "Users", "Group": "Groups", "Role": "Roles"}




# principals ---------------------------------------------------------------------------------
def _create_entity(kind: str):
    def action(ctx, params):
        require(params, f"{kind}Name")
        name = params[f"{kind}Name"]
        if not _ENTITY_NAME.match(name):
            raise ApiError(400, f"InvalidParameter.{kind}Name", f"{kind}Name must be 1-64 of A-Z a-z 0-9 . _ @ -.")
        with ctx.store.transaction():  # a taken name is reported before a missing or bad trust policy
            models.ensure_free(ctx.store, kind, name)
            more = _role_fields(ctx, name, params) if kind == "Role" else {}
            entity = models.create_entity(ctx.store, kind, name, params.get("Comments", ""),
                                          params.get("DisplayName", name), more)
        return {kind: entity}
    return action


def _role_fields(ctx, name: str, params) -> dict:
    require(params, "AssumeRolePolicyDocument")
    return {"Arn": models.role_arn(ctx.account.account_id, name),
            "AssumeRolePolicyDocument": models.checked_document(params["AssumeRolePolicyDocument"]),
            "Description": params.get("Description", ""), "MaxSessionDuration": 3600, "IsServiceLinkedRole": False}


def get_role(ctx, params):
    require(params, "RoleName")
    return {"Role": models.entity(ctx.store, "Role", params["RoleName"])}


def create_service_linked_role(ctx, params):
    require(params, "ServiceName")
    return {"Role": models.create_service_linked_role(ctx.store, ctx.account.account_id, params["ServiceName"])}


def _list(kind: str):
    def action(ctx, params):
        page, more = marker_page(params, models.entities(ctx.store, kind))
        return {_PLURALS[kind]: {kind: page}, **more}
    return action


# attachments --------------------------------------------------------------------------------
def _attach(kind: str):
    def action(ctx, params):
        require(params, "PolicyType", "PolicyName", f"{kind}Name")
        models.attach(ctx.store, params["PolicyType"], params["PolicyName"], kind, params[f"{kind}Name"])
        return {}
    return action


def _detach(kind: str):
    def action(ctx, params):
        require(params, "PolicyType", "PolicyName", f"{kind}Name")
        models.detach(ctx.store, params["PolicyType"], params["PolicyName"], kind, params[f"{kind}Name"])
        return {}
    return action


def list_entities_for_policy(ctx, params):
    require(params, "PolicyType", "PolicyName")
    policy = models.policy(ctx.store, params["PolicyName"], params["PolicyType"])
    found = {"User": [], "Group": [], "Role": []}
    for attachment in models.attachments_of_policy(ctx.store, policy):
        entity = models.find_entity(ctx.store, attachment["Kind"], attachment["Name"]) or {}
        found[attachment["Kind"]].append({f"{attachment['Kind']}Name": attachment["Name"],
                                          "AttachDate": attachment["AttachDate"],
                                          **{k: v for k, v in entity.items() if k in ("DisplayName", "Arn",
                                                                                     "Comments", "Description")}})
    return {"Users": {"User": found["User"]}, "Groups": {"Group": found["Group"]}, "Roles": {"Role": found["Role"]}}


def _policies_for(kind: str):
    def action(ctx, params):
        require(params, f"{kind}Name")
        name = models.entity(ctx.store, kind, params[f"{kind}Name"])[f"{kind}Name"]
        policies = []
        for a in models.attachments_of(ctx.store, kind, name):
            policy = models.policy(ctx.store, a["PolicyName"], a["PolicyType"])
            policies.append({"PolicyName": policy["PolicyName"], "PolicyType": policy["PolicyType"],
                             "Description": policy["Description"], "DefaultVersion": policy["DefaultVersion"],
                             "AttachDate": a["AttachDate"]})
        return {"Policies": {"Policy": policies}}
    return action


# policies -----------------------------------------------------------------------------------
def _summary(ctx, policy: dict) -> dict:
    attachments = models.attachments_of_policy(ctx.store, policy)
    return {k: policy[k] for k in ("PolicyName", "PolicyType", "Description", "DefaultVersion", "CreateDate",
                                   "UpdateDate")} | {"AttachmentCount": len(attachments)}


def create_policy(ctx, params):
    require(params, "PolicyName", "PolicyDocument")
    name = params["PolicyName"]
    if not _POLICY_NAME.match(name):
        raise ApiError(400, "InvalidParameter.PolicyName.InvalidChars", "PolicyName must be 1-128 of A-Z a-z "
                       "0-9 and -.")
    document = models.checked_document(params["PolicyDocument"])
    policy = models.create_policy(ctx.store, name, params.get("Description", ""), document)
    return {"Policy": _summary(ctx, policy)}


def get_policy(ctx, params):
    require(params, "PolicyName", "PolicyType")
    policy = models.policy(ctx.store, params["PolicyName"], params["PolicyType"])
    return {"Policy": _summary(ctx, policy), "DefaultPolicyVersion": models.default_version(policy)}


def create_policy_version(ctx, params):
    require(params, "PolicyName", "PolicyDocument")
    document = models.checked_document(params["PolicyDocument"])
    strategy = params.get("RotateStrategy") or "None"
    if strategy not in models.ROTATE_STRATEGIES:
        raise ApiError(400, "InvalidParameter.RotateStrategy", f"RotateStrategy must be one of "
                       f"{', '.join(models.ROTATE_STRATEGIES)}.")
    version = models.create_policy_version(ctx.store, params["PolicyName"], document, strategy,
                                           flag(params, "SetAsDefault"))
    return {"PolicyVersion": version}


def get_policy_version(ctx, params):
    require(params, "PolicyName", "PolicyType", "VersionId")
    policy = models.policy(ctx.store, params["PolicyName"], params["PolicyType"])
    return {"PolicyVersion": models.version(policy, params["VersionId"])}


def list_policy_versions(ctx, params):
    require(params, "PolicyName", "PolicyType")
    policy = models.policy(ctx.store, params["PolicyName"], params["PolicyType"])
    return {"PolicyVersions": {"PolicyVersion": sorted(policy["Versions"], key=lambda v: -int(v["VersionId"][1:]))}}


def set_default_policy_version(ctx, params):
    require(params, "PolicyName", "VersionId")
    models.set_default_version(ctx.store, params["PolicyName"], params["VersionId"])
    return {}


def delete_policy_version(ctx, params):
    require(params, "PolicyName", "VersionId")
    models.delete_version(ctx.store, params["PolicyName"], params["VersionId"])
    return {}


def delete_policy(ctx, params):
    require(params, "PolicyName")
    models.delete_policy(ctx.store, params["PolicyName"])
    return {}


def list_policies(ctx, params):
    wanted = params.get("PolicyType")
    policies = []
    if wanted in (None, "", "System"):
        policies += [_summary(ctx, p) for p in models.system_policies(ctx.store)]
    if wanted in (None, "", "Custom"):
        policies += [_summary(ctx, p) for p in models.custom_policies(ctx.store)]
    page, more = marker_page(params, policies)
    return {"Policies": {"Policy": page}, **more}


ACTIONS = {
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
    "ListRoles": _list("Role"), **IDENTITY_ACTIONS,
}
