"""RAM state: principals (users, groups, roles), custom policies with their versions, and attachments.

Store kinds: "ram.user", "ram.group", "ram.role" (by name), "ram.policy" ("Custom/<name>",
holding its versions) and "ram.attachment" ("<type>/<policy>/<kind>/<principal>"). System
policies are data (system_policies.py); group membership is members.py, the starter principals starter.py. RotateStrategy and the default-version rules follow
the RAM API reference: the default version can never be deleted, and at five versions
CreatePolicyVersion either fails (LimitExceeded.Policy.Version) or, with
DeleteOldestNonDefaultVersionWhenLimitExceeded, drops the oldest non-default one.
"""

from __future__ import annotations

import hashlib
import json

from ...http.protocol import ApiError
from ...state import clock, ids
from ...state.store import Store
from .system_policies import SYSTEM_POLICIES

USER_KIND, GROUP_KIND, ROLE_KIND = "ram.user", "ram.group", "ram.role"
POLICY_KIND, ATTACHMENT_KIND = "ram.policy", "ram.attachment"
ENTITY_KINDS = {"User": USER_KIND, "Group": GROUP_KIND, "Role": ROLE_KIND}
SERVICE_ROLES = {"actiontrail.aliyuncs.com": "AliyunServiceRoleForActionTrail"}
MAX_DOCUMENT = 6144
MAX_VERSIONS = 5
ROTATE_STRATEGIES = ("None", "DeleteOldestNonDefaultVersionWhenLimitExceeded")
_iso = clock.iso_seconds

def starter_id(name: str) -> str:
    """A starter principal's 16-digit id, the same on every run (hash() of a str changes per process)."""
    return str(int(hashlib.sha256(name.encode()).hexdigest(), 16))[:16]


# principals ---------------------------------------------------------------------------------
def find_entity(store: Store, kind: str, name: str) -> dict | None:
    return store.get(ENTITY_KINDS[kind], name)


def entity(store: Store, kind: str, name: str) -> dict:
    """A user, group or role by name (kind "User", "Group" or "Role")."""
    found = find_entity(store, kind, name)
    if found is None:
        raise ApiError(404, f"EntityNotExist.{kind}", f"The {kind.lower()} does not exist: {name}")
    return found


def entities(store: Store, kind: str) -> list[dict]:
    return store.list(ENTITY_KINDS[kind])


def ensure_free(store: Store, kind: str, name: str) -> None:
    if find_entity(store, kind, name):
        raise ApiError(409, f"EntityAlreadyExists.{kind}", f"The {kind.lower()} already exists: {name}")


def create_entity(store: Store, kind: str, name: str, comments: str, display_name: str, more: dict) -> dict:
    """A new principal; `more` adds the kind's own fields (a role's ARN and trust policy)."""
    with store.transaction():
        ensure_free(store, kind, name)
        made = {f"{kind}Name": name, "CreateDate": _iso(clock.now(store)), "UpdateDate": _iso(clock.now(store)),
                f"{kind}Id": str(ids.new_uuid(store).int)[-16:], "Comments": comments, "DisplayName": display_name}
        made.update(more)
        store.put(ENTITY_KINDS[kind], name, made)
    return made


def role_arn(account_id: str, name: str) -> str:
    return f"acs:ram::{account_id}:role/{name.lower()}"


def role_by_arn(store: Store, arn: str) -> dict | None:
    """A role by ARN, any case (SLS checks the role a Logstore's BYOK key is reached through)."""
    return next((r for r in store.list(ROLE_KIND) if r.get("Arn", "").lower() == arn.lower()), None)


def create_service_linked_role(store: Store, account_id: str, service: str) -> dict:
    name = SERVICE_ROLES.get(service)
    if name is None:
        raise ApiError(400, "InvalidParameter.ServiceName", f"The service {service} has no service-linked role.")
    with store.transaction():
        if store.get(ROLE_KIND, name):
            raise ApiError(409, "EntityAlreadyExists.Role", f"The role already exists: {name}")
        trust = json.dumps({"Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow",
                                           "Principal": {"Service": [service]}}], "Version": "1"})
        role = {"RoleName": name, "RoleId": str(ids.new_uuid(store).int)[-16:], "CreateDate": _iso(clock.now(store)),
                "Arn": role_arn(account_id, name), "AssumeRolePolicyDocument": trust,
                "Description": f"Service-linked role for {service}", "IsServiceLinkedRole": True,
                "MaxSessionDuration": 3600}
        store.put(ROLE_KIND, name, role)
    return role


# policies -----------------------------------------------------------------------------------
def checked_document(text: str) -> str:
    """A policy document (or a role's trust policy): JSON with Version "1" and Statement, at most 6144 characters."""
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


def policy(store: Store, name: str, policy_type: str | None = None) -> dict:
    """A policy of the given type ("System" or "Custom"), else the custom one first, then the system one."""
    for kind in ([policy_type] if policy_type else ["Custom", "System"]):
        if kind == "System" and name in SYSTEM_POLICIES:
            description, doc = SYSTEM_POLICIES[name]
            return {"PolicyName": name, "PolicyType": "System", "Description": description, "DefaultVersion": "v1",
                    "CreateDate": "2015-01-01T00:00:00Z", "UpdateDate": "2015-01-01T00:00:00Z",
                    "Versions": [{"VersionId": "v1", "IsDefaultVersion": True, "CreateDate": "2015-01-01T00:00:00Z",
                                  "PolicyDocument": json.dumps(doc)}]}
        if kind == "Custom":
            found = store.get(POLICY_KIND, f"Custom/{name}")
            if found:
                return found
    raise ApiError(404, "EntityNotExist.Policy", f"The policy does not exist: {name}")


