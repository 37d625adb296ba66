"""The one place an Action becomes an SDK call: (service, api) -> function(session, params) -> outputs.

Each function builds the official request model from the Action's parameters
(the same names the plan shows) and returns the outputs later actions may
refer to ("${<action id>.<Field>}"), always with the RequestId.
"""

from __future__ import annotations

import json
from typing import Any, Callable

from wizard.cloud.errors import MALFORMED, CloudError

Call = Callable[[Any, dict], dict]
CALLS: dict[tuple[str, str], Call] = {}

# "already exists" answers that mean a resumed run's create already happened (the resource is ours by name)
ALREADY_DONE = {
    ("ram", "CreateServiceLinkedRole"): "EntityAlreadyExists.Role",
    ("ram", "CreateRole"): "EntityAlreadyExists.Role",
    ("sls", "CreateProject"): "ProjectAlreadyExist",
    ("sls", "CreateLogStore"): "LogStoreAlreadyExist",
    ("sls", "CreateAlert"): "JobAlreadyExist",
    ("actiontrail", "CreateTrail"): "TrailAlreadyExistsException",
    ("ram", "CreatePolicy"): "EntityAlreadyExists.Policy",
    ("ram", "AttachPolicyToUser"): "EntityAlreadyExists.User.Policy",
    ("ram", "AttachPolicyToGroup"): "EntityAlreadyExists.Group.Policy",
    ("ram", "AttachPolicyToRole"): "EntityAlreadyExists.Role.Policy",
}


def call(service: str, api: str):
    def register(fn: Call) -> Call:
        CALLS[(service, api)] = fn
        return fn
    return register


def _tea(client_of: str, method: str, module: str, request: str):
    """A Tea RPC call whose request model takes the Action's parameters by their wire names."""
    def run(session, params):
        import importlib

        models = importlib.import_module(f"{module}.models")
        body = getattr(getattr(session, client_of)(), method)(getattr(models, request)().from_map(params)).body
        answer = body.to_map() if body is not None else {}
        return {k: v for k, v in answer.items() if isinstance(v, (str, int, float, bool))}  # ids, not documents
    return run


_RPC = {
    "actiontrail": ("alibabacloud_actiontrail20200706", ["CreateTrail", "UpdateTrail", "StartLogging"]),
    "kms": ("alibabacloud_kms20160120", ["CreateAlias", "UpdateRotationPolicy", "SetDeletionProtection",
                                         "EnableKey", "TagResource"]),
    "ram": ("alibabacloud_ram20150501", ["CreateServiceLinkedRole", "CreateRole", "CreatePolicy",
                                         "CreatePolicyVersion", "AttachPolicyToUser", "AttachPolicyToGroup",
                                         "AttachPolicyToRole"]),
}


def _snake(api: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in api).lstrip("_")


for _service, (_module, _apis) in _RPC.items():
    for _api in _apis:
        CALLS[(_service, _api)] = _tea(_service, _snake(_api), _module, f"{_api}Request")


@call("kms", "CreateKey")
def _create_key(session, params):
    """Create the key, unless an earlier, interrupted run already did: a key has no unique name, so the
    wizard's tags find it (a crash between CreateKey and CreateAlias, or an answer lost on the wire)."""
    from alibabacloud_kms20160120 import models

    orphan = _tagged_key(session, json.loads(params.get("Tags") or "[]"))
    if orphan is not None:
        return {"RequestId": "", "KeyId": orphan["KeyId"], "Arn": orphan["Arn"], "Adopted": True}
    meta = session.kms().create_key(models.CreateKeyRequest().from_map(params)).body
    return {"RequestId": meta.request_id, "KeyId": meta.key_metadata.key_id, "Arn": meta.key_metadata.arn}


