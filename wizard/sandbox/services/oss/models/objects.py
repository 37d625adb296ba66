"""Object rules: what a write stores (checksums, encryption) and what WORM or x-oss-forbid-overwrite refuse.

Enough for log delivery checks and for WORM to bite: an object younger than an active
retention policy's period cannot be deleted or overwritten (409 FileImmutable).
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from alibabacloud_oss_v2.crc import Crc64

from ....http.protocol import ApiError
from ....state import clock
from ....state.store import Store
from . import documents, worm

SSE_VALUES = ("AES256", "KMS", "SM4")


def _crc64(data: bytes) -> str:
    crc = Crc64(0)
    crc.update(data)
    return str(crc.sum64())


def encryption_of(bucket: dict[str, Any], algorithm: str | None, key_id: str | None) -> dict[str, str] | None:
    """The object's SSE: the request's x-oss-server-side-encryption headers, else the bucket default."""
    if algorithm is None:
        return bucket.get("Encryption") or None
    if algorithm not in SSE_VALUES:
        raise ApiError(400, "InvalidEncryptionAlgorithmError",
                       "The Encryption request you specified is not valid. Supported value: AES256/SM4/KMS.")
    return {"SSEAlgorithm": algorithm, "KMSMasterKeyID": key_id}


def _refuse_if_retained(store: Store, bucket: dict[str, Any], obj: dict[str, Any] | None, key: str) -> None:
    if obj is not None and worm.protected_until(bucket, obj, clock.now(store)) is not None:
        raise ApiError(409, "FileImmutable", "The object you specified is immutable.", Key=key)


def put_object(store: Store, bucket_name: str, region: str, key: str, body: bytes, *, content_type: str,
               meta: dict[str, str], forbid_overwrite: bool, sse_algorithm: str | None,
               sse_key_id: str | None) -> dict[str, Any]:
    """Store an object (the request's SSE headers checked once the write is known to be allowed)."""
    with store.transaction():
        bucket = documents.existing_bucket(store, bucket_name, region)
        existing = documents.object_doc(store, bucket_name, key)
        if existing is not None and forbid_overwrite:
            raise ApiError(409, "FileAlreadyExists", "The object you specified already exists and can not be overwritten.", Key=key)
        _refuse_if_retained(store, bucket, existing, key)
        md5 = hashlib.md5(body).digest()
        obj = {
            "Key": key, "Size": len(body), "LastModified": clock.now(store),
            "ETag": f'"{md5.hex().upper()}"', "ContentMD5": base64.b64encode(md5).decode(),
            "Crc64": _crc64(body), "ContentType": content_type, "Meta": meta,
            "Encryption": encryption_of(bucket, sse_algorithm, sse_key_id), "Body": base64.b64encode(body).decode(),
        }
        documents.save_object(store, bucket_name, obj)
    return obj


def existing_object(store: Store, bucket_name: str, region: str, key: str) -> dict[str, Any]:
    documents.existing_bucket(store, bucket_name, region)
    obj = documents.object_doc(store, bucket_name, key)
    if obj is None:
        raise ApiError(404, "NoSuchKey", "The specified key does not exist.", Key=key)
    return obj


def delete_object(store: Store, bucket_name: str, region: str, key: str) -> None:
    """Delete an object (a missing one too, like OSS), unless WORM still protects it."""
    with store.transaction():
        bucket = documents.existing_bucket(store, bucket_name, region)
        existing = documents.object_doc(store, bucket_name, key)
        _refuse_if_retained(store, bucket, existing, key)
        if existing is not None:
            documents.delete_object(store, bucket_name, key)
