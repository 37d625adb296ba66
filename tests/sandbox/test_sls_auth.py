"""SLS signatures in the sandbox: the Tea client (v1 HMAC-SHA256 by default, SLS4-HMAC-SHA256 on request) and
aliyun-log-python-sdk (v1 HMAC-SHA1 by default, v4 on request) both get in; a wrong secret, an unknown key,
an unsigned or tampered request get SLS's real answers."""

from __future__ import annotations

import hashlib
import json

import pytest
import requests
from alibabacloud_sls20201230 import models as sls
from alibabacloud_sls20201230.client import Client

from tests.support.clients import error_of, sls_client, tea_config

ENDPOINT = "cn-hangzhou.log.aliyuncs.com"


@pytest.fixture
def project(sandbox):
    sls_client(sandbox).create_project(sls.CreateProjectRequest(project_name="acme-logs", description="audit"))
    return "acme-logs"


@pytest.fixture
def proxied(sandbox, monkeypatch):
    """aliyun-log sends with requests, which takes its proxy from the environment."""
    for name in ("HTTP_PROXY", "http_proxy"):
        monkeypatch.setenv(name, sandbox.url)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)


def _v4_client(sandbox, **kw):
    config = tea_config(sandbox, ENDPOINT, **kw)
    config.signature_version = "v4"
    return Client(config)


def test_wrong_secret_is_signature_not_match(sandbox, project):
    error = error_of(sls_client(sandbox, secret="wrong").get_project, project, sls.GetProjectRequest())
    assert (error.code, error.data["statusCode"]) == ("SignatureNotMatch", 401)
    assert error.data["requestId"]


def test_unknown_access_key_is_unauthorized(sandbox, project):
    config = tea_config(sandbox, ENDPOINT)
    config.access_key_id = "LTAI-unknown"
    error = error_of(Client(config).get_project, project, sls.GetProjectRequest())
    assert (error.code, error.data["statusCode"]) == ("Unauthorized", 401)
    assert "LTAI-unknown" in error.message


def test_tea_v4_signatures(sandbox):
    client = _v4_client(sandbox)
    client.create_project(sls.CreateProjectRequest(project_name="acme-v4", description="v4"))
    client.create_log_store("acme-v4", sls.CreateLogStoreRequest(logstore_name="events", ttl=90, shard_count=2))
    assert client.list_log_stores("acme-v4", sls.ListLogStoresRequest(offset=0, size=10)).body.logstores == ["events"]
    error = error_of(_v4_client(sandbox, secret="wrong").get_project, "acme-v4", sls.GetProjectRequest())
    assert (error.code, error.data["statusCode"]) == ("SignatureNotMatch", 401)


def test_aliyun_log_sdk_sees_what_the_tea_client_made(sandbox, proxied):
    from aliyun.log import LogClient

    client = LogClient(f"http://{ENDPOINT}", sandbox.account.access_key_id, sandbox.account.access_key_secret,
                       source="sandbox-test")
    client.create_project("cross-check", "made by aliyun-log")
    assert client.get_project("cross-check").get_description() == "made by aliyun-log"
    client.create_logstore("cross-check", "events", ttl=400, shard_count=2)
    assert client.get_logstore("cross-check", "events").get_ttl() == 400
    assert client.list_logstore("cross-check").get_logstores() == ["events"]
    assert sls_client(sandbox).get_log_store("cross-check", "events").body.ttl == 400
    sls_client(sandbox).create_log_store("cross-check", sls.CreateLogStoreRequest(
        logstore_name="from-tea", ttl=30, shard_count=2))
    assert client.get_logstore("cross-check", "from-tea").get_ttl() == 30


def test_aliyun_log_sdk_errors(sandbox, project, proxied):
    from aliyun.log import LogClient, LogException

    bad = LogClient(f"http://{ENDPOINT}", sandbox.account.access_key_id, "wrong", source="sandbox-test")
    with pytest.raises(LogException) as caught:
        bad.get_project(project)
    assert (caught.value.get_error_code(), caught.value.get_resp_status()) == ("SignatureNotMatch", 401)
    good = LogClient(f"http://{ENDPOINT}", sandbox.account.access_key_id, sandbox.account.access_key_secret,
                     source="sandbox-test")
    with pytest.raises(LogException) as caught:
        good.get_logstore(project, "missing")
    assert caught.value.get_error_code() == "LogStoreNotExist" and caught.value.get_request_id()