def _tagged_key(session, tags: list[dict]) -> dict | None:
    """An enabled key carrying all these tags and no alias yet."""
    from alibabacloud_kms20160120 import models

    if not tags:
        return None
    client = session.kms()
    wanted = {(t["TagKey"], t["TagValue"]) for t in tags}
    page = 1
    while True:
        body = client.list_keys(models.ListKeysRequest(page_number=page, page_size=100)).body
        for key in body.keys.key or []:
            found = client.list_resource_tags(models.ListResourceTagsRequest(key_id=key.key_id)).body.tags.tag or []
            if wanted <= {(t.tag_key, t.tag_value) for t in found}:
                aliases = client.list_aliases_by_key_id(models.ListAliasesByKeyIdRequest(key_id=key.key_id)).body
                meta = client.describe_key(models.DescribeKeyRequest(key_id=key.key_id)).body.key_metadata
                if not (aliases.aliases.alias or []) and meta.key_state == "Enabled":
                    return {"KeyId": key.key_id, "Arn": key.key_arn}
        if page * 100 >= (body.total_count or 0):
            return None
        page += 1


# ------------------------------------------------------------------ OSS (typed oss-v2 requests)
def _from_the_service(request_id: str, header: str) -> str:
    """Every OSS and SLS answer carries its request id header; one without it came from something else."""
    if not request_id:
        raise CloudError("", "", MALFORMED, f"the answer carries no {header}: it did not come from the service "
                         "(a proxy or gateway may have answered)")
    return request_id


def _oss(session, method: str, request) -> dict:
    result = getattr(session.oss(), method)(request)
    return {"RequestId": _from_the_service(getattr(result, "request_id", "") or "", "x-oss-request-id")}


@call("oss", "PutBucket")
def _put_bucket(session, p):
    import alibabacloud_oss_v2 as oss

    return _oss(session, "put_bucket", oss.models.PutBucketRequest(
        bucket=p["Bucket"], acl=p.get("Acl", "private"),
        create_bucket_configuration=oss.models.CreateBucketConfiguration(storage_class=p.get("StorageClass",
                                                                                             "Standard"))))


@call("oss", "PutBucketAcl")
def _put_bucket_acl(session, p):
    import alibabacloud_oss_v2 as oss

    return _oss(session, "put_bucket_acl", oss.models.PutBucketAclRequest(bucket=p["Bucket"], acl=p["Acl"]))


@call("oss", "PutBucketPublicAccessBlock")
def _put_public_access_block(session, p):
    import alibabacloud_oss_v2 as oss

    return _oss(session, "put_bucket_public_access_block", oss.models.PutBucketPublicAccessBlockRequest(
        bucket=p["Bucket"], public_access_block_configuration=oss.models.PublicAccessBlockConfiguration(
            block_public_access=p["BlockPublicAccess"])))


@call("oss", "PutBucketEncryption")
def _put_bucket_encryption(session, p):
    import alibabacloud_oss_v2 as oss

    rule = oss.models.ServerSideEncryptionRule(
        apply_server_side_encryption_by_default=oss.models.ApplyServerSideEncryptionByDefault(
            sse_algorithm=p["SSEAlgorithm"], kms_master_key_id=p.get("KMSMasterKeyID")))
    return _oss(session, "put_bucket_encryption", oss.models.PutBucketEncryptionRequest(
        bucket=p["Bucket"], server_side_encryption_rule=rule))


@call("oss", "PutBucketPolicy")
def _put_bucket_policy(session, p):
    import alibabacloud_oss_v2 as oss

    return _oss(session, "put_bucket_policy", oss.models.PutBucketPolicyRequest(bucket=p["Bucket"], body=p["Policy"]))


@call("oss", "PutBucketLogging")
def _put_bucket_logging(session, p):
    import alibabacloud_oss_v2 as oss

    status = oss.models.BucketLoggingStatus(logging_enabled=oss.models.LoggingEnabled(
        target_bucket=p["TargetBucket"], target_prefix=p["TargetPrefix"]))
    return _oss(session, "put_bucket_logging", oss.models.PutBucketLoggingRequest(bucket=p["Bucket"],
                                                                                  bucket_logging_status=status))


