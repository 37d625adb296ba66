"""OSS calls, as typed oss-v2 requests (the bucket, its protections and WORM)."""

from __future__ import annotations

from wizard.cloud.apply.calls.registry import call, from_the_service
from wizard.cloud.errors import CloudError
from wizard.cloud.retry import is_transient


def _oss(session, method: str, request) -> dict:
    result = getattr(session.oss(), method)(request)
    return {"RequestId": from_the_service(getattr(result, "request_id", "") or "", "x-oss-request-id")}


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
    return {"RequestId": from_the_service(result.request_id or "", "x-oss-request-id"), "WormId": result.worm_id}


@call("oss", "CompleteBucketWorm")
def _complete_worm(session, p):
    """Lock the policy. OSS refuses to complete a Locked one, which is what a retry meets when the first answer
    was lost on its way back: if the bucket's policy is this one and Locked, the lock is done."""
    import alibabacloud_oss_v2 as oss

    try:
        return _oss(session, "complete_bucket_worm", oss.models.CompleteBucketWormRequest(bucket=p["Bucket"],
                                                                                          worm_id=p["WormId"]))
    except Exception as raw:  # noqa: BLE001 - a CloudError below, unless the lock is in place already
        error = CloudError.from_sdk(raw, "oss", "CompleteBucketWorm")
        if is_transient(error) or not _locked(session, p["Bucket"], p["WormId"]):
            raise error from None
        return {"RequestId": error.request_id, "AlreadyLocked": True}


def _locked(session, bucket: str, worm_id: str) -> bool:
    import alibabacloud_oss_v2 as oss

    try:
        found = session.oss().get_bucket_worm(oss.models.GetBucketWormRequest(bucket=bucket)).worm_configuration
    except Exception:  # noqa: BLE001 - cannot tell: the original error stands
        return False
    return bool(found) and found.worm_id == worm_id and found.state == "Locked"


@call("oss", "ExtendBucketWorm")
def _extend_worm(session, p):
    import alibabacloud_oss_v2 as oss

    return _oss(session, "extend_bucket_worm", oss.models.ExtendBucketWormRequest(
        bucket=p["Bucket"], worm_id=p["WormId"], extend_worm_configuration=oss.models.ExtendWormConfiguration(
            retention_period_in_days=p["RetentionPeriodInDays"])))


@call("oss", "PutObject")
def _put_object(session, p):
    """The approved-settings record: a new object, never over an existing one (x-oss-forbid-overwrite)."""
    import alibabacloud_oss_v2 as oss

    result = session.oss().put_object(oss.models.PutObjectRequest(
        bucket=p["Bucket"], key=p["Key"], body=p["Body"].encode("utf-8"), content_type=p.get("ContentType"),
        forbid_overwrite=bool(p.get("ForbidOverwrite"))))
    return {"RequestId": from_the_service(getattr(result, "request_id", "") or "", "x-oss-request-id"),
            "Key": p["Key"]}
