"""Check an OSS request's signature with the algorithm the client used.

OSS4-HMAC-SHA256 (oss-v2's default) and the v1 `OSS ak:signature` HMAC-SHA1 (oss2's
default). The expected signature is computed by alibabacloud_oss_v2's own signers from a
signing context rebuilt from the received request, so the sandbox and the SDK cannot drift.
"""

from __future__ import annotations

import hmac
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from alibabacloud_oss_v2.signer.v1 import SignerV1
from alibabacloud_oss_v2.signer.v4 import SignerV4
from alibabacloud_oss_v2.types import Credentials, HttpRequest, SigningContext

from ...http.freshness import skewed
from ...http.protocol import ApiError, Request
from ...state.context import Context
from .call import Target

_V4 = "OSS4-HMAC-SHA256"

# Sub-resources that real OSS puts into the v1 canonical resource. oss-v2's signer knows a
# short list (each operation adds its own); oss2 signs this longer list, so the server uses both.
_V1_EXTRA_SUBRESOURCES = frozenset(
    """logging website cors lifecycle qos referer comp status vod startTime endTime live link group
    objectInfo x-oss-process encryption policy requestPayment x-oss-traffic-limit qosInfo asyncFetch
    x-oss-request-payer inventory inventoryId worm wormId wormExtend replication replicationLocation
    replicationProgress transferAcceleration cname metaQuery x-oss-ac-source-ip x-oss-ac-subnet-mask
    x-oss-ac-vpc-id x-oss-ac-forward-allow style styleName x-oss-async-process
    x-oss-write-get-object-response bucketArchiveDirectRead httpsConfig redundancyTransition
    x-oss-target-redundancy-type x-oss-redundancy-transition-taskid accessPoint accessPointPolicy
    publicAccessBlock x-oss-access-point-name requesterQosInfo qosRequester resourcePoolInfo
    resourcePool resourcePoolBuckets""".split()
)


def _access_denied_anonymous() -> ApiError:
    return ApiError(403, "AccessDenied", "You have no right to access this bucket or object: anonymous access is forbidden.")


def _invalid_argument(message: str) -> ApiError:
    return ApiError(400, "InvalidArgument", message)


def _secret(ctx: Context, access_key_id: str) -> str:
    secret = ctx.secret_for(access_key_id)
    if secret is None:
        raise ApiError(
            403, "InvalidAccessKeyId", "The OSS Access Key Id you provided does not exist in our records.",
            OSSAccessKeyId=access_key_id,
        )
    return secret


def _signing_request(request: Request):
    query = f"?{request.raw_query}" if request.raw_query else ""
    return HttpRequest(request.method, f"http://{request.host}{request.raw_path}{query}", headers=dict(request.headers))


def _mismatch(string_to_sign: str, provided: str, access_key_id: str) -> ApiError:
    return ApiError(
        403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.",
        StringToSign=string_to_sign, SignatureProvided=provided, OSSAccessKeyId=access_key_id,
    )


def _parse_v4(authorization: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for part in authorization[len(_V4):].strip().split(","):
        name, _, value = part.strip().partition("=")
        fields[name] = value
    if not fields.get("Credential") or not fields.get("Signature"):
        raise _invalid_argument("Authorization header is invalid.")
    return fields


def _verify_v4(ctx: Context, request: Request, target: Target, authorization: str) -> None:
    fields = _parse_v4(authorization)
    scope = fields["Credential"].split("/")
    if len(scope) != 5 or scope[4] != "aliyun_v4_request":
        raise _invalid_argument("Invalid credential in Authorization header.")
    access_key_id, _, _, product, _ = scope
    secret = _secret(ctx, access_key_id)
    try:
        signed_at = datetime.strptime(request.headers.get("x-oss-date", ""), "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        raise _invalid_argument("OSS authentication requires a valid Date.") from None
    if skewed(signed_at.timestamp()):  # the client's clock, not the sandbox clock
        raise _skewed()
    additional = {h for h in fields.get("AdditionalHeaders", "").split(";") if h}
    signing = SigningContext(
        product=product,
        region=ctx.region,  # the endpoint's region: a client signing for another region does not match
        bucket=target.bucket,
        key=target.key,
        request=_signing_request(request),
        credentials=Credentials(access_key_id, secret),
        signing_time=signed_at,
        additional_headers=additional,
    )
    SignerV4().sign(signing)
    expected = signing.request.headers["Authorization"].rsplit("Signature=", 1)[1]
    if not hmac.compare_digest(expected, fields["Signature"]):
        raise _mismatch(signing.string_to_sign, fields["Signature"], access_key_id)


def _verify_v1(ctx: Context, request: Request, target: Target, authorization: str) -> None:
    access_key_id, sep, provided = authorization[4:].strip().partition(":")
    if not sep or not access_key_id or not provided:
        raise _invalid_argument("AccessKeyId or Signature is missing in Authorization header value.")
    secret = _secret(ctx, access_key_id)
    if not (request.headers.get("x-oss-date") or request.headers.get("date")):
        raise _invalid_argument("OSS authentication requires a valid Date.")
    signing = SigningContext(
        bucket=target.bucket,
        key=target.key,
        request=_signing_request(request),
        credentials=Credentials(access_key_id, secret),
    )
    signing.sub_resource = _V1_EXTRA_SUBRESOURCES
    signer = SignerV1()
    string_to_sign = signer._calc_string_to_sign(signing_ctx=signing)  # the SDK's own canonicalisation
    expected = signer._calc_signature(access_key_secrect=secret, string_to_sign=string_to_sign)
    if not hmac.compare_digest(expected, provided):
        raise _mismatch(string_to_sign, provided, access_key_id)


def _skewed() -> ApiError:
    return ApiError(403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.")


def _check_v1_date(request: Request) -> None:
    """v1 signs the Date header (or x-oss-date): one that does not parse is refused, one more than 15 minutes off
    is RequestTimeTooSkewed, like OSS does."""
    value = request.headers.get("x-oss-date") or request.headers.get("date")
    if not value:
        return  # _verify_v1 refuses a request without either
    try:
        signed_at = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        raise _invalid_argument("OSS authentication requires a valid Date.") from None
    if skewed(signed_at.timestamp()):
        raise _skewed()


def verify(ctx: Context, request: Request, target: Target) -> None:
    """Raise the error OSS would answer when the request is not signed by a known key, or is signed with a
    temporary (STS) key without its security token (x-oss-security-token; oss-v2's v1 signer sends
    security-token)."""
    authorization = request.headers.get("authorization") or ""
    if authorization.startswith(_V4):
        _verify_v4(ctx, request, target, authorization)
    elif authorization.startswith("OSS "):
        _check_v1_date(request)
        _verify_v1(ctx, request, target, authorization)
    elif authorization:
        raise _invalid_argument("Authorization header is invalid.")
    else:
        raise _access_denied_anonymous()
    problem = ctx.token_problem(request.headers.get("x-oss-security-token") or request.headers.get("security-token"))
    if problem == "expired":
        raise ApiError(403, "SecurityTokenExpired", "The security token you provided has expired.")
    if problem:
        raise ApiError(403, "InvalidSecurityToken", "The security token you provided is invalid.")
