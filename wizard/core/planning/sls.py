"""The SLS project and the trail's Logstore: created encrypted with its TTL before the trail."""

from __future__ import annotations

import json

from wizard.core.names import SLS_CMK_ROLE, SLS_CMK_ROLE_POLICIES, SLS_PRINCIPAL, role_arn
from wizard.core.plan import Action
from wizard.core.planning.context import PlanContext
from wizard.core.planning.kms import KeyRef

SHARD_COUNT = 2
_WHY = {"AliyunKMSReadOnlyAccess": "Lets Log Service find and describe the customer key through that role.",
        "AliyunKMSCryptoUserAccess": "Lets Log Service encrypt and decrypt with the customer key through that role."}


def _encrypt_conf(ctx: PlanContext, key: KeyRef | None) -> dict:
    conf: dict = {"enable": True, "encrypt_type": "default"}
    if ctx.settings.sls.encryption == "cmk" and key is not None:
        conf["user_cmk_info"] = {"cmk_key_id": key.key_id, "region_id": ctx.region,
                                 "arn": role_arn(ctx.account, SLS_CMK_ROLE)}
    return conf


LOGSTORE_RULES = "AT-SLS-ENCRYPTED, AT-SLS-TTL, AT-ALERTS"


def plan_logstore(ctx: PlanContext, key: KeyRef | None) -> tuple[str, ...] | None:
    """Plan the project and Logstore; returns the action ids CreateTrail must wait for, None when unusable."""
    sls = ctx.settings.sls
    if sls is None:
        return ()
    resource = f"sls://{sls.project}"
    if sls.encryption == "cmk" and key is None:
        ctx.block(resource, "the Logstore needs the customer key, which is not available (see above); it is not "
                  "created with the service key, since SLS cannot change the key type later", rule=LOGSTORE_RULES)
        return None
    if ctx.observed.held_elsewhere(resource):
        ctx.block(resource, f"project {sls.project} belongs to another Alibaba Cloud account (project names are "
                  "global across all accounts); choose another sls.project", rule=LOGSTORE_RULES)
        return None
    project = ctx.observed.project(sls.project)
    if project is not None and project.region != ctx.region:
        ctx.block(resource, f"project {sls.project} is in {project.region}, not the trail's home region "
                  f"{ctx.region}; choose another project name", rule=LOGSTORE_RULES)
        return None
    if project is None:
        ctx.add(Action(id="sls.create-project", service="sls", api="CreateProject", resource=resource,
                       params={"projectName": sls.project,
                               "description": "ActionTrail events (actiontrail-wizard)"},
                       reason="The Log Service project that receives the trail's events for search and alerts."))
    cmk_deps = _plan_cmk_role(ctx) if sls.encryption == "cmk" else ()
    key_deps = key.action_ids if (key and sls.encryption == "cmk") else ()
    name = ctx.settings.logstore_name
    logstore = project.logstore(name) if project else None
    store_resource = f"{resource}/{name}"
    if logstore is None:
        ctx.add(Action(id="sls.create-logstore", service="sls", api="CreateLogStore", resource=store_resource,
                       params={"project": sls.project, "logstoreName": name, "ttl": sls.ttl_days,
                               "shardCount": SHARD_COUNT, "autoSplit": True, "maxSplitShard": 64,
                               "encrypt_conf": _encrypt_conf(ctx, key)},
                       reason=f"Created before the trail so it is encrypted and keeps events {sls.ttl_days} days "
                       "from the first one.",
                       depends_on=ctx.deps("sls.create-project") + cmk_deps + key_deps))
        return ctx.deps("sls.create-project", "sls.create-logstore")
    if logstore.ttl_days < sls.ttl_days:  # UpdateLogStore replaces the whole setting: send the others back
        ctx.add(Action(id="sls.update-logstore-ttl", service="sls", api="UpdateLogStore", kind="update",
                       resource=store_resource,
                       params={"project": sls.project, "logstore": name, "logstoreName": name,
                               **dict(logstore.settings), "ttl": sls.ttl_days},
                       reason=f"Keeps events {sls.ttl_days} days instead of {logstore.ttl_days}; every other "
                       "setting of the Logstore stays as it is.", before={"ttl": logstore.ttl_days}))
    if not logstore.encrypted:
        conf = _encrypt_conf(ctx, key)
        params = {"project": sls.project, "logstore": name, "enable": True, "encryptType": conf["encrypt_type"]}
        if "user_cmk_info" in conf:  # this request names the fields differently from encrypt_conf
            cmk = conf["user_cmk_info"]
            params["userCmkInfo"] = {"keyId": cmk["cmk_key_id"], "roleArn": cmk["arn"], "regionId": cmk["region_id"]}
        ctx.add(Action(id="sls.logstore-encryption", service="sls", api="UpdateLogStoreEncryption", kind="update",
                       resource=store_resource, params=params,
                       reason="Events are encrypted at rest in the Logstore.",
                       depends_on=cmk_deps + key_deps + ctx.deps("sls.update-logstore-ttl"),  # one update at a time
                       before={"enable": False}))
    elif sls.encryption == "cmk" and not logstore.cmk_key_id:
        ctx.block(store_resource, "the Logstore is already encrypted with the service key; SLS only lets "
                  "encryption be switched on or off once set, so it cannot move to a customer key",
                  rule="AT-SLS-ENCRYPTED")
    return ctx.deps("sls.create-project")


def _plan_cmk_role(ctx: PlanContext) -> tuple[str, ...]:
    """A RAM role trusted by log.aliyuncs.com, so SLS may use the customer key."""
    if f"role:{SLS_CMK_ROLE}" in ctx.observed.principals:
        return ()
    trust = json.dumps({"Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow",
                                       "Principal": {"Service": [SLS_PRINCIPAL]}}], "Version": "1"},
                       separators=(",", ":"))
    ctx.add(Action(id="ram.sls-cmk-role", service="ram", api="CreateRole", resource=f"ram://role/{SLS_CMK_ROLE}",
                   params={"RoleName": SLS_CMK_ROLE, "AssumeRolePolicyDocument": trust,
                           "Description": "Lets Log Service use the ActionTrail KMS key (actiontrail-wizard)"},
                   reason="Log Service needs a role it can assume to encrypt with a customer key."))
    for policy in SLS_CMK_ROLE_POLICIES:
        ctx.add(Action(id=f"ram.sls-cmk-role-policy.{policy}", service="ram", api="AttachPolicyToRole",
                       resource=f"ram://role/{SLS_CMK_ROLE}",
                       params={"PolicyType": "System", "PolicyName": policy, "RoleName": SLS_CMK_ROLE},
                       reason=_WHY[policy], depends_on=("ram.sls-cmk-role",)))
    return ("ram.sls-cmk-role", *(f"ram.sls-cmk-role-policy.{policy}" for policy in SLS_CMK_ROLE_POLICIES))
