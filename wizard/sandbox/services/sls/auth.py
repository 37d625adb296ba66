"""SLS request signatures: v1 `LOG ak:sig` over HMAC-SHA256 (the Tea SLS gateway's default) or HMAC-SHA1
(aliyun-log's default), and v4 SLS4-HMAC-SHA256 (Tea `signature_version="v4"`, aliyun-log `auth_version=v4`).

The string to sign is built by the Tea gateway's own helpers
(alibabacloud_gateway_sls.client.Client.build_canonicalized_*), from what the
request actually carried.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from email.utils import formatdate
from types import SimpleNamespace
from urllib.parse import parse_qsl

from alibabacloud_gateway_sls.client import Client

from ...http.freshness import parse_time, skewed
from ...http.protocol import ApiError, Request


def _gateway():
    return Client()


_V4 = re.compile(r"^SLS4-HMAC-SHA256 Credential=(?P<ak>[^/]+)/(?P<day>\d{8})/(?P<region>[a-z0-9-]+)/sls/"
                 r"aliyun_v4_request,Signature=(?P<sig>[0-9a-f]+)$")
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def _check_time(request: Request, v4: bool) -> None:
    """The request time (Date, or x-log-date for v4) must parse and be within 15 minutes of the server's."""
    value = request.headers.get("x-log-date", "") if v4 else request.headers.get("date", "")
    signed_at = parse_time(value, "%Y%m%dT%H%M%SZ") if v4 else parse_time(value, "rfc822")
    if signed_at is None:
        raise ApiError(400, "InvalidRequestTime", f"Request time {value} not follow RFC822 spec.")
    if skewed(signed_at):
        raise ApiError(400, "RequestTimeExpired", f"Request time {value} has been expired while server time is "
                       f"{formatdate(usegmt=True)}.")


def verify(request: Request, secret_for, token_problem=None) -> None:
    """Raise SLS's error for a request not signed by a known key, stale, or signed with a temporary (STS) key
    without its security token (x-acs-security-token)."""
    _verify(request, secret_for)
    problem = token_problem(request.headers.get("x-acs-security-token")) if token_problem else None
    if problem == "expired":
        raise ApiError(401, "SecurityTokenExpired", "The security token you provided has expired.")
    if problem:
        raise ApiError(401, "Unauthorized", "The security token you provided is invalid.")


def _verify(request: Request, secret_for) -> None:
    authorization = request.headers.get("authorization", "") or ""
    if authorization.startswith("SLS4-HMAC-SHA256 "):
        _verify_v4(request, authorization, secret_for)
        _check_time(request, v4=True)
        return
    if not authorization.startswith("LOG "):
        raise ApiError(401, "Unauthorized", "The request is not signed: the Authorization header is missing or "
                       "uses an unsupported scheme (LOG ak:signature and SLS4-HMAC-SHA256 are supported).")
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
    # The Tea gateway says hmac-sha256, aliyun-log says hmac-sha1; without the header SLS assumes SHA-1.
    digest = hashlib.sha256 if headers.get("x-log-signaturemethod", "").lower() == "hmac-sha256" else hashlib.sha1
    expected = base64.b64encode(hmac.new(secret.encode(), string_to_sign.encode(), digest).digest()).decode()
    if not hmac.compare_digest(expected, signature):
        raise ApiError(401, "SignatureNotMatch", f"Signature {signature} not matched.")
    _check_time(request, v4=False)


def _verify_v4(request: Request, authorization: str, secret_for) -> None:
    """SLS4-HMAC-SHA256, recomputed with the Tea gateway's own v4 helpers."""
    match = _V4.match(authorization)
    if not match:
        raise ApiError(401, "Unauthorized", "The SLS4-HMAC-SHA256 Authorization header is malformed.")
    secret = secret_for(match.group("ak"))
    if secret is None:
        raise ApiError(401, "Unauthorized", f"AccessKeyId not found: {match.group('ak')}")
    content_hash = request.headers.get("x-log-content-sha256", "")
    if content_hash != (hashlib.sha256(request.body).hexdigest() if request.body else EMPTY_SHA256):
        raise ApiError(400, "InvalidContentSha256", "x-log-content-sha256 does not match the body.")
    date = request.headers.get("x-log-date", "")
    if date[:8] != match.group("day"):
        raise ApiError(401, "SignatureNotMatch", "x-log-date does not match the credential scope")
    gateway = _gateway()
    headers = dict(request.headers.items())
    query = dict(parse_qsl(request.raw_query, keep_blank_values=True))
    context = SimpleNamespace(request=SimpleNamespace(pathname=request.path or "/", query=query, headers=headers,
                                                      method=request.method))
    region, day = match.group("region"), match.group("day")
    scope = f"{day}/{region}/sls/aliyun_v4_request"
    key = gateway.get_signingkey_v4("SLS4-HMAC-SHA256", secret, region, day)
    expected = gateway.get_signature_v4(context, "SLS4-HMAC-SHA256", gateway.get_signed_header_str_v4(headers), date,
                                        scope, content_hash, key)
    if not hmac.compare_digest(expected, match.group("sig")):
        raise ApiError(401, "SignatureNotMatch", f"Signature {match.group('sig')} not matched.")
