"""Each API the wizard calls, as the RAM action that authorises it and the narrowest resource that action accepts.

From the "RAM authorization" page of each service (cited in wizard/sandbox/FIDELITY.md, "Authorisation by RAM
policy", whose sandbox enforces the same table) and proven by running the wizard as a RAM user holding exactly the
operator policy (tests/sandbox/test_operator_policy_by_execution.py). ActionTrail authorises at operation level
("the supported authorization granularity is OPERATION"): every action on acs:actiontrail:<region>:<account>:*, so
no policy can confine a holder to one trail. So do the SLS alert rules (log:CreateAlert, ... on All Resources).
OSS buckets and objects are acs:oss:*:<account>:<bucket>[/<key>]; Log Service projects, Logstores and resource
records (log:UpsertResourceRecord on resource/<name>); KMS keys, the key container (CreateKey, ListKeys) and the
alias container (ListAliases); RAM users, groups, roles and policies, a system policy as
acs:ram:*:system:policy/<name>. Where the resource is only known once an earlier call answers (a new key's id), the
pattern is as narrow as it can be beforehand (key/* in the home region). A parameter may name the resource
(Bucket, GroupName, KeyId, ...); a "${...}" reference is not known yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from wizard.core.approval import APPROVALS_LOGSTORE, record_prefix
from wizard.core.names import (
    APPLY_LOCK_PREFIX,
    SERVICE_LINKED_ROLE,
    SERVICE_PRINCIPAL,
    SLS_CMK_ROLE,
    SLS_PRINCIPAL,
    key_alias,
)
from wizard.core.settings import Settings


@dataclass(frozen=True)
class Scope:
    settings: Settings
    account: str  # the account id, or "*" when it is not known (offline)
    key_id: str | None = None  # the trail's existing key, when known

    @property
    def region(self) -> str:
        return self.settings.region


@dataclass(frozen=True)
class Grant:
    """One RAM action on some resources, maybe under a condition."""

    action: str
    resources: tuple[str, ...]
    condition: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (operator, key, values)


Resources = Callable[[Scope, dict], tuple[str, ...]]


def _known(value) -> str | None:
    return value if isinstance(value, str) and value and "${" not in value else None


def trails(s: Scope, p: dict) -> tuple[str, ...]:
    """Every ActionTrail API: operation-level authorisation ("All Resources"), never trail/<name>."""
    return (f"acs:actiontrail:{s.region}:{s.account}:*",)


def bucket(s: Scope, p: dict) -> tuple[str, ...]:
    return (f"acs:oss:*:{s.account}:{p.get('Bucket') or s.settings.oss.bucket}",)


def all_buckets(s: Scope, p: dict) -> tuple[str, ...]:
    return (f"acs:oss:*:{s.account}:*",)


def all_projects(s: Scope, p: dict) -> tuple[str, ...]:
    return (f"acs:log:{s.region}:{s.account}:project/*",)


def project(s: Scope, p: dict) -> tuple[str, ...]:
    return (f"acs:log:{s.region}:{s.account}:project/{s.settings.sls.project}",)


def logstore(s: Scope, p: dict) -> tuple[str, ...]:
    name = p.get("logstoreName") or p.get("logstore") or s.settings.logstore_name
    return (f"acs:log:{s.region}:{s.account}:project/{s.settings.sls.project}/logstore/{name}",)


def approvals_logstore(s: Scope, p: dict) -> tuple[str, ...]:
    """The approvals Logstore; `verify` reads the trail's own (a `logstore` parameter)."""
    name = p.get("logstore") or APPROVALS_LOGSTORE
    return (f"acs:log:{s.region}:{s.account}:project/{s.settings.sls.project}/logstore/{name}",)


def _record_prefixes(s: Scope) -> tuple[str, ...]:
    """The wizard's own objects in the log bucket: this trail's approved settings and the apply lock's records."""
    return (record_prefix(s.settings.trail.name), APPLY_LOCK_PREFIX)


def records_objects(s: Scope, p: dict) -> tuple[str, ...]:
    """The wizard's records in its bucket (approved settings, apply lock), and nothing else of the bucket; `verify`
    reads the trail's delivered files (a `Prefix` parameter: <prefix>/AliyunLogs/Actiontrail/)."""
    bucket_name = p.get("Bucket") or s.settings.oss.bucket
    prefixes = (p["Prefix"],) if p.get("Prefix") else _record_prefixes(s)
    return tuple(f"acs:oss:*:{s.account}:{bucket_name}/{prefix}*" for prefix in prefixes)


