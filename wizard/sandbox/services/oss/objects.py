"""Object handlers: PutObject, GetObject, HeadObject, DeleteObject, ListObjects (v1 and v2).

What a write stores and what WORM refuses is in models/objects.py.
"""

from __future__ import annotations

import base64
from typing import Any, Iterator
from urllib.parse import quote

from ...http.protocol import ApiError, Response
from ...iam.gate import oss_object_key
from .call import Call, empty, max_keys_param, owner_pairs, xml_response
from .models import documents
from .models import objects as model
from .times import http_time, iso_time


def _check_key_name(key: str) -> None:
    if not key or len(key.encode("utf-8")) > 1023 or key[0] in "/\\":
        raise ApiError(400, "InvalidObjectName", "The specified object is not valid.")


def _sse_headers(sse: dict[str, Any] | None) -> dict[str, str]:
    if not sse:
        return {}
    headers = {"x-oss-server-side-encryption": sse["SSEAlgorithm"]}
    if sse["SSEAlgorithm"] == "KMS" and sse.get("KMSMasterKeyID"):
        headers["x-oss-server-side-encryption-key-id"] = sse["KMSMasterKeyID"]
    return headers


def _customer_key(call: Call, encryption: dict | None, action: str) -> None:
    """SSE-KMS with a customer key: the caller needs `action` on it too (iam/gate.py)."""
    if encryption and encryption.get("SSEAlgorithm") == "KMS" and encryption.get("KMSMasterKeyID"):
        oss_object_key(call.ctx, call.request, "PutObject" if action.endswith("DataKey") else "GetObject", action,
                       documents.bucket(call.store, call.bucket) or {}, encryption["KMSMasterKeyID"])


def put_object(call: Call) -> Response:
    _check_key_name(call.key)
    headers = call.request.headers
    bucket = documents.bucket(call.store, call.bucket)
    if bucket is not None:
        _customer_key(call, model.encryption_of(bucket, headers.get("x-oss-server-side-encryption"),
                                                headers.get("x-oss-server-side-encryption-key-id")),
                      "kms:GenerateDataKey")
    obj = model.put_object(
        call.store, call.bucket, call.ctx.region, call.key, call.request.body,
        content_type=headers.get("content-type") or "application/octet-stream",
        meta={k: v for k, v in headers.items() if k.startswith("x-oss-meta-")},
        forbid_overwrite=(headers.get("x-oss-forbid-overwrite") or "").lower() == "true",
        sse_algorithm=headers.get("x-oss-server-side-encryption"),
        sse_key_id=headers.get("x-oss-server-side-encryption-key-id"),
    )
    return empty(200, {"ETag": obj["ETag"], "Content-MD5": obj["ContentMD5"], "x-oss-hash-crc64ecma": obj["Crc64"],
                       **_sse_headers(obj["Encryption"])})


def _existing_object(call: Call) -> dict[str, Any]:
    _check_key_name(call.key)
    return model.existing_object(call.store, call.bucket, call.ctx.region, call.key)


def _object_response(obj: dict[str, Any]) -> Response:
    headers = {
        "Content-Type": obj["ContentType"], "ETag": obj["ETag"], "Last-Modified": http_time(obj["LastModified"]),
        "Content-MD5": obj["ContentMD5"], "x-oss-hash-crc64ecma": obj["Crc64"],
        "x-oss-object-type": "Normal", "x-oss-storage-class": "Standard",
        **obj["Meta"], **_sse_headers(obj.get("Encryption")),
    }
    return Response(200, headers, base64.b64decode(obj["Body"]))


def get_object(call: Call) -> Response:
    obj = _existing_object(call)
    _customer_key(call, obj.get("Encryption"), "kms:Decrypt")
    return _object_response(obj)


def head_object(call: Call) -> Response:
    """Same headers as GetObject; the server drops the body of a HEAD answer but keeps its length."""
    obj = _existing_object(call)
    _customer_key(call, obj.get("Encryption"), "kms:Decrypt")
    return _object_response(obj)