@call("oss", "InitiateBucketWorm")
def _initiate_worm(session, p):
    import alibabacloud_oss_v2 as oss

    result = session.oss().initiate_bucket_worm(oss.models.InitiateBucketWormRequest(
        bucket=p["Bucket"], initiate_worm_configuration=oss.models.InitiateWormConfiguration(
            retention_period_in_days=p["RetentionPeriodInDays"])))
    return {"RequestId": _from_the_service(result.request_id or "", "x-oss-request-id"), "WormId": result.worm_id}


@call("oss", "CompleteBucketWorm")
def _complete_worm(session, p):
    import alibabacloud_oss_v2 as oss

    return _oss(session, "complete_bucket_worm", oss.models.CompleteBucketWormRequest(bucket=p["Bucket"],
                                                                                      worm_id=p["WormId"]))


@call("oss", "ExtendBucketWorm")
def _extend_worm(session, p):
    import alibabacloud_oss_v2 as oss

    return _oss(session, "extend_bucket_worm", oss.models.ExtendBucketWormRequest(
        bucket=p["Bucket"], worm_id=p["WormId"], extend_worm_configuration=oss.models.ExtendWormConfiguration(
            retention_period_in_days=p["RetentionPeriodInDays"])))


# ------------------------------------------------------------------ SLS (Tea ROA client)
def _sls_done(response) -> dict:
    headers = getattr(response, "headers", None) or {}
    return {"RequestId": _from_the_service(headers.get("x-log-requestid", ""), "x-log-requestid")}


@call("sls", "CreateProject")
def _create_project(session, p):
    from alibabacloud_sls20201230 import models

    return _sls_done(session.sls().create_project(models.CreateProjectRequest().from_map(p)))


@call("sls", "CreateLogStore")
def _create_logstore(session, p):
    from alibabacloud_sls20201230 import models

    body = {k: v for k, v in p.items() if k != "project"}
    return _sls_done(session.sls().create_log_store(p["project"], models.CreateLogStoreRequest().from_map(body)))


@call("sls", "UpdateLogStore")
def _update_logstore(session, p):
    from alibabacloud_sls20201230 import models

    body = {k: v for k, v in p.items() if k not in ("project", "logstore")}
    return _sls_done(session.sls().update_log_store(p["project"], p["logstore"],
                                                    models.UpdateLogStoreRequest().from_map(body)))


@call("sls", "UpdateLogStoreEncryption")
def _update_logstore_encryption(session, p):
    from alibabacloud_sls20201230 import models

    body = {k: v for k, v in p.items() if k not in ("project", "logstore")}
    return _sls_done(session.sls().update_log_store_encryption(
        p["project"], p["logstore"], models.UpdateLogStoreEncryptionRequest().from_map(body)))


@call("sls", "CreateAlert")
def _create_alert(session, p):
    from alibabacloud_sls20201230 import models

    body = {k: v for k, v in p.items() if k != "project"}
    return _sls_done(session.sls().create_alert(p["project"], models.CreateAlertRequest().from_map(body)))


@call("sls", "EnableAlert")
def _enable_alert(session, p):
    return _sls_done(session.sls().enable_alert(p["project"], p["alertName"]))



@call("sls", "UpdateAlert")
def _update_alert(session, p):
    from alibabacloud_sls20201230 import models

    body = models.UpdateAlertRequest().from_map({k: v for k, v in p.items() if k not in ("project", "alertName")})
    return _sls_done(session.sls().update_alert(p["project"], p["alertName"], body))


@call("sls", "UpsertResourceRecord")
def _upsert_resource_record(session, p):
    """Alert users, webhooks and action policies: an upsert, so a resumed run simply writes them again."""
    from alibabacloud_sls20201230 import models

    request = models.UpsertResourceRecordRequest().from_map({"records": p["records"]})
    return _sls_done(session.sls().upsert_resource_record(p["resourceName"], request))


from wizard.cloud.discover import history as _backfill  # noqa: E402,F401 - registers CreateDeliveryHistoryJob (it names a busy slot)
