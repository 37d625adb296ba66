"""The OSS documents in the store: buckets (by name), objects ("<bucket>/<key>") and the account's settings.

The one module that reads or writes the OSS kinds; the rules sit in the modules beside it.
"""

from __future__ import annotations

from typing import Any

from ....http.protocol import ApiError
from ....state.store import Store

BUCKET_KIND = "oss.bucket"
OBJECT_KIND = "oss.object"
ACCOUNT_KIND = "oss.account"
_PUBLIC_ACCESS_BLOCK = "publicAccessBlock"  # the account-level setting's key


# buckets ------------------------------------------------------------------------------------
def bucket(store: Store, name: str) -> dict[str, Any] | None:
    return store.get(BUCKET_KIND, name)


def bucket_exists(store: Store, name: str) -> bool:
    """Whether a bucket of that name exists, in any region (ActionTrail checks its destinations)."""
    return bucket(store, name) is not None


def existing_bucket(store: Store, name: str, region: str) -> dict[str, Any]:
    """The bucket's document: NoSuchBucket, or AccessDenied when asked through another region."""
    doc = bucket(store, name)
    if doc is None:
        raise ApiError(404, "NoSuchBucket", "The specified bucket does not exist.", BucketName=name)
    if doc["Region"] != region:
        raise ApiError(
            403, "AccessDenied",
            "The bucket you are attempting to access must be addressed using the specified endpoint. "
            "Please send all future requests to this endpoint.",
            Bucket=name, Endpoint=f"oss-{doc['Region']}.aliyuncs.com",
        )
    return doc


def buckets(store: Store, prefix: str = "") -> list[dict[str, Any]]:
    """The account's buckets whose names start with prefix, by name."""
    return store.list(BUCKET_KIND, prefix)


def save_bucket(store: Store, doc: dict[str, Any]) -> None:
    store.put(BUCKET_KIND, doc["Name"], doc)


def delete_bucket(store: Store, name: str) -> None:
    store.delete(BUCKET_KIND, name)


# objects ------------------------------------------------------------------------------------
def object_doc(store: Store, bucket_name: str, key: str) -> dict[str, Any] | None:
    return store.get(OBJECT_KIND, f"{bucket_name}/{key}")


def objects(store: Store, bucket_name: str, prefix: str = "") -> list[dict[str, Any]]:
    """A bucket's objects whose keys start with prefix, in key order."""
    return store.list(OBJECT_KIND, f"{bucket_name}/{prefix}")


def save_object(store: Store, bucket_name: str, doc: dict[str, Any]) -> None:
    store.put(OBJECT_KIND, f"{bucket_name}/{doc['Key']}", doc)


def delete_object(store: Store, bucket_name: str, key: str) -> None:
    store.delete(OBJECT_KIND, f"{bucket_name}/{key}")


# the account's settings ---------------------------------------------------------------------
def account_public_access_block(store: Store) -> dict[str, Any]:
    return store.get(ACCOUNT_KIND, _PUBLIC_ACCESS_BLOCK) or {}


def save_account_public_access_block(store: Store, doc: dict[str, Any]) -> None:
    store.put(ACCOUNT_KIND, _PUBLIC_ACCESS_BLOCK, doc)


def delete_account_public_access_block(store: Store) -> None:
    store.delete(ACCOUNT_KIND, _PUBLIC_ACCESS_BLOCK)
