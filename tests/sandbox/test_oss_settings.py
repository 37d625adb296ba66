"""Sandbox OSS, bucket settings the wizard audits: SSE, public access block, policy, versioning, logging (oss-v2)."""

from __future__ import annotations

import json

import alibabacloud_oss_v2 as oss
import pytest

from tests.support.clients import oss_client
from tests.support.oss import error_of, put_sse

pytestmark = pytest.mark.sandbox

KMS = "KMS"


@pytest.fixture
def client(sandbox):
    client = oss_client(sandbox)
    client.put_bucket(oss.PutBucketRequest(bucket="trail-logs"))
    return client


def test_encryption_absent_then_kms_then_deleted(client):
    error = error_of(lambda: client.get_bucket_encryption(oss.GetBucketEncryptionRequest(bucket="trail-logs")))
    assert (error.status_code, error.code) == (404, "NoSuchServerSideEncryptionRule")

    put_sse(client, KMS, "key-hzz65a1e2c8x1m5r8m6dc")
    rule = client.get_bucket_encryption(oss.GetBucketEncryptionRequest(bucket="trail-logs")).server_side_encryption_rule
    default = rule.apply_server_side_encryption_by_default
    assert (default.sse_algorithm, default.kms_master_key_id) == (KMS, "key-hzz65a1e2c8x1m5r8m6dc")
    info = client.get_bucket_info(oss.GetBucketInfoRequest(bucket="trail-logs")).bucket_info
    assert (info.sse_rule.sse_algorithm, info.sse_rule.kms_master_key_id) == (KMS, "key-hzz65a1e2c8x1m5r8m6dc")

    assert client.delete_bucket_encryption(oss.DeleteBucketEncryptionRequest(bucket="trail-logs")).status_code == 204
    error = error_of(lambda: client.get_bucket_encryption(oss.GetBucketEncryptionRequest(bucket="trail-logs")))
    assert error.code == "NoSuchServerSideEncryptionRule"


def test_sse_rule_validation(client):
    error = error_of(lambda: put_sse(client, "AES256", "key-abc"))
    assert (error.status_code, error.code) == (400, "InvalidArgument")
    error = error_of(lambda: put_sse(client, "DES"))
    assert (error.status_code, error.code) == (400, "InvalidEncryptionAlgorithmError")
    put_sse(client, "AES256")
    info = client.get_bucket_info(oss.GetBucketInfoRequest(bucket="trail-logs")).bucket_info
    assert info.sse_rule.sse_algorithm == "AES256"


def test_kms_key_from_another_region_is_refused(sandbox, client):
    account = sandbox.account.account_id
    error = error_of(lambda: put_sse(client, KMS, f"acs:kms:cn-shanghai:{account}:key/key-sh123"))
    assert (error.status_code, error.code) == (400, "InvalidParameter")
    put_sse(client, KMS, f"acs:kms:cn-hangzhou:{account}:key/key-hz123")

    # A key id the KMS state knows: its region decides (the doc is shaped as the KMS service writes it).
    sandbox.store.put("kms.key", "key-sh999", {"KeyId": "key-sh999", "Region": "cn-shanghai", "KeyState": "Enabled",
                                               "Arn": f"acs:kms:cn-shanghai:{account}:key/key-sh999"})
    error = error_of(lambda: put_sse(client, KMS, "key-sh999"))
    assert error.code == "InvalidParameter" and "cn-shanghai" in error.message
    rule = client.get_bucket_encryption(oss.GetBucketEncryptionRequest(bucket="trail-logs")).server_side_encryption_rule
    assert rule.apply_server_side_encryption_by_default.kms_master_key_id.endswith("key-hz123")


def test_malformed_xml_body_is_malformed_xml(client):
    # The official client's generic operation call, signed as usual, with a broken body.
    def send(body):
        client.invoke_operation(oss.OperationInput(
            op_name="PutBucketEncryption", method="PUT", parameters={"encryption": ""},
            headers={"Content-Type": "application/xml"}, bucket="trail-logs", body=body,
        ))

    for body in (b"<ServerSideEncryptionRule><Apply", b"<VersioningConfiguration/>"):
        error = error_of(lambda: send(body))
        assert (error.status_code, error.code) == (400, "MalformedXML")


def test_bucket_public_access_block(client):
    get = lambda: client.get_bucket_public_access_block(  # noqa: E731
        oss.GetBucketPublicAccessBlockRequest(bucket="trail-logs")).public_access_block_configuration.block_public_access
    assert get() is False
    client.put_bucket_public_access_block(oss.PutBucketPublicAccessBlockRequest(
        bucket="trail-logs", public_access_block_configuration=oss.PublicAccessBlockConfiguration(block_public_access=True)))
    assert get() is True
    assert client.get_bucket_info(oss.GetBucketInfoRequest(bucket="trail-logs")).bucket_info.block_public_access is True
    error = error_of(lambda: client.put_bucket_acl(oss.PutBucketAclRequest(bucket="trail-logs", acl="public-read-write")))
    assert (error.status_code, error.code) == (403, "AccessDenied")

    client.delete_bucket_public_access_block(oss.DeleteBucketPublicAccessBlockRequest(bucket="trail-logs"))
    assert get() is False