def delete_object(call: Call) -> Response:
    _check_key_name(call.key)
    model.delete_object(call.store, call.bucket, call.ctx.region, call.key)
    return empty(204)


# listing -------------------------------------------------------------------------------------
def _entries(call: Call, prefix: str, after: str, delimiter: str) -> Iterator[tuple[str, dict[str, Any] | None]]:
    """(key, object) for objects and (common prefix, None) for folded prefixes, in key order, after `after`."""
    seen_prefixes: set[str] = set()
    for obj in documents.objects(call.store, call.bucket, prefix):
        key = obj["Key"]
        if key <= after:
            continue
        if delimiter:
            cut = key.find(delimiter, len(prefix))
            if cut >= 0:
                common = key[: cut + len(delimiter)]
                if common not in seen_prefixes and common > after:
                    seen_prefixes.add(common)
                    yield common, None
                continue
        yield key, obj


def _page(call: Call, prefix: str, after: str, delimiter: str, limit: int):
    page, truncated = [], False
    for entry in _entries(call, prefix, after, delimiter):
        if len(page) == limit:
            truncated = True
            break
        page.append(entry)
    return page, truncated


def _encoder(call: Call):
    if call.query.get("encoding-type") == "url":
        return lambda value: quote(value, safe="") if value else value
    return lambda value: value


def _contents(call: Call, page, encode, with_owner: bool = True) -> list:
    pairs: list = []
    for key, obj in page:
        if obj is None:
            pairs.append(("CommonPrefixes", [("Prefix", encode(key))]))
            continue
        pairs.append(("Contents", [
            ("Key", encode(key)), ("LastModified", iso_time(obj["LastModified"])), ("ETag", obj["ETag"]),
            ("Type", "Normal"), ("Size", obj["Size"]), ("StorageClass", "Standard"),
            ("Owner", owner_pairs(call.ctx) if with_owner else None),
        ]))
    return pairs


def list_objects(call: Call) -> Response:
    call.existing_bucket()
    q = call.query
    prefix, marker, delimiter = q.get("prefix", ""), q.get("marker", ""), q.get("delimiter", "")
    limit, encode = max_keys_param(call), _encoder(call)
    page, truncated = _page(call, prefix, marker, delimiter, limit)
    return xml_response("ListBucketResult", [
        ("Name", call.bucket), ("Prefix", encode(prefix)), ("Marker", encode(marker)), ("MaxKeys", limit),
        ("Delimiter", encode(delimiter)), ("EncodingType", q.get("encoding-type")), ("IsTruncated", truncated),
        ("NextMarker", encode(page[-1][0]) if truncated else None),
        *_contents(call, page, encode),
    ])


def list_objects_v2(call: Call) -> Response:
    call.existing_bucket()
    q = call.query
    prefix, delimiter = q.get("prefix", ""), q.get("delimiter", "")
    token = q.get("continuation-token", "")
    after = base64.urlsafe_b64decode(token.encode()).decode() if token else q.get("start-after", "")
    limit, encode = max_keys_param(call), _encoder(call)
    page, truncated = _page(call, prefix, after, delimiter, limit)
    return xml_response("ListBucketResult", [
        ("Name", call.bucket), ("Prefix", encode(prefix)), ("StartAfter", encode(q["start-after"]) if "start-after" in q else None),
        ("ContinuationToken", token or None), ("MaxKeys", limit), ("Delimiter", encode(delimiter)),
        ("EncodingType", q.get("encoding-type")), ("IsTruncated", truncated), ("KeyCount", len(page)),
        ("NextContinuationToken", base64.urlsafe_b64encode(page[-1][0].encode()).decode() if truncated else None),
        *_contents(call, page, encode, with_owner=q.get("fetch-owner") == "true"),
    ])
