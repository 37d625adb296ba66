"""Sandbox OSS, bucket life: create, info, list, ACL, location, delete, addressing and signatures (oss-v2 client)."""

from __future__ import annotations

import time
import urllib.request
import xml.etree.ElementTree as ET

import alibabacloud_oss_v2 as oss
import pytest

from tests.support.clients import oss_client
from tests.support.oss import service_error

pytestmark = pytest.mark.sandbox


def custom_client(sandbox, region="cn-hangzhou", access_key_id=None, path_style=False):
    cfg = oss.config.load_default()
    cfg.credentials_provider = oss.credentials.StaticCredentialsProvider(
        access_key_id or sandbox.account.access_key_id, sandbox.account.access_key_secret
    )
    cfg.region = region
    cfg.endpoint = f"http://oss-{region}.aliyuncs.com"
    cfg.proxy_host = {"http": sandbox.url, "https": sandbox.url}
    cfg.use_path_style = path_style
    return oss.Client(cfg)


def test_new_bucket_is_private_standard_unencrypted_and_owned_by_the_account(sandbox):
    client = oss_client(sandbox)
    created = client.put_bucket(oss.PutBucketRequest(bucket="trail-logs"))
    assert created.status_code == 200 and created.request_id

    info = client.get_bucket_info(oss.GetBucketInfoRequest(bucket="trail-logs")).bucket_info
    assert info.name == "trail-logs"
    assert info.location == "oss-cn-hangzhou"
    assert info.acl == "private"
    assert info.storage_class == "Standard"
    assert info.sse_rule.sse_algorithm == "None"
    assert info.owner.id == sandbox.account.account_id
    assert info.block_public_access is False
    assert info.extranet_endpoint == "oss-cn-hangzhou.aliyuncs.com"
    assert abs(info.creation_date.timestamp() - time.time()) < 60


def test_acl_header_and_creation_configuration_are_kept(sandbox):
    client = oss_client(sandbox)
    client.put_bucket(oss.PutBucketRequest(
        bucket="shared-data", acl="public-read",
        create_bucket_configuration=oss.CreateBucketConfiguration(storage_class="IA", data_redundancy_type="ZRS"),
    ))
    info = client.get_bucket_info(oss.GetBucketInfoRequest(bucket="shared-data")).bucket_info
    assert (info.acl, info.storage_class, info.data_redundancy_type) == ("public-read", "IA", "ZRS")


def test_the_owner_may_repeat_put_bucket_but_not_move_it_to_another_region(sandbox):
    client = oss_client(sandbox)
    client.put_bucket(oss.PutBucketRequest(bucket="trail-logs"))
    assert client.put_bucket(oss.PutBucketRequest(bucket="trail-logs")).status_code == 200

    with pytest.raises(oss.exceptions.OperationError) as excinfo:
        oss_client(sandbox, region="cn-shanghai").put_bucket(oss.PutBucketRequest(bucket="trail-logs"))
    error = service_error(excinfo)
    assert (error.status_code, error.code) == (409, "BucketAlreadyExists")


def test_a_bucket_must_be_addressed_at_its_own_region(sandbox):
    oss_client(sandbox).put_bucket(oss.PutBucketRequest(bucket="trail-logs"))
    with pytest.raises(oss.exceptions.OperationError) as excinfo:
        oss_client(sandbox, region="cn-beijing").get_bucket_info(oss.GetBucketInfoRequest(bucket="trail-logs"))
    error = service_error(excinfo)
    assert (error.status_code, error.code) == (403, "AccessDenied")
    assert error.error_fileds["Endpoint"] == "oss-cn-hangzhou.aliyuncs.com"


def test_missing_bucket_is_no_such_bucket_with_a_request_id(sandbox):
    with pytest.raises(oss.exceptions.OperationError) as excinfo:
        oss_client(sandbox).get_bucket_info(oss.GetBucketInfoRequest(bucket="nobody-made-this"))
    error = service_error(excinfo)
    assert (error.status_code, error.code) == (404, "NoSuchBucket")
    assert error.request_id and error.headers["x-oss-request-id"] == error.request_id
    assert error.error_fileds["BucketName"] == "nobody-made-this"


def test_list_buckets_covers_all_regions_and_pages_by_name(sandbox):
    oss_client(sandbox).put_bucket(oss.PutBucketRequest(bucket="logs-b"))
    oss_client(sandbox).put_bucket(oss.PutBucketRequest(bucket="logs-a"))
    oss_client(sandbox, region="cn-shanghai").put_bucket(oss.PutBucketRequest(bucket="other"))
    client = oss_client(sandbox)

    everything = client.list_buckets(oss.ListBucketsRequest())
    assert [(b.name, b.region) for b in everything.buckets] == [
        ("logs-a", "cn-hangzhou"), ("logs-b", "cn-hangzhou"), ("other", "cn-shanghai")
    ]
    assert everything.owner.id == sandbox.account.account_id and everything.is_truncated is False

    assert [b.name for b in client.list_buckets(oss.ListBucketsRequest(prefix="logs-")).buckets] == ["logs-a", "logs-b"]
    first = client.list_buckets(oss.ListBucketsRequest(max_keys=2))
    assert [b.name for b in first.buckets] == ["logs-a", "logs-b"]
    assert first.is_truncated is True and first.next_marker == "logs-b"
    rest = client.list_buckets(oss.ListBucketsRequest(marker=first.next_marker, max_keys=2))
    assert [b.name for b in rest.buckets] == ["other"] and rest.is_truncated is False


