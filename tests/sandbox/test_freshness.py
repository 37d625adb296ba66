"""Signed requests must be fresh and used once (FIDELITY.md, "Transport"): the 15-minute window of every
gateway, and RPC signature nonces. Requests are signed here with the SDKs' own signers at a chosen time."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
import uuid
from email.utils import formatdate
from types import SimpleNamespace

import pytest

STS = "sts.cn-hangzhou.aliyuncs.com"


def _send(sandbox, method: str, url: str, headers: dict, body: bytes = b"") -> tuple[int, bytes]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": sandbox.url}))
    request = urllib.request.Request(url, data=body or None, method=method, headers=headers)
    try:
        with opener.open(request, timeout=10) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _acs3(sandbox, at: float, nonce: str) -> dict:
    """GetCallerIdentity signed with ACS3-HMAC-SHA256 as the Tea client signs it, dated `at`."""
    from alibabacloud_tea_openapi.utils import Utils

    account = sandbox.account
    headers = {"host": STS, "x-acs-action": "GetCallerIdentity", "x-acs-version": "2015-04-01",
               "x-acs-date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(at)),
               "x-acs-signature-nonce": nonce, "x-acs-content-sha256": hashlib.sha256(b"").hexdigest()}
    signed = SimpleNamespace(method="POST", pathname="/", query={}, headers=headers)
    headers["Authorization"] = Utils.get_authorization(signed, "ACS3-HMAC-SHA256", headers["x-acs-content-sha256"],
                                                       account.access_key_id, account.access_key_secret)
    return headers


def _rpc_code(status_body: tuple[int, bytes]) -> tuple[int, str]:
    status, body = status_body
    return status, json.loads(body).get("Code", "")


def test_a_fresh_rpc_request_is_served_once_and_its_replay_refused(sandbox):
    headers = _acs3(sandbox, time.time(), uuid.uuid4().hex)
    status, body = _send(sandbox, "POST", f"http://{STS}/", headers)
    assert status == 200 and json.loads(body)["AccountId"] == sandbox.account.account_id
    assert _rpc_code(_send(sandbox, "POST", f"http://{STS}/", headers)) == (400, "SignatureNonceUsed")


@pytest.mark.parametrize("minutes, served", [(-16, False), (16, False), (-14, True), (14, True)])
def test_an_rpc_request_more_than_15_minutes_off_is_refused(sandbox, minutes, served):
    headers = _acs3(sandbox, time.time() + minutes * 60, uuid.uuid4().hex)
    outcome = _rpc_code(_send(sandbox, "POST", f"http://{STS}/", headers))
    assert outcome == ((200, "") if served else (400, "InvalidTimeStamp.Expired"))


def test_a_v1_rpc_request_checks_timestamp_and_nonce_too(sandbox):
    from urllib.parse import urlencode

    from alibabacloud_tea_openapi.utils import Utils

    def signed(at: float, nonce: str) -> str:
        params = {"Action": "GetCallerIdentity", "Version": "2015-04-01", "Format": "JSON",
                  "AccessKeyId": sandbox.account.access_key_id, "SignatureMethod": "HMAC-SHA1",
                  "SignatureVersion": "1.0", "SignatureNonce": nonce,
                  "Timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(at))}
        params["Signature"] = Utils.get_rpcsignature(params, "GET", sandbox.account.access_key_secret)
        return f"http://{STS}/?{urlencode(params)}"

    fresh = signed(time.time(), "n-1")
    assert _send(sandbox, "GET", fresh, {})[0] == 200
    assert _rpc_code(_send(sandbox, "GET", fresh, {})) == (400, "SignatureNonceUsed")
    assert _rpc_code(_send(sandbox, "GET", signed(time.time() - 3600, "n-2"), {})) == (400, "InvalidTimeStamp.Expired")


def _oss_v1(sandbox, at: float) -> tuple[int, bytes]:
    from alibabacloud_oss_v2.signer.v1 import SignerV1
    from alibabacloud_oss_v2.types import Credentials, HttpRequest, SigningContext

    url = "http://oss-cn-hangzhou.aliyuncs.com/"
    request = HttpRequest("GET", url, headers={})
    SignerV1().sign(SigningContext(request=request, signing_time=datetime.datetime.fromtimestamp(at, datetime.timezone.utc),
                                   credentials=Credentials(sandbox.account.access_key_id,
                                                           sandbox.account.access_key_secret)))
    return _send(sandbox, "GET", url, dict(request.headers))


def test_an_oss_request_dated_more_than_15_minutes_off_is_too_skewed(sandbox):
    assert _oss_v1(sandbox, time.time())[0] == 200
    status, body = _oss_v1(sandbox, time.time() - 20 * 60)
    assert status == 403 and b"<Code>RequestTimeTooSkewed</Code>" in body


def _sls_v1(sandbox, date: str) -> tuple[int, dict]:
    """ListProject signed the way aliyun-log signs it (LOG ak:signature over HMAC-SHA1)."""
    host = "cn-hangzhou.log.aliyuncs.com"
    headers = {"Date": date, "x-log-apiversion": "0.6.0", "x-log-signaturemethod": "hmac-sha1", "Host": host,
               "x-log-bodyrawsize": "0"}
    canonical = "".join(f"{k}:{v}\n" for k, v in sorted((k.lower(), v) for k, v in headers.items()
                                                          if k.lower().startswith(("x-log-", "x-acs-"))))
    to_sign = f"GET\n\n\n{date}\n{canonical}/"
    digest = hmac.new(sandbox.account.access_key_secret.encode(), to_sign.encode(), hashlib.sha1).digest()
    headers["Authorization"] = f"LOG {sandbox.account.access_key_id}:{base64.b64encode(digest).decode()}"
    status, body = _send(sandbox, "GET", f"http://{host}/", headers)
    return status, json.loads(body or b"{}")


def test_an_sls_request_dated_more_than_15_minutes_off_has_expired(sandbox):
    assert _sls_v1(sandbox, formatdate(usegmt=True))[0] == 200
    status, body = _sls_v1(sandbox, formatdate(time.time() - 30 * 60, usegmt=True))
    assert status == 400 and body["errorCode"] == "RequestTimeExpired"
    status, body = _sls_v1(sandbox, "yesterday at noon")
    assert status == 400 and body["errorCode"] == "InvalidRequestTime"
