"""Sandbox OSS objects: put/get/head/delete, default encryption, listings (oss-v2)."""

from __future__ import annotations

import alibabacloud_oss_v2 as oss
import pytest

from tests.support.clients import oss_client
from tests.support.oss import error_of, put_sse

pytestmark = pytest.mark.sandbox

BUCKET = "trail-logs"


@pytest.fixture
def client(sandbox):
    client = oss_client(sandbox)
    client.put_bucket(oss.PutBucketRequest(bucket=BUCKET))
    return client


def put(client, key, body=b"{}", **kw):
    return client.put_object(oss.PutObjectRequest(bucket=BUCKET, key=key, body=body, **kw))


def test_put_get_head_delete(client):
    result = put(client, "AliyunLogs/2024/a b.json", b'{"event": 1}', content_type="application/json",
                 metadata={"trail": "main"})
    assert result.etag and result.hash_crc64 and result.request_id

    got = client.get_object(oss.GetObjectRequest(bucket=BUCKET, key="AliyunLogs/2024/a b.json"))
    assert got.body.read() == b'{"event": 1}'
    assert (got.content_type, got.etag, got.metadata) == ("application/json", result.etag, {"trail": "main"})

    head = client.head_object(oss.HeadObjectRequest(bucket=BUCKET, key="AliyunLogs/2024/a b.json"))
    assert (head.content_length, head.etag, head.object_type) == (12, result.etag, "Normal")

    assert client.delete_object(oss.DeleteObjectRequest(bucket=BUCKET, key="AliyunLogs/2024/a b.json")).status_code == 204
    assert not client.is_object_exist(BUCKET, "AliyunLogs/2024/a b.json")


def test_missing_objects(client):
    error = error_of(lambda: client.get_object(oss.GetObjectRequest(bucket=BUCKET, key="nope")))
    assert (error.status_code, error.code) == (404, "NoSuchKey")
    error = error_of(lambda: client.head_object(oss.HeadObjectRequest(bucket=BUCKET, key="nope")))
    assert (error.status_code, error.code) == (404, "NoSuchKey")  # a HEAD error travels in x-oss-err
    assert client.delete_object(oss.DeleteObjectRequest(bucket=BUCKET, key="nope")).status_code == 204
    error = error_of(lambda: client.put_object(oss.PutObjectRequest(bucket="ghost-bucket", key="k", body=b"")))
    assert error.code == "NoSuchBucket"


def test_forbid_overwrite_and_bad_digest(client):
    put(client, "once.txt")
    error = error_of(lambda: put(client, "once.txt", forbid_overwrite=True))
    assert (error.status_code, error.code) == (409, "FileAlreadyExists")
    error = error_of(lambda: put(client, "digest.txt", b"abc", content_md5="1B2M2Y8AsgTpgAmY7PhCfg=="))
    assert (error.status_code, error.code) == (400, "InvalidDigest")


def test_objects_take_the_bucket_default_encryption(client):
    put_sse(client, "KMS", "key-hz-default")
    put(client, "encrypted.json")
    head = client.head_object(oss.HeadObjectRequest(bucket=BUCKET, key="encrypted.json"))
    assert (head.server_side_encryption, head.server_side_encryption_key_id) == ("KMS", "key-hz-default")


def test_list_objects_v1_with_prefix_delimiter_and_pages(client):
    for key in ("AliyunLogs/a/1.json", "AliyunLogs/a/2.json", "AliyunLogs/b/1.json", "AliyunLogs/top.json", "other/x", "z é.txt"):
        put(client, key)

    folded = client.list_objects(oss.ListObjectsRequest(bucket=BUCKET, prefix="AliyunLogs/", delimiter="/"))
    assert [c.key for c in folded.contents] == ["AliyunLogs/top.json"]
    assert [p.prefix for p in folded.common_prefixes] == ["AliyunLogs/a/", "AliyunLogs/b/"]

    first = client.list_objects(oss.ListObjectsRequest(bucket=BUCKET, max_keys=2))
    assert [c.key for c in first.contents] == ["AliyunLogs/a/1.json", "AliyunLogs/a/2.json"]
    assert first.is_truncated and first.next_marker == "AliyunLogs/a/2.json"
    assert first.contents[0].size == 2 and first.contents[0].owner.id

    keys, marker = [], ""
    while True:
        page = client.list_objects(oss.ListObjectsRequest(bucket=BUCKET, marker=marker, max_keys=2))
        keys += [c.key for c in page.contents]
        if not page.is_truncated:
            break
        marker = page.next_marker
    assert keys[-1] == "z é.txt" and len(keys) == 6


def test_list_objects_v2_paginator(client):
    for i in range(5):
        put(client, f"logs/{i}.json")
    paginator = client.list_objects_v2_paginator(limit=2)
    pages = list(paginator.iter_page(oss.ListObjectsV2Request(bucket=BUCKET, prefix="logs/")))
    assert [len(p.contents) for p in pages] == [2, 2, 1]
    assert [c.key for p in pages for c in p.contents] == [f"logs/{i}.json" for i in range(5)]
    assert pages[0].key_count == 2 and pages[-1].is_truncated is False