def test_bucket_acl_round_trip_and_invalid_acl(sandbox):
    client = oss_client(sandbox)
    client.put_bucket(oss.PutBucketRequest(bucket="trail-logs"))
    assert client.get_bucket_acl(oss.GetBucketAclRequest(bucket="trail-logs")).acl == "private"
    client.put_bucket_acl(oss.PutBucketAclRequest(bucket="trail-logs", acl="public-read"))
    result = client.get_bucket_acl(oss.GetBucketAclRequest(bucket="trail-logs"))
    assert result.acl == "public-read" and result.owner.id == sandbox.account.account_id

    with pytest.raises(oss.exceptions.OperationError) as excinfo:
        client.put_bucket_acl(oss.PutBucketAclRequest(bucket="trail-logs", acl="everyone"))
    assert (service_error(excinfo).status_code, service_error(excinfo).code) == (400, "InvalidArgument")


def test_account_block_public_access_refuses_public_acls(sandbox):
    client = oss_client(sandbox)
    client.put_bucket(oss.PutBucketRequest(bucket="trail-logs"))
    client.put_public_access_block(oss.PutPublicAccessBlockRequest(
        public_access_block_configuration=oss.PublicAccessBlockConfiguration(block_public_access=True)))
    got = client.get_public_access_block(oss.GetPublicAccessBlockRequest())
    assert got.public_access_block_configuration.block_public_access is True

    with pytest.raises(oss.exceptions.OperationError) as excinfo:
        client.put_bucket_acl(oss.PutBucketAclRequest(bucket="trail-logs", acl="public-read"))
    assert service_error(excinfo).code == "AccessDenied"

    client.delete_public_access_block(oss.DeletePublicAccessBlockRequest())
    client.put_bucket_acl(oss.PutBucketAclRequest(bucket="trail-logs", acl="public-read"))


def test_bucket_location(sandbox):
    client = oss_client(sandbox, region="cn-shanghai")
    client.put_bucket(oss.PutBucketRequest(bucket="sh-logs"))
    assert client.get_bucket_location(oss.GetBucketLocationRequest(bucket="sh-logs")).location == "oss-cn-shanghai"


def test_delete_bucket_only_when_empty(sandbox):
    client = oss_client(sandbox)
    client.put_bucket(oss.PutBucketRequest(bucket="trail-logs"))
    client.put_object(oss.PutObjectRequest(bucket="trail-logs", key="x", body=b"1"))
    with pytest.raises(oss.exceptions.OperationError) as excinfo:
        client.delete_bucket(oss.DeleteBucketRequest(bucket="trail-logs"))
    assert (service_error(excinfo).status_code, service_error(excinfo).code) == (409, "BucketNotEmpty")

    client.delete_object(oss.DeleteObjectRequest(bucket="trail-logs", key="x"))
    assert client.delete_bucket(oss.DeleteBucketRequest(bucket="trail-logs")).status_code == 204
    assert not client.is_bucket_exist("trail-logs")


def test_path_style_addressing_reaches_the_same_bucket(sandbox):
    oss_client(sandbox).put_bucket(oss.PutBucketRequest(bucket="trail-logs"))
    path_client = custom_client(sandbox, path_style=True)
    path_client.put_object(oss.PutObjectRequest(bucket="trail-logs", key="dir/file.txt", body=b"path"))
    assert oss_client(sandbox).get_object(oss.GetObjectRequest(bucket="trail-logs", key="dir/file.txt")).body.read() == b"path"
    assert path_client.get_bucket_info(oss.GetBucketInfoRequest(bucket="trail-logs")).bucket_info.name == "trail-logs"


def test_wrong_secret_is_signature_does_not_match(sandbox):
    oss_client(sandbox).put_bucket(oss.PutBucketRequest(bucket="trail-logs"))
    with pytest.raises(oss.exceptions.OperationError) as excinfo:
        oss_client(sandbox, secret="not-the-secret").get_bucket_info(oss.GetBucketInfoRequest(bucket="trail-logs"))
    error = service_error(excinfo)
    assert (error.status_code, error.code) == (403, "SignatureDoesNotMatch")
    assert error.error_fileds["StringToSign"].startswith("OSS4-HMAC-SHA256\n")


def test_wrong_secret_cannot_create_a_bucket(sandbox):
    with pytest.raises(oss.exceptions.OperationError):
        oss_client(sandbox, secret="not-the-secret").put_bucket(oss.PutBucketRequest(bucket="trail-logs"))
    assert oss_client(sandbox).list_buckets(oss.ListBucketsRequest()).buckets is None


def test_unknown_access_key_is_invalid_access_key_id(sandbox):
    with pytest.raises(oss.exceptions.OperationError) as excinfo:
        custom_client(sandbox, access_key_id="LTAI5tNobodyHasThisKey").list_buckets(oss.ListBucketsRequest())
    error = service_error(excinfo)
    assert (error.status_code, error.code) == (403, "InvalidAccessKeyId")


def _raw(sandbox, method: str, url: str):
    """A plain HTTP request through the sandbox proxy, the way curl would send it (no SDK, no signature)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": sandbox.url}))
    try:
        with opener.open(urllib.request.Request(url, method=method), timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_invalid_bucket_name_and_anonymous_requests_get_oss_xml_errors(sandbox):
    status, headers, body = _raw(sandbox, "GET", "http://oss-cn-hangzhou.aliyuncs.com/ab/?bucketInfo")
    root = ET.fromstring(body)
    assert status == 400 and root.findtext("Code") == "InvalidBucketName"
    assert root.findtext("RequestId") == headers["x-oss-request-id"]

    status, _, body = _raw(sandbox, "GET", "http://trail-logs.oss-cn-hangzhou.aliyuncs.com/?bucketInfo")
    assert status == 403 and ET.fromstring(body).findtext("Code") == "AccessDenied"
