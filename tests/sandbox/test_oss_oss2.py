"""Cross-check the sandbox OSS with a second official client: oss2 signs with v1 (HMAC-SHA1 `OSS ak:sig`).

oss2 takes the sandbox as its proxy through `proxies={"http": url}` (handed to requests).
"""

from __future__ import annotations

import alibabacloud_oss_v2 as oss
import oss2
import pytest

from tests.support.clients import oss_client
from tests.support.oss import advance_clock

pytestmark = pytest.mark.sandbox

ENDPOINT = "http://oss-cn-hangzhou.aliyuncs.com"


def bucket(sandbox, name="trail-logs", secret=None, path_style=False):
    auth = oss2.Auth(sandbox.account.access_key_id, secret or sandbox.account.access_key_secret)
    return oss2.Bucket(auth, ENDPOINT, name, proxies={"http": sandbox.url}, is_path_style=path_style)


def test_bucket_and_objects_with_v1_signatures(sandbox):
    b = bucket(sandbox)
    b.create_bucket(oss2.BUCKET_ACL_PRIVATE)
    info = b.get_bucket_info()
    assert (info.name, info.location, info.acl.grant, info.owner.id) == (
        "trail-logs", "oss-cn-hangzhou", "private", sandbox.account.account_id)

    put = b.put_object("AliyunLogs/x y.json", b"payload", headers={"x-oss-meta-run": "1"})
    got = b.get_object("AliyunLogs/x y.json")
    assert got.read() == b"payload" and got.etag == put.etag and got.headers["x-oss-meta-run"] == "1"
    assert b.head_object("AliyunLogs/x y.json").content_length == 7
    assert [o.key for o in oss2.ObjectIterator(b, prefix="AliyunLogs/")] == ["AliyunLogs/x y.json"]

    service = oss2.Service(oss2.Auth(sandbox.account.access_key_id, sandbox.account.access_key_secret), ENDPOINT,
                           proxies={"http": sandbox.url})
    assert [x.name for x in service.list_buckets().buckets] == ["trail-logs"]

    # What oss2 made, oss-v2 (v4 signatures) reads, and the other way round.
    client = oss_client(sandbox)
    assert client.get_object(oss.GetObjectRequest(bucket="trail-logs", key="AliyunLogs/x y.json")).body.read() == b"payload"
    client.put_bucket_encryption(oss.PutBucketEncryptionRequest(bucket="trail-logs", server_side_encryption_rule=oss.ServerSideEncryptionRule(
        apply_server_side_encryption_by_default=oss.ApplyServerSideEncryptionByDefault(sse_algorithm="KMS", kms_master_key_id="key-hz1"))))
    encryption = b.get_bucket_encryption()
    assert (encryption.sse_algorithm, encryption.kms_master_keyid) == ("KMS", "key-hz1")
    assert b.get_bucket_info().bucket_encryption_rule.kms_master_keyid == "key-hz1"


def test_worm_life_cycle_through_oss2(sandbox):
    b = bucket(sandbox)
    b.create_bucket()
    with pytest.raises(oss2.exceptions.NoSuchWORMConfiguration):
        b.get_bucket_worm()

    worm_id = b.init_bucket_worm(1).worm_id
    assert b.get_bucket_worm().state == "InProgress"
    with pytest.raises(oss2.exceptions.InvalidWORMConfiguration):
        b.extend_bucket_worm(worm_id, 2)
    b.complete_bucket_worm(worm_id)
    with pytest.raises(oss2.exceptions.WORMConfigurationLocked):
        b.abort_bucket_worm()
    b.extend_bucket_worm(worm_id, 2)
    worm = b.get_bucket_worm()
    assert (worm.worm_id, worm.state, worm.retention_period_days) == (worm_id, "Locked", 2)

    b.put_object("log.json", b"1")
    with pytest.raises(oss2.exceptions.OssError) as excinfo:
        b.delete_object("log.json")
    assert (excinfo.value.status, excinfo.value.code) == (409, "FileImmutable")
    advance_clock(sandbox, 2 * 86400 + 1)
    b.delete_object("log.json")


def test_path_style_and_subresources_sign_the_same(sandbox):
    b = bucket(sandbox, path_style=True)
    b.create_bucket()
    b.put_bucket_acl(oss2.BUCKET_ACL_PUBLIC_READ)
    assert b.get_bucket_acl().acl == "public-read"
    b.put_bucket_versioning(oss2.models.BucketVersioningConfig("Enabled"))
    assert b.get_bucket_versioning().status == "Enabled"


def test_wrong_secret_and_unknown_key(sandbox):
    bucket(sandbox).create_bucket()
    with pytest.raises(oss2.exceptions.OssError) as excinfo:
        bucket(sandbox, secret="not-the-secret").get_bucket_info()
    assert (excinfo.value.status, excinfo.value.code) == (403, "SignatureDoesNotMatch")
    with pytest.raises(oss2.exceptions.OssError) as excinfo:
        bucket(sandbox, secret="not-the-secret").head_object("anything")
    assert excinfo.value.status == 403

    stranger = oss2.Bucket(oss2.Auth("LTAI5tNobodyHasThisKey", "x"), ENDPOINT, "trail-logs", proxies={"http": sandbox.url})
    with pytest.raises(oss2.exceptions.OssError) as excinfo:
        stranger.get_bucket_info()
    assert (excinfo.value.status, excinfo.value.code) == (403, "InvalidAccessKeyId")


def test_oss_v2_configured_for_v1_signatures(sandbox):
    """oss-v2 can sign v1 too; its sub-resource list differs from oss2's, and both must verify."""
    cfg = oss.config.load_default()
    cfg.credentials_provider = oss.credentials.StaticCredentialsProvider(
        sandbox.account.access_key_id, sandbox.account.access_key_secret)
    cfg.region, cfg.endpoint = "cn-hangzhou", ENDPOINT
    cfg.proxy_host = {"http": sandbox.url, "https": sandbox.url}
    cfg.signature_version = "v1"
    client = oss.Client(cfg)

    client.put_bucket(oss.PutBucketRequest(bucket="v1-bucket"))
    client.put_object(oss.PutObjectRequest(bucket="v1-bucket", key="a", body=b"x"))
    assert [c.key for c in client.list_objects_v2(oss.ListObjectsV2Request(bucket="v1-bucket")).contents] == ["a"]
    worm_id = client.initiate_bucket_worm(oss.InitiateBucketWormRequest(
        bucket="v1-bucket", initiate_worm_configuration=oss.InitiateWormConfiguration(retention_period_in_days=3))).worm_id
    client.complete_bucket_worm(oss.CompleteBucketWormRequest(bucket="v1-bucket", worm_id=worm_id))
    client.extend_bucket_worm(oss.ExtendBucketWormRequest(
        bucket="v1-bucket", worm_id=worm_id, extend_worm_configuration=oss.ExtendWormConfiguration(retention_period_in_days=4)))
    worm = client.get_bucket_worm(oss.GetBucketWormRequest(bucket="v1-bucket")).worm_configuration
    assert (worm.state, worm.retention_period_in_days) == ("Locked", 4)
    client.put_public_access_block(oss.PutPublicAccessBlockRequest(
        public_access_block_configuration=oss.PublicAccessBlockConfiguration(block_public_access=True)))
    assert client.get_public_access_block(oss.GetPublicAccessBlockRequest()).public_access_block_configuration.block_public_access
