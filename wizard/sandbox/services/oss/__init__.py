"""The sandbox's OSS: REST + XML on `<bucket>.oss-<region>.aliyuncs.com` and path style.

`operation` names a request from its method, bucket/key and sub-resource (`?worm`,
`?encryption`, ...); `handle` checks the bucket name and the signature, authorises the
request (RAM policies and the bucket policy, iam/gate.py), checks Content-MD5, runs the
operation and renders OSS's XML error on failure; `render_error` answers injected faults
the same way. Every answer carries x-oss-request-id.

Handler modules by resource (buckets, objects, settings, worm) parse and render; models/ owns
the state; call.py, auth.py, xml.py and times.py hold what the handlers share.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Callable

from ...http.protocol import ApiError, Request, Response
from ...state.context import Context
from ...iam.gate import oss_gate
from . import auth, buckets, objects, settings, worm, xml
from .models import documents
from .call import Call, Target, target_of, valid_bucket_name

# (method, sub-resource) for service-level and bucket-level requests; "" = no sub-resource.
_SERVICE_OPERATIONS = {
    ("GET", ""): "ListBuckets",
    ("GET", "publicAccessBlock"): "GetPublicAccessBlock",
    ("PUT", "publicAccessBlock"): "PutPublicAccessBlock",
    ("DELETE", "publicAccessBlock"): "DeletePublicAccessBlock",
}
_BUCKET_OPERATIONS = {
    ("PUT", ""): "PutBucket",
    ("DELETE", ""): "DeleteBucket",
    ("GET", ""): "ListObjects",
    ("GET", "bucketInfo"): "GetBucketInfo",
    ("GET", "location"): "GetBucketLocation",
    ("GET", "acl"): "GetBucketAcl",
    ("PUT", "acl"): "PutBucketAcl",
    ("GET", "encryption"): "GetBucketEncryption",
    ("PUT", "encryption"): "PutBucketEncryption",
    ("DELETE", "encryption"): "DeleteBucketEncryption",
    ("GET", "publicAccessBlock"): "GetBucketPublicAccessBlock",
    ("PUT", "publicAccessBlock"): "PutBucketPublicAccessBlock",
    ("DELETE", "publicAccessBlock"): "DeleteBucketPublicAccessBlock",
    ("GET", "policy"): "GetBucketPolicy",
    ("PUT", "policy"): "PutBucketPolicy",
    ("DELETE", "policy"): "DeleteBucketPolicy",
    ("GET", "versioning"): "GetBucketVersioning",
    ("PUT", "versioning"): "PutBucketVersioning",
    ("GET", "logging"): "GetBucketLogging",
    ("PUT", "logging"): "PutBucketLogging",
    ("DELETE", "logging"): "DeleteBucketLogging",
    ("POST", "worm"): "InitiateBucketWorm",
    ("POST", "wormId"): "CompleteBucketWorm",
    ("POST", "wormExtend"): "ExtendBucketWorm",
    ("DELETE", "worm"): "AbortBucketWorm",
    ("GET", "worm"): "GetBucketWorm",
}
_OBJECT_OPERATIONS = {"PUT": "PutObject", "GET": "GetObject", "HEAD": "HeadObject", "DELETE": "DeleteObject"}
# Checked in this order: ExtendBucketWorm carries both wormExtend and wormId.
_SUBRESOURCES = ("wormExtend", "wormId", "worm", "bucketInfo", "location", "acl", "encryption",
                 "publicAccessBlock", "policy", "versioning", "logging")

_HANDLERS: dict[str, Callable[[Call], Response]] = {
    "ListBuckets": buckets.list_buckets,
    "GetPublicAccessBlock": settings.get_account_public_access_block,
    "PutPublicAccessBlock": settings.put_account_public_access_block,
    "DeletePublicAccessBlock": settings.delete_account_public_access_block,
    "PutBucket": buckets.put_bucket,
    "DeleteBucket": buckets.delete_bucket,
    "ListObjects": objects.list_objects,
    "ListObjectsV2": objects.list_objects_v2,
    "GetBucketInfo": buckets.get_bucket_info,
    "GetBucketLocation": buckets.get_bucket_location,
    "GetBucketAcl": buckets.get_bucket_acl,
    "PutBucketAcl": buckets.put_bucket_acl,
    "GetBucketEncryption": settings.get_encryption,
    "PutBucketEncryption": settings.put_encryption,
    "DeleteBucketEncryption": settings.delete_encryption,
    "GetBucketPublicAccessBlock": settings.get_bucket_public_access_block,
    "PutBucketPublicAccessBlock": settings.put_bucket_public_access_block,
    "DeleteBucketPublicAccessBlock": settings.delete_bucket_public_access_block,
    "GetBucketPolicy": settings.get_policy,
    "PutBucketPolicy": settings.put_policy,
    "DeleteBucketPolicy": settings.delete_policy,
    "GetBucketVersioning": settings.get_versioning,
    "PutBucketVersioning": settings.put_versioning,
    "GetBucketLogging": settings.get_logging,
    "PutBucketLogging": settings.put_logging,
    "DeleteBucketLogging": settings.delete_logging,
    "InitiateBucketWorm": worm.initiate,
    "CompleteBucketWorm": worm.complete,
    "ExtendBucketWorm": worm.extend,
    "AbortBucketWorm": worm.abort,
    "GetBucketWorm": worm.get,
    "PutObject": objects.put_object,
    "GetObject": objects.get_object,
    "HeadObject": objects.head_object,
    "DeleteObject": objects.delete_object,
}


def _operation_for(request: Request, target: Target) -> str:
    query = request.query
    if target.key is not None:
        return _OBJECT_OPERATIONS.get(request.method, "Unknown")
    subresource = next((name for name in _SUBRESOURCES if name in query), "")
    if target.bucket is None:
        return _SERVICE_OPERATIONS.get((request.method, subresource), "Unknown")
    name = _BUCKET_OPERATIONS.get((request.method, subresource), "Unknown")
    if name == "ListObjects" and query.get("list-type") == "2":
        return "ListObjectsV2"
    return name


def operation(request: Request) -> str:
    """The OSS API name of a request (for the request log and fault matching)."""
    return _operation_for(request, target_of(request))


def _request_id(ctx: Context) -> str:
    return ctx.request_id().replace("-", "")[:24]


def _host_id(ctx: Context, request: Request) -> str:
    return request.host or f"oss-{ctx.region}.aliyuncs.com"


def _error_response(ctx: Context, request: Request, error: ApiError, request_id: str) -> Response:
    body = xml.render("Error", [
        ("Code", error.code), ("Message", error.message), ("RequestId", request_id),
        ("HostId", _host_id(ctx, request)), *error.extra.items(),
    ])
    headers = {"Content-Type": "application/xml", "x-oss-request-id": request_id}
    if error.extra.get("EC"):
        headers["x-oss-ec"] = error.extra["EC"]
    if request.method == "HEAD":  # a HEAD answer has no body: OSS puts the error in x-oss-err
        headers["x-oss-err"] = base64.b64encode(body).decode()
        body = b""
    return Response(error.status, headers, body)


def render_error(ctx: Context, request: Request, error: ApiError) -> Response:
    """OSS's XML error document for `error` (used by the server for injected faults)."""
    return _error_response(ctx, request, error, _request_id(ctx))


def _check_content_md5(request: Request) -> None:
    expected = request.headers.get("content-md5")
    if expected and expected != base64.b64encode(hashlib.md5(request.body).digest()).decode():
        raise ApiError(400, "InvalidDigest", "The Content-MD5 you specified is not valid.")


def handle(ctx: Context, request: Request) -> Response:
    target = target_of(request, ctx.subdomain)
    name = _operation_for(request, target)
    request_id = _request_id(ctx)
    try:
        if target.bucket is not None and not valid_bucket_name(target.bucket):
            raise ApiError(400, "InvalidBucketName", "The specified bucket is not valid.", BucketName=target.bucket)
        auth.verify(ctx, request, target)
        bucket = documents.bucket(ctx.store, target.bucket) if target.bucket is not None else None
        oss_gate(ctx, request, name, bucket, target.bucket, target.key)
        _check_content_md5(request)
        handler = _HANDLERS.get(name)
        if handler is None:
            raise ApiError(501, "NotImplemented", "A header you provided implies functionality that is not implemented.")
        response = handler(Call(ctx, request, target))
    except ApiError as error:
        return _error_response(ctx, request, error, request_id)
    response.headers["x-oss-request-id"] = request_id
    return response