def records_prefix(s: Scope, p: dict) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    prefixes = (p["Prefix"],) if p.get("Prefix") else _record_prefixes(s)
    return (("StringLike", "oss:Prefix", tuple(f"{prefix}*" for prefix in prefixes)),)


def alert_rules(s: Scope, p: dict) -> tuple[str, ...]:
    """The SLS alert rules: "All Resources" on the SLS RAM authorization page (log:CreateAlert, ...)."""
    return (f"acs:log:{s.region}:{s.account}:*",)


def records(s: Scope, p: dict) -> tuple[str, ...]:
    """Alert resource records of one kind (users, webhooks, action policies); discovery reads the action policy and
    every recipient record the settings name (alerts/notify.recipient_ids)."""
    from wizard.core.alerts.notify import recipient_ids

    named = p.get("resourceName") or p.get("resource")
    kinds = [named] if named else ["sls.alert.action_policy", *dict.fromkeys(r for r, _ in recipient_ids(s.settings))]
    return tuple(f"acs:log:{s.region}:{s.account}:resource/{kind}" for kind in kinds)


def key(s: Scope, p: dict) -> tuple[str, ...]:
    named = _known(p.get("KeyId")) or _known(p.get("ProtectedResourceArn")) or s.key_id
    if named and named.startswith("acs:kms:"):
        return (named,)
    return (f"acs:kms:{s.region}:{s.account}:key/{named or '*'}",)


def key_container(s: Scope, p: dict) -> tuple[str, ...]:
    """CreateKey and ListKeys: the region's key container, acs:kms:<region>:<account>:key."""
    return (f"acs:kms:{s.region}:{s.account}:key",)


def new_key(s: Scope, p: dict) -> tuple[str, ...]:
    return (f"acs:kms:{s.region}:{s.account}:key/*",)  # its id does not exist yet


def alias_container(s: Scope, p: dict) -> tuple[str, ...]:
    return (f"acs:kms:{s.region}:{s.account}:alias",)


def key_and_alias(s: Scope, p: dict) -> tuple[str, ...]:
    alias = p.get("AliasName") or key_alias(s.settings.trail.name)
    return (*key(s, p), f"acs:kms:{s.region}:{s.account}:{alias}")


def directory(s: Scope, p: dict) -> tuple[str, ...]:
    """The Resource Directory's calls: operation level, global."""
    return (f"acs:resourcemanager:*:{s.account}:*",)


def _ram(kind: str, name: str, s: Scope) -> str:
    return f"acs:ram:*:{s.account}:{kind}/{name}"


def policy(s: Scope, p: dict) -> tuple[str, ...]:
    name = p.get("PolicyName") or s.settings.access.auditor_policy
    if p.get("PolicyType") == "System":  # a system policy's ARN names "system", not the account
        return (f"acs:ram:*:system:policy/{name}",)
    return (_ram("policy", name, s),)


def policies(s: Scope, p: dict) -> tuple[str, ...]:
    return (_ram("policy", "*", s),)


def any_policies(s: Scope, p: dict) -> tuple[str, ...]:
    """Reads of custom and system policies (who holds AdministratorAccess, AliyunActionTrailFullAccess)."""
    return (_ram("policy", "*", s), "acs:ram:*:system:policy/*")


def role(s: Scope, p: dict) -> tuple[str, ...]:
    return (_ram("role", p.get("RoleName") or SERVICE_LINKED_ROLE, s),)


def entities(kind: str) -> Resources:
    return lambda s, p: (_ram(kind, "*", s),)


def attachment(kind: str) -> Resources:
    field = {"user": "UserName", "group": "GroupName", "role": "RoleName"}[kind]
    return lambda s, p: (*policy(s, p), _ram(kind, p.get(field) or "*", s))


def group(s: Scope, p: dict) -> tuple[str, ...]:
    return (_ram("group", p.get("GroupName") or s.settings.access.admin_group or "*", s),)


def membership(s: Scope, p: dict) -> tuple[str, ...]:
    """AddUserToGroup authorises on the user and the group (RAM API reference)."""
    return (_ram("user", p.get("UserName") or "*", s), *group(s, p))


def service_roles(s: Scope, p: dict) -> tuple[str, ...]:
    return (_ram("role", "*", s),)


@dataclass(frozen=True)
class Permission:
    actions: tuple[str, ...]
    resources: Resources
    condition: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    condition_for: Callable[[Scope, dict], tuple] | None = None  # a condition that depends on the settings

    def grants(self, scope: Scope, params: dict) -> list[Grant]:
        found = self.resources(scope, params)
        condition = self.condition_for(scope, params) if self.condition_for else self.condition
        return [Grant(action, found, condition) for action in self.actions]


