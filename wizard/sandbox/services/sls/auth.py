"""SLS request signatures: `LOG ak:sig` over HMAC-SHA256 (the Tea SLS gateway) or HMAC-SHA1 (aliyun-log SDK).

The string to sign is built by the Tea gateway's own helpers
(alibabacloud_gateway_sls.client.Client.build_canonicalized_*), from what the
request actually carried.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import parse_qsl

from ...protocol import ApiError, Request


def _gateway():
    from alibabacloud_gateway_sls.client import Client

    return Client()


def verify(request: Request, secret_for) -> None:
    authorization = request.headers.get("authorization", "") or ""
    if not authorization.startswith("LOG "):
        raise ApiError(401, "Unauthorized", "The request is not signed: the Authorization header is missing or "
                       "uses an unsupported scheme (LOG ak:signature is supported).")
    access_key_id, _, signature = authorization[4:].partition(":")
    secret = secret_for(access_key_id)
    if secret is None:
        raise ApiError(401, "Unauthorized", f"AccessKeyId not found: {access_key_id}")
    md5 = request.headers.get("content-md5")
    if request.body and md5 and md5.upper() != hashlib.md5(request.body).hexdigest().upper():
        raise ApiError(400, "InvalidContentMD5", "The Content-MD5 header does not match the body.")
    gateway = _gateway()
    # x-log-date (added after signing by aliyun-log) and x-log-meta-* are not part of a v1 signature
    headers = {name: value for name, value in request.headers.items()
               if name != "x-log-date" and not name.startswith("x-log-meta-")}
    query = dict(parse_qsl(request.raw_query, keep_blank_values=True))
    resource = gateway.build_canonicalized_resource(request.path or "/", query or None)
    string_to_sign = f"{request.method}\n{gateway.build_canonicalized_headers(headers)}{resource}"
    digest = hashlib.sha1 if headers.get("x-log-signaturemethod", "").lower() == "hmac-sha1" else hashlib.sha256
    expected = base64.b64encode(hmac.new(secret.encode(), string_to_sign.encode(), digest).digest()).decode()
    if not hmac.compare_digest(expected, signature):
        raise ApiError(401, "SignatureNotMatch", f"signature {signature} not match")
