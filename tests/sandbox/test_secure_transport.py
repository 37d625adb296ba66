"""The bucket policy's acs:SecureTransport condition is honoured per request (FIDELITY.md, "OSS: PutBucketPolicy"
and "RAM authorization"): the wizard's HTTPS-only statement really refuses plain HTTP, even to a RAM user whose
own policy allows the call, and the same call over HTTPS goes through."""

from __future__ import annotations

import alibabacloud_oss_v2 as oss
import oss2
import pytest

from tests.support.clients import oss_client
from tests.support.iam import allow, user_with
from wizard.core.policies.documents import https_only_statement, policy_json

BUCKET = "https-only-logs"


@pytest.fixture
def user_key(sandbox):
    client = oss_client(sandbox)
    client.put_bucket(oss.models.PutBucketRequest(bucket=BUCKET))
    client.put_bucket_policy(oss.models.PutBucketPolicyRequest(bucket=BUCKET, body=policy_json(
        {"Version": "1", "Statement": [https_only_statement(BUCKET, sandbox.account.account_id)]})))
    writer = user_with(sandbox, "log-writer", allow(["oss:PutObject"], f"acs:oss:*:*:{BUCKET}/*"))
    return writer.account.access_key_id, writer.account.access_key_secret


def _plain_http(sandbox, key_id: str, secret: str) -> oss2.Bucket:
    return oss2.Bucket(oss2.Auth(key_id, secret), "http://oss-cn-hangzhou.aliyuncs.com", BUCKET,
                       proxies={"http": sandbox.url})


def test_a_ram_user_over_plain_http_is_denied_by_the_https_only_policy(sandbox, user_key):
    with pytest.raises(oss2.exceptions.AccessDenied) as denied:
        _plain_http(sandbox, *user_key).put_object("event.json", b"{}")
    assert denied.value.message == "Access denied by bucket policy."
    assert denied.value.details["EC"] == "0003-00000201"
    assert [r["decision"] for r in sandbox.requests() if r["operation"] == "PutObject"] == ["ExplicitDeny"]


def test_the_same_user_over_https_is_let_through(sandbox, user_key):
    from types import SimpleNamespace

    as_user = SimpleNamespace(url=sandbox.url, ca_bundle=sandbox.ca_bundle,
                              account=SimpleNamespace(access_key_id=user_key[0], access_key_secret=user_key[1]))
    oss_client(as_user).put_object(oss.models.PutObjectRequest(bucket=BUCKET, key="event.json", body=b"{}"))
    assert [r["https"] for r in sandbox.requests() if r["operation"] == "PutObject"] == [True]


def test_the_bucket_owners_root_is_not_subject_to_its_own_bucket_policy(sandbox, user_key):
    account = sandbox.account
    _plain_http(sandbox, account.access_key_id, account.access_key_secret).put_object("event.json", b"{}")