def _p(*actions: str, on: Resources, condition=(), condition_for=None) -> Permission:
    return Permission(tuple(actions), on, condition, condition_for)


# (service, API) -> Permission (or several, for a call that is one step of several API calls).
# sts:GetCallerIdentity needs no permission (None).
PERMISSIONS: dict[tuple[str, str], Permission | tuple[Permission, ...] | None] = {
    ("sts", "GetCallerIdentity"): None,
    ("actiontrail", "DescribeTrails"): _p("actiontrail:DescribeTrails", on=trails),
    ("actiontrail", "GetTrailStatus"): _p("actiontrail:GetTrailStatus", on=trails),
    ("actiontrail", "LookupEvents"): _p("actiontrail:LookupEvents", on=trails),
    ("actiontrail", "CreateTrail"): _p("actiontrail:CreateTrail", on=trails),
    ("actiontrail", "UpdateTrail"): _p("actiontrail:UpdateTrail", on=trails),
    ("actiontrail", "StartLogging"): _p("actiontrail:StartLogging", on=trails),
    ("actiontrail", "CreateDeliveryHistoryJob"): _p("actiontrail:CreateDeliveryHistoryJob", on=trails),
    ("actiontrail", "GetDeliveryHistoryJob"): _p("actiontrail:GetDeliveryHistoryJob", on=trails),
    ("actiontrail", "ListDeliveryHistoryJobs"): _p("actiontrail:ListDeliveryHistoryJobs", on=trails),
    ("oss", "ListBuckets"): _p("oss:ListBuckets", on=all_buckets),
    ("sls", "ListProject"): _p("log:ListProject", on=all_projects),
    ("kms", "ListAliases"): _p("kms:ListAliases", on=alias_container),
    **{("oss", api): _p(f"oss:{api}", on=bucket) for api in (
        "GetBucketInfo", "GetBucketAcl", "GetBucketPublicAccessBlock", "GetBucketPolicy", "GetBucketEncryption",
        "GetBucketWorm", "GetBucketVersioning", "GetBucketLogging", "PutBucket", "PutBucketAcl",
        "PutBucketPublicAccessBlock", "PutBucketEncryption", "PutBucketPolicy", "PutBucketLogging",
        "InitiateBucketWorm", "CompleteBucketWorm", "ExtendBucketWorm")},
    ("oss", "ListObjectsV2"): _p("oss:ListObjects", on=bucket, condition_for=records_prefix),
    ("oss", "GetObject"): _p("oss:GetObject", on=records_objects),
    ("oss", "PutObject"): _p("oss:PutObject", on=records_objects),
    ("sls", "GetLogsV2"): _p("log:GetLogStoreLogs", on=approvals_logstore),
    ("sls", "PutLogs"): _p("log:PostLogStoreLogs", on=approvals_logstore),
    ("sls", "CreateIndex"): _p("log:CreateIndex", on=approvals_logstore),
    ("sls", "GetProject"): _p("log:GetProject", on=project),
    ("sls", "CreateProject"): _p("log:CreateProject", on=project),
    ("sls", "GetLogStore"): _p("log:GetLogStore", on=logstore),
    ("sls", "CreateLogStore"): _p("log:CreateLogStore", on=logstore),
    ("sls", "UpdateLogStore"): _p("log:UpdateLogStore", on=logstore),
    ("sls", "UpdateLogStoreEncryption"): _p("log:UpdateLogStoreEncryption", on=logstore),
    ("sls", "ListAlerts"): _p("log:ListAlerts", on=alert_rules),
    ("sls", "GetAlert"): _p("log:GetAlert", on=alert_rules),
    ("sls", "CreateAlert"): _p("log:CreateAlert", on=alert_rules),
    ("sls", "UpdateAlert"): _p("log:UpdateAlert", on=alert_rules),
    ("sls", "EnableAlert"): _p("log:EnableAlert", on=alert_rules),
    ("sls", "GetResourceRecord"): _p("log:GetResourceRecord", on=records),
    ("sls", "UpsertResourceRecord"): _p("log:UpsertResourceRecord", on=records),
    ("kms", "DescribeKey"): _p("kms:DescribeKey", on=key_and_alias),
    ("kms", "ListAliasesByKeyId"): _p("kms:ListAliasesByKeyId", on=key),
    ("kms", "ListKeys"): _p("kms:ListKeys", on=key_container),
    ("kms", "ListResourceTags"): _p("kms:ListResourceTags", on=key),
    # CreateKey is one step with the key's alias and deletion protection (cloud/apply/calls/kms.py)
    ("kms", "CreateKey"): (_p("kms:CreateKey", on=key_container), _p("kms:SetDeletionProtection", on=new_key),
                           _p("kms:CreateAlias", on=key_and_alias)),
    ("kms", "CreateAlias"): _p("kms:CreateAlias", on=key_and_alias),
    ("kms", "UpdateRotationPolicy"): _p("kms:UpdateRotationPolicy", on=key),
    ("kms", "SetDeletionProtection"): _p("kms:SetDeletionProtection", on=key),
    ("kms", "EnableKey"): _p("kms:EnableKey", on=key),
    ("kms", "TagResource"): _p("kms:TagResource", on=key),
    ("ram", "GetRole"): _p("ram:GetRole", on=role),
    ("ram", "ListUsers"): _p("ram:ListUsers", on=entities("user")),
    ("ram", "ListGroups"): _p("ram:ListGroups", on=entities("group")),
    ("ram", "ListRoles"): _p("ram:ListRoles", on=entities("role")),
    ("ram", "ListPolicies"): _p("ram:ListPolicies", on=policies),
    ("ram", "GetPolicy"): _p("ram:GetPolicy", on=any_policies),
    ("ram", "ListEntitiesForPolicy"): _p("ram:ListEntitiesForPolicy", on=any_policies),
    # the admin group's members, and those of any group holding a trail-changing policy (found by discovery)
    ("ram", "ListUsersForGroup"): _p("ram:ListUsersForGroup", on=entities("group")),
    ("ram", "CreateGroup"): _p("ram:CreateGroup", on=group),
    ("ram", "AddUserToGroup"): _p("ram:AddUserToGroup", on=membership),
    ("ram", "CreateServiceLinkedRole"): _p("ram:CreateServiceLinkedRole", on=service_roles, condition=(
        ("StringEquals", "ram:ServiceName", (SERVICE_PRINCIPAL,)),)),
    ("ram", "CreateRole"): _p("ram:CreateRole", on=role),
    ("ram", "CreatePolicy"): _p("ram:CreatePolicy", on=policy),
    ("ram", "CreatePolicyVersion"): _p("ram:CreatePolicyVersion", on=policy),
    ("ram", "AttachPolicyToUser"): _p("ram:AttachPolicyToUser", on=attachment("user")),
    ("ram", "AttachPolicyToGroup"): _p("ram:AttachPolicyToGroup", on=attachment("group")),
    ("ram", "AttachPolicyToRole"): _p("ram:AttachPolicyToRole", on=attachment("role")),
    ("resourcemanager", "GetResourceDirectory"): _p("resourcemanager:GetResourceDirectory", on=directory),
    ("resourcemanager", "ListDelegatedAdministrators"): _p("resourcemanager:ListDelegatedAdministrators", on=directory),
}