def system_policies(store: Store) -> list[dict]:
    return [policy(store, name, "System") for name in sorted(SYSTEM_POLICIES)]


def custom_policies(store: Store) -> list[dict]:
    return store.list(POLICY_KIND, "Custom/")


def _save(store: Store, found: dict) -> None:
    store.put(POLICY_KIND, f"Custom/{found['PolicyName']}", found)


def default_version(found: dict) -> dict:
    return next(v for v in found["Versions"] if v["IsDefaultVersion"])


def version(found: dict, version_id: str) -> dict:
    chosen = next((v for v in found["Versions"] if v["VersionId"] == version_id), None)
    if chosen is None:
        raise ApiError(404, "EntityNotExist.Policy.Version", f"The policy version does not exist: {version_id}")
    return chosen


def create_policy(store: Store, name: str, description: str, document: str) -> dict:
    with store.transaction():
        if name in SYSTEM_POLICIES or store.get(POLICY_KIND, f"Custom/{name}"):
            raise ApiError(409, "EntityAlreadyExists.Policy", f"The policy already exists: {name}")
        now = _iso(clock.now(store))
        made = {"PolicyName": name, "PolicyType": "Custom", "Description": description,
                "DefaultVersion": "v1", "CreateDate": now, "UpdateDate": now,
                "Versions": [{"VersionId": "v1", "IsDefaultVersion": True, "CreateDate": now,
                              "PolicyDocument": document}]}
        _save(store, made)
    return made


def create_policy_version(store: Store, name: str, document: str, strategy: str, set_as_default: bool) -> dict:
    """RAM keeps at most five versions; RotateStrategy lets it drop the oldest non-default one (never the default)."""
    with store.transaction():
        found = policy(store, name, "Custom")
        versions = found["Versions"]
        if len(versions) >= MAX_VERSIONS:
            if strategy == "None":
                raise ApiError(409, "LimitExceeded.Policy.Version", f"A policy keeps at most {MAX_VERSIONS} versions.")
            oldest = min((v for v in versions if not v["IsDefaultVersion"]), key=lambda v: int(v["VersionId"][1:]))
            versions.remove(oldest)
        number = max(int(v["VersionId"][1:]) for v in versions) + 1
        made = {"VersionId": f"v{number}", "IsDefaultVersion": False, "CreateDate": _iso(clock.now(store)),
                "PolicyDocument": document}
        versions.append(made)
        if set_as_default:
            for v in versions:
                v["IsDefaultVersion"] = v is made
            found["DefaultVersion"] = made["VersionId"]
        found["UpdateDate"] = made["CreateDate"]
        _save(store, found)
    return made


def set_default_version(store: Store, name: str, version_id: str) -> None:
    with store.transaction():
        found = policy(store, name, "Custom")
        chosen = version(found, version_id)
        for v in found["Versions"]:
            v["IsDefaultVersion"] = v is chosen
        found["DefaultVersion"] = chosen["VersionId"]
        found["UpdateDate"] = _iso(clock.now(store))
        _save(store, found)


def delete_version(store: Store, name: str, version_id: str) -> None:
    with store.transaction():
        found = policy(store, name, "Custom")
        chosen = version(found, version_id)
        if chosen["IsDefaultVersion"]:
            raise ApiError(409, "DeleteConflict.PolicyVersion.Default", "The default version of a policy cannot "
                           "be deleted.")
        found["Versions"].remove(chosen)
        _save(store, found)


def delete_policy(store: Store, name: str) -> None:
    with store.transaction():
        found = policy(store, name, "Custom")
        if store.list(ATTACHMENT_KIND, f"Custom/{found['PolicyName']}/"):
            raise ApiError(409, "DeleteConflict.Policy.Attachment", "The policy is still attached.")
        if len(found["Versions"]) > 1:
            raise ApiError(409, "DeleteConflict.Policy.Version", "Delete the non-default versions first.")
        store.delete(POLICY_KIND, f"Custom/{found['PolicyName']}")


# attachments --------------------------------------------------------------------------------
def attachments_of_policy(store: Store, found: dict) -> list[dict]:
    return store.list(ATTACHMENT_KIND, f"{found['PolicyType']}/{found['PolicyName']}/")


def attachments_of(store: Store, kind: str, name: str) -> list[dict]:
    return [a for a in store.list(ATTACHMENT_KIND) if a["Kind"] == kind and a["Name"] == name]


def attach(store: Store, policy_type: str, policy_name: str, kind: str, name: str) -> None:
    with store.transaction():
        found = policy(store, policy_name, policy_type)
        who = entity(store, kind, name)[f"{kind}Name"]
        key = f"{found['PolicyType']}/{found['PolicyName']}/{kind}/{who}"
        if store.get(ATTACHMENT_KIND, key):
            raise ApiError(409, f"EntityAlreadyExists.{kind}.Policy", f"The policy is already attached to {who}.")
        store.put(ATTACHMENT_KIND, key, {"PolicyType": found["PolicyType"], "PolicyName": found["PolicyName"],
                                         "Kind": kind, "Name": who, "AttachDate": _iso(clock.now(store))})


def detach(store: Store, policy_type: str, policy_name: str, kind: str, name: str) -> None:
    with store.transaction():
        if not store.delete(ATTACHMENT_KIND, f"{policy_type}/{policy_name}/{kind}/{name}"):
            raise ApiError(404, f"EntityNotExist.{kind}.Policy", "The policy is not attached.")
