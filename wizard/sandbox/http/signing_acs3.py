"""Signature checks for the Tea RPC/ROA clients: ACS3-HMAC-SHA256 and the v1 RPC signature.

The expected value is computed with the SDK's own helpers
(alibabacloud_tea_openapi.utils), fed with what the request actually carried. A request that
verifies must also be fresh (x-acs-date / Timestamp within 15 minutes) and its SignatureNonce
unused (freshness.py).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl

from alibabacloud_tea_openapi.utils import Utils

from .freshness import NonceBook, parse_time, skewed
from .protocol import ApiError, Request

_AUTH = re.compile(r"^(?P<alg>ACS3-[A-Z0-9-]+) Credential=(?P<ak>[^,]+),SignedHeaders=(?P<signed>[^,]*),"
                   r"Signature=(?P<sig>[0-9a-f]+)$")


@dataclass
class _SignedRequest:
    """The shape alibabacloud_tea_openapi's Utils.get_authorization reads."""

    method: str
    pathname: str
    query: dict
    headers: dict


def access_key_of(request: Request) -> str | None:
    match = _AUTH.match(request.headers.get("authorization", "") or "")
    if match:
        return match.group("ak")
    return dict(parse_qsl(request.raw_query)).get("AccessKeyId")


def verify(request: Request, secret_for, nonces: NonceBook | None = None, token_problem=None) -> None:
    """Raise the gateway's real error when the request is not signed by a known key, is stale or is replayed, or
    is signed with a temporary (STS) key without its own security token (x-acs-security-token, or SecurityToken
    in a v1 request)."""
    authorization = request.headers.get("authorization")
    if authorization:
        key_id = _verify_acs3(request, authorization, secret_for)
        _fresh(key_id, request.headers.get("x-acs-date"), request.headers.get("x-acs-signature-nonce"), nonces)
        _token(token_problem, request.headers.get("x-acs-security-token"))
        return
    query = dict(parse_qsl(request.raw_query, keep_blank_values=True))
    if "Signature" in query:
        params = _verify_v1(request, query, secret_for)
        _fresh(params.get("AccessKeyId", ""), params.get("Timestamp"), params.get("SignatureNonce"), nonces)
        _token(token_problem, params.get("SecurityToken"))
        return
    raise ApiError(400, "MissingAuthorization", "Authorization is mandatory for this action.")


def _token(token_problem, presented: str | None) -> None:
    problem = token_problem(presented) if token_problem else None
    if problem == "expired":
        raise ApiError(400, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.")
    if problem:
        raise ApiError(400, "InvalidSecurityToken.MismatchWithAccessKey",
                       "Specified SecurityToken mismatch with the AccessKey.")


def _fresh(key_id: str, stamp: str | None, nonce: str | None, nonces: NonceBook | None) -> None:
    signed_at = parse_time(stamp or "", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S.%fZ")
    if signed_at is None:
        raise ApiError(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.")
    if skewed(signed_at):
        raise ApiError(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
    if nonce and nonces is not None and not nonces.first_use(key_id, nonce):
        raise ApiError(400, "SignatureNonceUsed", "Specified signature nonce was used already.")


def _secret(access_key_id: str, secret_for) -> str:
    secret = secret_for(access_key_id)
    if secret is None:
        raise ApiError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
    return secret


def _mismatch() -> ApiError:
    return ApiError(400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation.")


def _verify_acs3(request: Request, authorization: str, secret_for) -> str:
    match = _AUTH.match(authorization)
    if not match:
        raise ApiError(400, "InvalidAuthorization", "The Authorization header is malformed.")
    secret = _secret(match.group("ak"), secret_for)
    algorithm = match.group("alg")
    payload_hash = request.headers.get("x-acs-content-sha256", "")
    if payload_hash != hashlib.sha256(request.body).hexdigest():
        raise ApiError(400, "InvalidContentSha256", "The x-acs-content-sha256 header does not match the body.")
    signed_names = [name for name in match.group("signed").split(";") if name]
    headers = {name: request.headers.get(name, "") for name in signed_names}
    if "host" in headers and request.headers.get("host") is None:
        headers["host"] = request.host
    query = dict(parse_qsl(request.raw_query, keep_blank_values=True))
    signed = _SignedRequest(request.method, request.path or "/", query, headers)
    expected = Utils.get_authorization(signed, algorithm, payload_hash, match.group("ak"), secret)
    if not hmac.compare_digest(expected, authorization):
        raise _mismatch()
    return match.group("ak")


def _verify_v1(request: Request, query: dict, secret_for) -> dict:
    secret = _secret(query.get("AccessKeyId", ""), secret_for)
    params = dict(query)
    if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        params.update(parse_qsl(request.body.decode("utf-8"), keep_blank_values=True))
    signature = params.pop("Signature")
    expected = Utils.get_rpcsignature(params, request.method, secret)
    if not hmac.compare_digest(expected, signature):
        raise _mismatch()
    return params
