"""RAM policies in the sandbox: custom policies with up to five versions, system policies as data.

Store kind "ram.policy" ("Custom/<name>", holding its versions). RotateStrategy
and the default-version rules follow the RAM API reference: the default
version can never be deleted, and at five versions CreatePolicyVersion either
fails (LimitExceeded.Policy.Version) or, with
DeleteOldestNonDefaultVersionWhenLimitExceeded, drops the oldest non-default one.
"""

from __future__ import annotations

import json
import re
import time

from ..http.protocol import ApiError
from ..http.rpc import flag, require
from .ram_system_policies import SYSTEM_POLICIES

MAX_DOCUMENT = 6144
MAX_VERSIONS = 5
_POLICY_NAME = re.compile(r"^[A-Za-z0-9-]{1,128}$")


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


ROTATE_STRATEGIES = ("None", "DeleteOldestNonDefaultVersionWhenLimitExceeded")


def create_policy_version(ctx, params):
    """RAM keeps at most five versions; RotateStrategy lets it drop the oldest non-default one (never the default)."""
    require(params, "PolicyName", "PolicyDocument")
    document = _document(params["PolicyDocument"])
    strategy = params.get("RotateStrategy") or "None"
    if strategy not in ROTATE_STRATEGIES:
        raise ApiError(400, "InvalidParameter.RotateStrategy", f"RotateStrategy must be one of "
                       f"{', '.join(ROTATE_STRATEGIES)}.")
    with ctx.store.transaction():
        policy = _policy(ctx, params["PolicyName"], "Custom")
        versions = policy["Versions"]
        if len(versions) >= MAX_VERSIONS:
            if strategy == "None":
                raise ApiError(409, "LimitExceeded.Policy.Version", f"A policy keeps at most {MAX_VERSIONS} versions.")
            oldest = min((v for v in versions if not v["IsDefaultVersion"]), key=lambda v: int(v["VersionId"][1:]))
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


def _version(policy: dict, version_id: str) -> dict:
    found = next((v for v in policy["Versions"] if v["VersionId"] == version_id), None)
    if found is None:
        raise ApiError(404, "EntityNotExist.Policy.Version", f"The policy version does not exist: {version_id}")
    return found


def get_policy_version(ctx, params):
    require(params, "PolicyName", "PolicyType", "VersionId")
    return {"PolicyVersion": _version(_policy(ctx, params["PolicyName"], params["PolicyType"]), params["VersionId"])}


def list_policy_versions(ctx, params):
    require(params, "PolicyName", "PolicyType")
    policy = _policy(ctx, params["PolicyName"], params["PolicyType"])
    return {"PolicyVersions": {"PolicyVersion": sorted(policy["Versions"], key=lambda v: -int(v["VersionId"][1:]))}}


def set_default_policy_version(ctx, params):
    require(params, "PolicyName", "VersionId")
    with ctx.store.transaction():
        policy = _policy(ctx, params["PolicyName"], "Custom")
        chosen = _version(policy, params["VersionId"])
        for v in policy["Versions"]:
            v["IsDefaultVersion"] = v is chosen
        policy["DefaultVersion"] = chosen["VersionId"]
        policy["UpdateDate"] = _iso(ctx.now())
        ctx.store.put("ram.policy", f"Custom/{policy['PolicyName']}", policy)
    return {}


def delete_policy_version(ctx, params):
    require(params, "PolicyName", "VersionId")
    with ctx.store.transaction():
        policy = _policy(ctx, params["PolicyName"], "Custom")
        version = _version(policy, params["VersionId"])
        if version["IsDefaultVersion"]:
            raise ApiError(409, "DeleteConflict.PolicyVersion.Default", "The default version of a policy cannot "
                           "be deleted.")
        policy["Versions"].remove(version)
        ctx.store.put("ram.policy", f"Custom/{policy['PolicyName']}", policy)
    return {}


def delete_policy(ctx, params):
    require(params, "PolicyName")
    with ctx.store.transaction():
        policy = _policy(ctx, params["PolicyName"], "Custom")
        if ctx.store.list("ram.attachment", f"Custom/{policy['PolicyName']}/"):
            raise ApiError(409, "DeleteConflict.Policy.Attachment", "The policy is still attached.")
        if len(policy["Versions"]) > 1:
            raise ApiError(409, "DeleteConflict.Policy.Version", "Delete the non-default versions first.")
        ctx.store.delete("ram.policy", f"Custom/{policy['PolicyName']}")
    return {}


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
