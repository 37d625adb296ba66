"""The OSS documents in the store: buckets (by name), objects ("<bucket>/<key>") and the account's settings.

The one module that reads or writes the OSS kinds; the rules sit in the modules beside it. Bucket names
are global across accounts (state/scope.py: shared kinds): each bucket carries its Owner, and an account
reaching a bucket it does not own is refused here, once for every operation.
"""

from __future__ import annotations

from typing import Any

from ....http.protocol import ApiError
from ....state.scope import shared
from ....state.store import Store

BUCKET_KIND, OBJECT_KIND = shared("oss.bucket", "oss.object")
ACCOUNT_KIND = "oss.account"  # per account
_PUBLIC_ACCESS_BLOCK = "publicAccessBlock"  # the account-level setting's key


# buckets ------------------------------------------------------------------------------------
def bucket(store: Store, name: str) -> dict[str, Any] | None:
    """The bucket of that name, whoever owns it."""
    return store.get(BUCKET_KIND, name)


def owned_by_caller(store: Store, doc: dict[str, Any]) -> bool:
    return doc.get("Owner") == store.account_id


def bucket_exists(store: Store, name: str) -> bool:
    """Whether the calling account has a bucket of that name, in any region (ActionTrail checks its destinations)."""
    doc = bucket(store, name)
    return doc is not None and owned_by_caller(store, doc)


def existing_bucket(store: Store, name: str, region: str) -> dict[str, Any]:
    """The bucket's document: NoSuchBucket; AccessDenied when another account owns it, or when it is asked
    through another region."""
    doc = bucket(store, name)
    if doc is None:
        raise ApiError(404, "NoSuchBucket", "The specified bucket does not exist.", BucketName=name)
    if not owned_by_caller(store, doc):
        raise ApiError(403, "AccessDenied", "The bucket you access does not belong to you.", BucketName=name,
                       EC="0003-00000001")
    if doc["Region"] != region:
        raise ApiError(
            403, "AccessDenied",
            "The bucket you are attempting to access must be addressed using the specified endpoint. "
            "Please send all future requests to this endpoint.",
            Bucket=name, Endpoint=f"oss-{doc['Region']}.aliyuncs.com",
        )
    return doc


def buckets(store: Store, prefix: str = "") -> list[dict[str, Any]]:
    """The calling account's buckets whose names start with prefix, by name."""
    return [doc for doc in store.list(BUCKET_KIND, prefix) if owned_by_caller(store, doc)]


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