def pass_roles(service: str, api: str, params: dict) -> list[tuple[str, str]]:
    """(role, trusted service) pairs a call hands to a cloud service: each needs ram:PassRole."""
    if service == "actiontrail" and api in ("CreateTrail", "UpdateTrail") and params.get("SlsWriteRoleArn"):
        return [(SERVICE_LINKED_ROLE, SERVICE_PRINCIPAL)]
    conf = params.get("encrypt_conf") or {}
    if service == "sls" and (params.get("userCmkInfo") or (isinstance(conf, dict) and conf.get("user_cmk_info"))):
        return [(SLS_CMK_ROLE, SLS_PRINCIPAL)]
    return []


# An object of an SSE-KMS bucket is written with a data key and read by decrypting it: OSS asks KMS as the caller
# ("server-side encryption": the RAM user needs kms:GenerateDataKey to upload, kms:Decrypt to download).
OBJECT_KEY_USE = {"PutObject": "kms:GenerateDataKey", "GetObject": "kms:Decrypt"}


def grants_for(scope: Scope, service: str, api: str, params: dict | None = None) -> list[Grant]:
    """The grants one call needs; KeyError for a call the table does not know (a test keeps it complete)."""
    params = params or {}
    permission = PERMISSIONS[(service, api)]
    permissions = permission if isinstance(permission, tuple) else (permission,) if permission else ()
    found = [grant for each in permissions for grant in each.grants(scope, params)]
    if service == "oss" and api in OBJECT_KEY_USE and scope.settings.oss and scope.settings.oss.kms_key:
        found.append(Grant(OBJECT_KEY_USE[api], key(scope, {})))
    for role_name, trusted in pass_roles(service, api, params):
        found.append(Grant("ram:PassRole", (_ram("role", role_name.lower(), scope),),
                           (("StringEquals", "acs:Service", (trusted,)),)))
    return found
