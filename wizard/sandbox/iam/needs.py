"""The one table: each served API's RAM action and the resource ARN it is authorised on, from each service's
"RAM authorization" page (the pages are cited per service in FIDELITY.md, "RAM authorization").

`Facts` is what a request says about itself (its service, operation, region, account, parameters, and for OSS
and SLS the bucket, object, project and their owner); each row turns facts into `Need`s: one RAM action on one
or more ARNs, with the service's own condition keys. An API the page documents as "All Resources" (operation-level
authorisation: ActionTrail, the alert rules, the Resource Directory, RAM's account settings) is authorised on
`acs:<service>:<region>:<account>:*`, which a policy's `*` and `acs:<service>:*:<account>:*` cover and a narrower
ARN does not. A row whose resource cannot be named (a KMS key that does not exist) has no need: the service then
answers its own not-found error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

RPC_SERVICES = ("sts", "actiontrail", "kms", "ram", "resourcemanager")


@dataclass
class Facts:
    service: str  # sts | actiontrail | kms | ram | resourcemanager | oss | sls
    operation: str
    region: str
    account: str  # the caller's account: RPC resources belong to it
    params: dict = field(default_factory=dict)  # RPC parameters; OSS query; SLS path arguments, query and body
    owner: str = ""  # OSS / SLS: the account owning the bucket or project ("" for one that does not exist yet)
    bucket: str = ""
    key: str = ""  # OSS object key
    project: str = ""
    resolve_key: Callable[[str], str | None] = lambda ref: None  # KMS: id, ARN or alias -> key id
    secure: bool = False  # acs:SecureTransport: the request came over HTTPS
    source_ip: str = ""  # acs:SourceIp

    @property
    def holder(self) -> str:
        return self.owner or self.account


@dataclass(frozen=True)
class Need:
    action: str
    resources: tuple[str, ...]
    context: tuple[tuple[str, str], ...] = ()  # the service's own condition keys for this request


Row = Callable[[Facts], list[Need]]


def _need(action: str, *resources: str, **context: str) -> list[Need]:
    return [Need(action, resources, tuple((k.replace("__", ":"), v) for k, v in context.items()))]


def _all(service_code: str, region: str | None = None) -> Callable[[str, Facts], list[Need]]:
    """An operation-level API: authorised on acs:<code>:<region>:<account>:*."""
    return lambda action, f: _need(action, f"acs:{service_code}:{region or f.region}:{f.account}:*")


def _rows(service: str, actions: dict[str, Row]) -> dict[tuple[str, str], Row]:
    return {(service, api): row for api, row in actions.items()}


def _passed(role_arn: str | None, service: str) -> list[Need]:
    """ram:PassRole on a role handed to a cloud service, with acs:Service naming that service."""
    if not role_arn:
        return []
    return _need("ram:PassRole", f"acs:ram:*:{role_arn.split(':')[3] or '*'}:{role_arn.split(':', 4)[-1]}",
                 acs__Service=service) if role_arn.count(":") >= 4 else []


# -- ActionTrail: "the supported authorization granularity is OPERATION" ------------------------------------------
_trail = _all("actiontrail")
ACTIONTRAIL = _rows("actiontrail", {
    **{api: (lambda f, a=api: _trail(f"actiontrail:{a}", f)) for api in (
        "DescribeTrails", "GetTrailStatus", "StartLogging", "StopLogging", "DeleteTrail", "LookupEvents",
        "CreateDeliveryHistoryJob", "GetDeliveryHistoryJob", "ListDeliveryHistoryJobs")},
    **{api: (lambda f, a=api: _trail(f"actiontrail:{a}", f)
             + _passed(f.params.get("SlsWriteRoleArn"), "actiontrail.aliyuncs.com")
             + _passed(f.params.get("OssWriteRoleArn"), "actiontrail.aliyuncs.com"))
       for api in ("CreateTrail", "UpdateTrail")},
})


# -- KMS: key container, alias container, key, alias ---------------------------------------------------------------
def _kms_key(action: str, field_name: str = "KeyId") -> Row:
    def row(f: Facts) -> list[Need]:
        key_id = f.resolve_key(f.params.get(field_name, ""))
        return _need(action, f"acs:kms:{f.region}:{f.account}:key/{key_id}") if key_id else []
    return row


def _create_alias(f: Facts) -> list[Need]:
    key_id = f.resolve_key(f.params.get("KeyId", ""))
    alias = f"acs:kms:{f.region}:{f.account}:{f.params.get('AliasName', '')}"
    return _need("kms:CreateAlias", alias, f"acs:kms:{f.region}:{f.account}:key/{key_id}") if key_id else []


KMS = _rows("kms", {
    "CreateKey": lambda f: _need("kms:CreateKey", f"acs:kms:{f.region}:{f.account}:key"),
    "ListKeys": lambda f: _need("kms:ListKeys", f"acs:kms:{f.region}:{f.account}:key"),
    "ListAliases": lambda f: _need("kms:ListAliases", f"acs:kms:{f.region}:{f.account}:alias"),
    "CreateAlias": _create_alias,
    "SetDeletionProtection": _kms_key("kms:SetDeletionProtection", "ProtectedResourceArn"),
    **{api: _kms_key(f"kms:{api}") for api in (
        "DescribeKey", "ListAliasesByKeyId", "UpdateRotationPolicy", "EnableKey", "DisableKey",
        "ScheduleKeyDeletion", "TagResource", "UntagResource", "ListResourceTags")},
})


# -- RAM: users, groups, roles, policies (system policies are acs:ram:*:system:policy/<name>) ---------------------
def _ram(f: Facts, kind: str, name: str | None) -> str:
    return f"acs:ram:*:{f.account}:{kind}/{name or '*'}"


def _policy(f: Facts) -> str:
    owner = "system" if f.params.get("PolicyType") == "System" else f.account
    return f"acs:ram:*:{owner}:policy/{f.params.get('PolicyName', '')}"


def _own_user(f: Facts) -> str:
    return f.params.get("UserName") or f.params.get("_caller_user", "") or "*"


_ram_all = _all("ram", "*")
_ENTITY_FIELD = {"User": "UserName", "Group": "GroupName", "Role": "RoleName"}
RAM = _rows("ram", {
    **{f"Create{kind}": (lambda f, k=kind: _need(f"ram:Create{k}", _ram(f, k.lower(), f.params.get(_ENTITY_FIELD[k]))))
       for kind in ("User", "Group", "Role")},
    **{f"List{kind}s": (lambda f, k=kind: _need(f"ram:List{k}s", _ram(f, k.lower(), None)))
       for kind in ("User", "Group", "Role")},
    "GetRole": lambda f: _need("ram:GetRole", _ram(f, "role", f.params.get("RoleName"))),
    "GetUser": lambda f: _need("ram:GetUser", _ram(f, "user", f.params.get("UserName"))),
    "GetGroup": lambda f: _need("ram:GetGroup", _ram(f, "group", f.params.get("GroupName"))),
    "CreateServiceLinkedRole": lambda f: _need("ram:CreateServiceLinkedRole", _ram(f, "role", None),
                                               ram__ServiceName=f.params.get("ServiceName", "")),
    "ListPolicies": lambda f: _need("ram:ListPolicies", _ram(f, "policy", None)),
    **{api: (lambda f, a=api: _need(f"ram:{a}", _policy(f))) for api in (
        "CreatePolicy", "GetPolicy", "CreatePolicyVersion", "GetPolicyVersion", "ListPolicyVersions",
        "SetDefaultPolicyVersion", "DeletePolicyVersion", "DeletePolicy", "ListEntitiesForPolicy")},
    **{f"{verb}PolicyTo{kind}" if verb == "Attach" else f"{verb}PolicyFrom{kind}":
       (lambda f, v=verb, k=kind: _need(f"ram:{v}PolicyTo{k}" if v == "Attach" else f"ram:{v}PolicyFrom{k}",
                                        _policy(f), _ram(f, k.lower(), f.params.get(_ENTITY_FIELD[k]))))
       for verb in ("Attach", "Detach") for kind in ("User", "Group", "Role")},
    **{f"ListPoliciesFor{kind}": (lambda f, k=kind: _need(f"ram:ListPoliciesFor{k}",
                                                          _ram(f, k.lower(), f.params.get(_ENTITY_FIELD[k]))))
       for kind in ("User", "Group", "Role")},
    **{api: (lambda f, a=api: _need(f"ram:{a}", _ram(f, "user", _own_user(f)))) for api in (
        "ListAccessKeys", "CreateAccessKey", "DeleteAccessKey", "CreateLoginProfile", "GetLoginProfile",
        "ListGroupsForUser")},
    "ListUsersForGroup": lambda f: _need("ram:ListUsersForGroup", _ram(f, "group", f.params.get("GroupName"))),
    **{api: (lambda f, a=api: _need(f"ram:{a}", _ram(f, "group", f.params.get("GroupName")),
                                    _ram(f, "user", f.params.get("UserName"))))
       for api in ("AddUserToGroup", "RemoveUserFromGroup")},
    **{api: (lambda f, a=api: _ram_all(f"ram:{a}", f)) for api in (
        "ListVirtualMFADevices", "GetPasswordPolicy", "GetAccountAlias", "GetSecurityPreference")},
})


# -- STS: AssumeRole on the role's ARN; GetCallerIdentity needs no permission ---------------------------------------
def _assume_role(f: Facts) -> list[Need]:
    arn = f.params.get("RoleArn", "")
    parts = arn.split(":", 4)
    return _need("sts:AssumeRole", f"acs:ram:*:{parts[3]}:{parts[4]}") if len(parts) == 5 else []


STS = _rows("sts", {"GetCallerIdentity": lambda f: [], "AssumeRole": _assume_role})

# -- Resource Management: Resource Directory calls authorise at operation level ----------------------------------
RESOURCEMANAGER = _rows("resourcemanager", {api: (lambda f, a=api: _all("resourcemanager", "*")(
    f"resourcemanager:{a}", f)) for api in ("GetResourceDirectory", "InitResourceDirectory",
                                            "EnableResourceDirectory", "ListDelegatedAdministrators",
                                            "RegisterDelegatedAdministrator")})


# -- OSS: acs:oss:<region>:<bucket owner>:<bucket>[/<object>] -----------------------------------------------------
def _bucket(action: str) -> Row:
    return lambda f: _need(action, f"acs:oss:{f.region}:{f.holder}:{f.bucket}")


def _object(action: str) -> Row:
    return lambda f: _need(action, f"acs:oss:{f.region}:{f.holder}:{f.bucket}/{f.key}")


def _list_objects(f: Facts) -> list[Need]:
    listing = {k: f.params[q] for k, q in (("oss__Prefix", "prefix"), ("oss__Delimiter", "delimiter"))
               if q in f.params}
    return _need("oss:ListObjects", f"acs:oss:{f.region}:{f.holder}:{f.bucket}", **listing)


_BUCKET_APIS = ("PutBucket", "DeleteBucket", "GetBucketInfo", "GetBucketLocation", "GetBucketAcl", "PutBucketAcl",
                "GetBucketEncryption", "PutBucketEncryption", "DeleteBucketEncryption", "GetBucketPublicAccessBlock",
                "PutBucketPublicAccessBlock", "DeleteBucketPublicAccessBlock", "GetBucketPolicy", "PutBucketPolicy",
                "DeleteBucketPolicy", "GetBucketVersioning", "PutBucketVersioning", "GetBucketLogging",
                "PutBucketLogging", "DeleteBucketLogging", "InitiateBucketWorm", "CompleteBucketWorm",
                "ExtendBucketWorm", "AbortBucketWorm", "GetBucketWorm")
OSS = _rows("oss", {
    "ListBuckets": lambda f: _need("oss:ListBuckets", f"acs:oss:{f.region}:{f.account}:*"),
    **{api: (lambda f, a=api: _need(f"oss:{a}", f"acs:oss:*:{f.account}:*")) for api in (
        "GetPublicAccessBlock", "PutPublicAccessBlock", "DeletePublicAccessBlock")},
    **{api: _bucket(f"oss:{api}") for api in _BUCKET_APIS},
    "ListObjects": _list_objects, "ListObjectsV2": _list_objects,
    "PutObject": _object("oss:PutObject"), "GetObject": _object("oss:GetObject"),
    "HeadObject": _object("oss:GetObject"), "DeleteObject": _object("oss:DeleteObject"),
})


# -- Log Service: project, Logstore, resource records; the alert rules are "All Resources" -----------------------
def _project(action: str, name_field: str | None = None) -> Row:
    return lambda f: _need(action, f"acs:log:{f.region}:{f.holder}:project/"
                                   f"{f.params.get(name_field, '') if name_field else f.project}")


def _logstore(action: str, field_name: str = "name") -> Row:
    return lambda f: _need(action, f"acs:log:{f.region}:{f.holder}:project/{f.project}/logstore/"
                                   f"{f.params.get(field_name, '')}")


def _records(action: str) -> Row:
    return lambda f: _need(action, f"acs:log:{f.region}:{f.account}:resource/{f.params.get('resource', '')}")


def _cmk_role(f: Facts) -> str | None:
    conf = f.params.get("encrypt_conf") or {}
    cmk = (conf.get("user_cmk_info") if isinstance(conf, dict) else None) or f.params.get("userCmkInfo") or {}
    return (cmk.get("arn") or cmk.get("roleArn")) if isinstance(cmk, dict) else None


_alert = _all("log")
SLS = _rows("sls", {
    "CreateProject": _project("log:CreateProject", "projectName"),
    "GetProject": _project("log:GetProject"),
    "ListProject": lambda f: _need("log:ListProject", f"acs:log:{f.region}:{f.account}:project/*"),
    "CreateLogStore": lambda f: _logstore("log:CreateLogStore", "logstoreName")(f)
    + _passed(_cmk_role(f), "log.aliyuncs.com"),
    "ListLogStores": lambda f: _need("log:ListLogStores", f"acs:log:{f.region}:{f.holder}:project/{f.project}/"
                                                          "logstore/*"),
    "GetLogStore": _logstore("log:GetLogStore"), "UpdateLogStore": _logstore("log:UpdateLogStore"),
    "GetLogsV2": _logstore("log:GetLogStoreLogs"),
    "CreateIndex": _logstore("log:CreateIndex"), "PutLogs": _logstore("log:PostLogStoreLogs"),
    "UpdateLogStoreEncryption": lambda f: _logstore("log:UpdateLogStoreEncryption")(f)
    + _passed(_cmk_role(f), "log.aliyuncs.com"),
    **{api: (lambda f, a=api: _alert(f"log:{a}", f)) for api in (
        "CreateAlert", "ListAlerts", "GetAlert", "UpdateAlert", "EnableAlert", "DisableAlert", "DeleteAlert")},
    "UpsertResourceRecord": _records("log:UpsertResourceRecord"),
    "CreateResourceRecord": _records("log:CreateResourceRecord"),
    "ListResourceRecord": _records("log:ListResourceRecords"),
    "GetResourceRecord": _records("log:GetResourceRecord"),
    "UpdateResourceRecord": _records("log:UpdateResourceRecord"),
    "DeleteResourceRecord": _records("log:DeleteResourceRecord"),
})

TABLE: dict[tuple[str, str], Row] = {**ACTIONTRAIL, **KMS, **RAM, **STS, **RESOURCEMANAGER, **OSS, **SLS}


def needs(facts: Facts) -> list[Need] | None:
    """What a request needs; None for an API the table does not know (refused: nothing can be allowed unseen)."""
    row = TABLE.get((facts.service, facts.operation))
    return None if row is None else row(facts)