def _policy(principal):
    return json.dumps({"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": ["oss:GetObject"], "Principal": principal,
         "Resource": ["acs:oss:*:*:trail-logs/*"]}]})


def test_bucket_policy_round_trip(client):
    error = error_of(lambda: client.get_bucket_policy(oss.GetBucketPolicyRequest(bucket="trail-logs")))
    assert (error.status_code, error.code) == (404, "NoSuchBucketPolicy")

    policy = _policy(["1234567890"])
    client.put_bucket_policy(oss.PutBucketPolicyRequest(bucket="trail-logs", body=policy))
    assert json.loads(client.get_bucket_policy(oss.GetBucketPolicyRequest(bucket="trail-logs")).body) == json.loads(policy)

    error = error_of(lambda: client.put_bucket_policy(oss.PutBucketPolicyRequest(bucket="trail-logs", body="{not json")))
    assert (error.status_code, error.code) == (400, "InvalidPolicyDocument")

    client.delete_bucket_policy(oss.DeleteBucketPolicyRequest(bucket="trail-logs"))
    assert error_of(lambda: client.get_bucket_policy(oss.GetBucketPolicyRequest(bucket="trail-logs"))).code == "NoSuchBucketPolicy"


def test_public_policy_refused_while_public_access_is_blocked(client):
    client.put_bucket_public_access_block(oss.PutBucketPublicAccessBlockRequest(
        bucket="trail-logs", public_access_block_configuration=oss.PublicAccessBlockConfiguration(block_public_access=True)))
    error = error_of(lambda: client.put_bucket_policy(oss.PutBucketPolicyRequest(bucket="trail-logs", body=_policy(["*"]))))
    assert (error.status_code, error.code) == (403, "AccessDenied")


def test_versioning(client):
    get = lambda: client.get_bucket_versioning(oss.GetBucketVersioningRequest(bucket="trail-logs")).version_status  # noqa: E731
    assert get() is None
    client.put_bucket_versioning(oss.PutBucketVersioningRequest(
        bucket="trail-logs", versioning_configuration=oss.VersioningConfiguration(status="Enabled")))
    assert get() == "Enabled"
    assert client.get_bucket_info(oss.GetBucketInfoRequest(bucket="trail-logs")).bucket_info.versioning == "Enabled"
    error = error_of(lambda: client.put_bucket_versioning(oss.PutBucketVersioningRequest(
        bucket="trail-logs", versioning_configuration=oss.VersioningConfiguration(status="Stop"))))
    assert (error.status_code, error.code, error.ec) == (400, "InvalidArgument", "0012-00000004")


def test_logging_to_a_bucket_in_the_same_region(sandbox, client):
    client.put_bucket(oss.PutBucketRequest(bucket="access-logs"))
    get = lambda: client.get_bucket_logging(oss.GetBucketLoggingRequest(bucket="trail-logs")).bucket_logging_status  # noqa: E731
    assert get().logging_enabled is None

    def put(target):
        client.put_bucket_logging(oss.PutBucketLoggingRequest(bucket="trail-logs", bucket_logging_status=oss.BucketLoggingStatus(
            logging_enabled=oss.LoggingEnabled(target_bucket=target, target_prefix="trail-logs/"))))

    put("access-logs")
    enabled = get().logging_enabled
    assert (enabled.target_bucket, enabled.target_prefix) == ("access-logs", "trail-logs/")
    policy = client.get_bucket_info(oss.GetBucketInfoRequest(bucket="trail-logs")).bucket_info.bucket_policy
    assert (policy.log_bucket, policy.log_prefix) == ("access-logs", "trail-logs/")

    oss_client(sandbox, region="cn-shanghai").put_bucket(oss.PutBucketRequest(bucket="far-away"))
    for target in ("no-such-target", "far-away"):
        error = error_of(lambda: put(target))
        assert (error.status_code, error.code) == (400, "InvalidTargetBucketForLogging")

    client.delete_bucket_logging(oss.DeleteBucketLoggingRequest(bucket="trail-logs"))
    assert get().logging_enabled is None


def test_settings_on_a_missing_bucket_are_no_such_bucket(client):
    for call in (
        lambda: put_sse(client, "AES256", bucket="ghost-bucket"),
        lambda: client.get_bucket_versioning(oss.GetBucketVersioningRequest(bucket="ghost-bucket")),
        lambda: client.get_bucket_policy(oss.GetBucketPolicyRequest(bucket="ghost-bucket")),
    ):
        assert error_of(call).code == "NoSuchBucket"