def test_aliyun_log_sdk_v4(sandbox, project, proxied):
    from aliyun.log import LogClient
    from aliyun.log.auth import AUTH_VERSION_4

    client = LogClient(f"http://{ENDPOINT}", sandbox.account.access_key_id, sandbox.account.access_key_secret,
                       source="sandbox-test", auth_version=AUTH_VERSION_4, region="cn-hangzhou")
    client.create_logstore(project, "events", ttl=200, shard_count=2)
    assert client.get_logstore(project, "events").get_ttl() == 200


def _signed(sandbox, method, path, body: bytes, secret=None, **extra: str):
    """Headers signed by aliyun-log's own v1 signer, as its LogClient would send them."""
    from aliyun.log.auth import AuthV1
    from aliyun.log.credentials import StaticCredentialsProvider

    headers = {"Content-Type": "application/json", "x-log-apiversion": "0.6.0",
               "x-log-bodyrawsize": str(len(body)), "Host": f"acme-logs.{ENDPOINT}"}
    headers.update({key.replace("_", "-"): value for key, value in extra.items()})
    headers = {key: value for key, value in headers.items() if value}
    provider = StaticCredentialsProvider(sandbox.account.access_key_id, secret or sandbox.account.access_key_secret)
    AuthV1(provider).sign_request(method, path, {}, headers, body)
    return headers


def _send(sandbox, method, path, headers, body):
    return requests.request(method, f"http://acme-logs.{ENDPOINT}{path}", headers=headers, data=body,
                            proxies={"http": sandbox.url}, timeout=10)


def test_a_body_changed_after_signing_is_refused(sandbox, project):
    signed_body = json.dumps({"logstoreName": "events", "ttl": 30, "shardCount": 2}).encode()
    headers = _signed(sandbox, "POST", "/logstores", signed_body)
    assert headers["Content-MD5"] == hashlib.md5(signed_body).hexdigest().upper()
    tampered = signed_body.replace(b"30", b"99")
    answer = _send(sandbox, "POST", "/logstores", headers, tampered)
    assert answer.status_code == 400 and answer.json()["errorCode"] == "InvalidContentMD5"
    assert answer.headers["x-log-requestid"]
    assert _send(sandbox, "POST", "/logstores", headers, signed_body).status_code == 200


def test_a_header_changed_after_signing_is_refused(sandbox, project):
    body = json.dumps({"logstoreName": "events", "ttl": 30, "shardCount": 2}).encode()
    headers = _signed(sandbox, "POST", "/logstores", body)
    headers["x-log-apiversion"] = "0.5.0"
    answer = _send(sandbox, "POST", "/logstores", headers, body)
    assert (answer.status_code, answer.json()["errorCode"]) == (401, "SignatureNotMatch")


def test_an_unsigned_request_is_unauthorized(sandbox, project):
    answer = _send(sandbox, "GET", "/logstores", {"x-log-apiversion": "0.6.0"}, b"")
    assert (answer.status_code, answer.json()["errorCode"]) == (401, "Unauthorized")


def test_compressed_bodies_need_their_raw_size(sandbox, project):
    import zlib

    raw = json.dumps({"logstoreName": "events", "ttl": 30, "shardCount": 2}).encode()
    body = zlib.compress(raw)
    headers = _signed(sandbox, "POST", "/logstores", body, x_log_compresstype="deflate", x_log_bodyrawsize="")
    answer = _send(sandbox, "POST", "/logstores", headers, body)
    assert (answer.status_code, answer.json()["errorCode"]) == (400, "MissingBodyRawSize")
    headers = _signed(sandbox, "POST", "/logstores", body, x_log_compresstype="snappy-ish")
    assert _send(sandbox, "POST", "/logstores", headers, body).json()["errorCode"] == "InvalidCompressType"
    headers = _signed(sandbox, "POST", "/logstores", body, x_log_compresstype="deflate",
                      x_log_bodyrawsize=str(len(raw)))
    assert _send(sandbox, "POST", "/logstores", headers, body).status_code == 200
    assert sls_client(sandbox).get_log_store(project, "events").body.ttl == 30
