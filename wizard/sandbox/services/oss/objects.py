"""Objects: PutObject, GetObject, HeadObject, DeleteObject, ListObjects (v1 and v2).

Enough for log delivery checks and for WORM to bite: an object younger than an active
retention policy's period cannot be deleted or overwritten (409 FileImmutable).
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any, Iterator
from urllib.parse import quote

from ...http.protocol import ApiError, Response
from . import worm
from .buckets import max_keys_param
from .call import OBJECT_KIND, Call, empty, http_time, iso_time, owner_pairs, xml_response

_SSE_VALUES = ("AES256", "KMS", "SM4")


def _object_key(call: Call) -> str:
    return f"{call.bucket}/{call.key}"


def _check_key_name(key: str) -> None:
    if not key or len(key.encode("utf-8")) > 1023 or key[0] in "/\\":
        raise ApiError(400, "InvalidObjectName", "The specified object is not valid.")


def _no_such_key(call: Call) -> ApiError:
    return ApiError(404, "NoSuchKey", "The specified key does not exist.", Key=call.key)


def _crc64(data: bytes) -> str:
    from alibabacloud_oss_v2.crc import Crc64

    crc = Crc64(0)
    crc.update(data)
    return str(crc.sum64())


def _encryption(call: Call, bucket: dict[str, Any]) -> dict[str, str] | None:
    """The object's SSE: the request's x-oss-server-side-encryption headers, else the bucket default."""
    algorithm = call.request.headers.get("x-oss-server-side-encryption")
    if algorithm is None:
        return bucket.get("Encryption") or None
    if algorithm not in _SSE_VALUES:
        raise ApiError(400, "InvalidEncryptionAlgorithmError",
                       "The Encryption request you specified is not valid. Supported value: AES256/SM4/KMS.")
    return {"SSEAlgorithm": algorithm, "KMSMasterKeyID": call.request.headers.get("x-oss-server-side-encryption-key-id")}


def _sse_headers(sse: dict[str, Any] | None) -> dict[str, str]:
    if not sse:
        return {}
    headers = {"x-oss-server-side-encryption": sse["SSEAlgorithm"]}
    if sse["SSEAlgorithm"] == "KMS" and sse.get("KMSMasterKeyID"):
        headers["x-oss-server-side-encryption-key-id"] = sse["KMSMasterKeyID"]
    return headers


def _refuse_if_retained(call: Call, bucket: dict[str, Any], obj: dict[str, Any] | None) -> None:
    if obj is not None and worm.protected_until(bucket, obj, call.ctx.now()) is not None:
        raise ApiError(409, "FileImmutable", "The object you specified is immutable.", Key=call.key)


def put_object(call: Call) -> Response:
    _check_key_name(call.key)
    body = call.request.body
    with call.store.transaction():
        bucket = call.existing_bucket()
        existing = call.store.get(OBJECT_KIND, _object_key(call))
        if existing is not None and (call.request.headers.get("x-oss-forbid-overwrite") or "").lower() == "true":
            raise ApiError(409, "FileAlreadyExists", "The object you specified already exists and can not be overwritten.", Key=call.key)
        _refuse_if_retained(call, bucket, existing)
        md5 = hashlib.md5(body).digest()
        obj = {
            "Key": call.key, "Size": len(body), "LastModified": call.ctx.now(),
            "ETag": f'"{md5.hex().upper()}"', "ContentMD5": base64.b64encode(md5).decode(),
            "Crc64": _crc64(body), "ContentType": call.request.headers.get("content-type") or "application/octet-stream",
            "Meta": {k: v for k, v in call.request.headers.items() if k.startswith("x-oss-meta-")},
            "Encryption": _encryption(call, bucket), "Body": base64.b64encode(body).decode(),
        }
        call.store.put(OBJECT_KIND, _object_key(call), obj)
    return empty(200, {"ETag": obj["ETag"], "Content-MD5": obj["ContentMD5"], "x-oss-hash-crc64ecma": obj["Crc64"],
                       **_sse_headers(obj["Encryption"])})


def _existing_object(call: Call) -> dict[str, Any]:
    _check_key_name(call.key)
    call.existing_bucket()
    obj = call.store.get(OBJECT_KIND, _object_key(call))
    if obj is None:
        raise _no_such_key(call)
    return obj


def _object_response(obj: dict[str, Any]) -> Response:
    headers = {
        "Content-Type": obj["ContentType"], "ETag": obj["ETag"], "Last-Modified": http_time(obj["LastModified"]),
        "Content-MD5": obj["ContentMD5"], "x-oss-hash-crc64ecma": obj["Crc64"],
        "x-oss-object-type": "Normal", "x-oss-storage-class": "Standard",
        **obj["Meta"], **_sse_headers(obj.get("Encryption")),
    }
    return Response(200, headers, base64.b64decode(obj["Body"]))


def get_object(call: Call) -> Response:
    return _object_response(_existing_object(call))


def head_object(call: Call) -> Response:
    """Same headers as GetObject; the server drops the body of a HEAD answer but keeps its length."""
    return _object_response(_existing_object(call))


def delete_object(call: Call) -> Response:
    _check_key_name(call.key)
    with call.store.transaction():
        bucket = call.existing_bucket()
        existing = call.store.get(OBJECT_KIND, _object_key(call))
        _refuse_if_retained(call, bucket, existing)
        if existing is not None:
            call.store.delete(OBJECT_KIND, _object_key(call))
    return empty(204)


# listing -------------------------------------------------------------------------------------
def _entries(call: Call, prefix: str, after: str, delimiter: str) -> Iterator[tuple[str, dict[str, Any] | None]]:
    """(key, object) for objects and (common prefix, None) for folded prefixes, in key order, after `after`."""
    seen_prefixes: set[str] = set()
    for obj in call.store.list(OBJECT_KIND, f"{call.bucket}/{prefix}"):
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
