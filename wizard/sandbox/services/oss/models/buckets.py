"""Bucket rules: creation, deletion, ACL under Block Public Access, and the settings the wizard audits.

SSE-KMS key check (documented choice): the CMK must be in the bucket's region. A key given
as an ARN carries its region; a key id or alias is looked up through KMS's models and refused
when it names another region. A key the sandbox's KMS has never heard of is accepted, so tests
and demos can use made-up ids.
"""

from __future__ import annotations

from typing import Any

from ....http.protocol import ApiError
from ....state import clock
from ....state.store import Store
from ...kms import models as kms
from ..times import iso_time
from . import documents, worm


def public_access_blocked(store: Store, bucket: dict[str, Any]) -> bool:
    """Block Public Access applies when the account or the bucket switched it on."""
    account = documents.account_public_access_block(store)
    return bool(account.get("BlockPublicAccess") or bucket.get("BlockPublicAccess"))


def _refuse_public_acl(store: Store, bucket: dict[str, Any], acl: str | None) -> None:
    if acl and acl != "private" and public_access_blocked(store, bucket):
        raise ApiError(403, "AccessDenied", "Public access is blocked: a public ACL is not allowed while Block Public Access is on.")


def create_bucket(store: Store, name: str, region: str, owner: str, acl: str | None, storage: str | None,
                  redundancy: str | None) -> bool:
    """Create a bucket (True). The owner repeating it in the same region updates its ACL (OSS: 'modifies the
    metadata') and gets False."""
    with store.transaction():
        doc = documents.bucket(store, name)
        if doc is not None and not documents.owned_by_caller(store, doc):
            raise ApiError(409, "BucketAlreadyExists", "The requested bucket name is not available. The bucket "
                           "namespace is shared by all users of the system. Please select a different name and try "
                           "again.", BucketName=name)
        if doc is not None:
            if doc["Region"] != region:
                raise ApiError(409, "BucketAlreadyExists", "Bucket already exists can't modify location.", BucketName=name)
            if storage is not None and storage != doc["StorageClass"]:
                raise ApiError(409, "BucketAlreadyExists", "Cannot modify existing bucket's storage class.", BucketName=name)
            if acl is not None:
                _refuse_public_acl(store, doc, acl)
                doc["Acl"] = acl
                documents.save_bucket(store, doc)
            return False
        doc = {
            "Name": name, "Region": region, "CreationDate": iso_time(clock.now(store)),
            "Owner": owner, "Acl": acl or "private",
            "StorageClass": storage or "Standard", "DataRedundancyType": redundancy or "LRS",
            "Versioning": None, "Encryption": None, "BlockPublicAccess": None,
            "Policy": None, "Logging": None, "Worm": None,
        }
        _refuse_public_acl(store, doc, acl)
        documents.save_bucket(store, doc)
    return True


def delete_bucket(store: Store, name: str, region: str) -> None:
    with store.transaction():
        documents.existing_bucket(store, name, region)
        if documents.objects(store, name):
            raise ApiError(409, "BucketNotEmpty", "The bucket you tried to delete is not empty.", BucketName=name)
        documents.delete_bucket(store, name)


def set_acl(store: Store, name: str, region: str, acl: str) -> None:
    with store.transaction():
        doc = documents.existing_bucket(store, name, region)
        _refuse_public_acl(store, doc, acl)
        doc["Acl"] = acl
        documents.save_bucket(store, doc)


def set_setting(store: Store, name: str, region: str, field: str, value: Any) -> None:
    """One setting of the bucket's document (None removes it): Encryption, BlockPublicAccess, Policy, Logging."""
    with store.transaction():
        doc = documents.existing_bucket(store, name, region)
        doc[field] = value
        documents.save_bucket(store, doc)


def _check_kms_key(store: Store, key_ref: str, bucket_region: str) -> None:
    region = kms.key_region(store, key_ref, bucket_region)
    if region is not None and region != bucket_region:
        raise ApiError(
            400, "InvalidParameter",
            f"The specified parameter KMS keyId is not valid: key {key_ref} is in {region}, "
            f"but the bucket is in {bucket_region}; SSE-KMS needs a key in the bucket's region.",
        )


def set_encryption(store: Store, name: str, region: str, algorithm: str, key_id: str | None,
                   data_encryption: str | None) -> None:
    with store.transaction():
        doc = documents.existing_bucket(store, name, region)
        if key_id:
            _check_kms_key(store, key_id, doc["Region"])
        doc["Encryption"] = {"SSEAlgorithm": algorithm, "KMSMasterKeyID": key_id, "KMSDataEncryption": data_encryption}
        documents.save_bucket(store, doc)


def _grants_public(policy: dict[str, Any]) -> bool:
    for statement in policy.get("Statement") or []:
        principal = statement.get("Principal")
        principals = principal if isinstance(principal, list) else [principal]
        if statement.get("Effect") == "Allow" and "*" in principals:
            return True
    return False


def set_policy(store: Store, name: str, region: str, policy: dict[str, Any], body: bytes) -> None:
    """Keep the policy as sent (`body`); one that grants everyone access is refused under Block Public Access."""
    with store.transaction():
        doc = documents.existing_bucket(store, name, region)
        if _grants_public(policy) and public_access_blocked(store, doc):
            raise ApiError(403, "AccessDenied", "Public access is blocked: a policy granting access to everyone is not allowed.")
        doc["Policy"] = body.decode("utf-8")
        documents.save_bucket(store, doc)


def set_versioning(store: Store, name: str, region: str, status: str) -> None:
    with store.transaction():
        doc = documents.existing_bucket(store, name, region)
        if status == "Suspended" and worm.active(doc, clock.now(store)):
            raise ApiError(400, "InvalidArgument", "Versioning cannot be suspended on a bucket with a retention policy "
                           "(WORM).", EC="0012-00000006")
        doc["Versioning"] = status
        documents.save_bucket(store, doc)


def set_logging(store: Store, name: str, region: str, target: str | None, prefix: str) -> None:
    """Log to a target bucket in the same region (None switches logging off)."""
    with store.transaction():
        doc = documents.existing_bucket(store, name, region)
        if target is None:
            doc["Logging"] = None
        else:
            target_doc = documents.bucket(store, target)
            if target_doc is None or target_doc["Region"] != doc["Region"] or not documents.owned_by_caller(
                    store, target_doc):
                raise ApiError(400, "InvalidTargetBucketForLogging",
                               "The target bucket for logging does not exist or is not in the same region as the source bucket.",
                               TargetBucket=target)
            doc["Logging"] = {"TargetBucket": target, "TargetPrefix": prefix}
        documents.save_bucket(store, doc)


def account_blocks_public_access(store: Store) -> bool:
    return bool(documents.account_public_access_block(store).get("BlockPublicAccess"))


def set_account_public_access_block(store: Store, flag: bool) -> None:
    with store.transaction():
        documents.save_account_public_access_block(store, {"BlockPublicAccess": flag})


def delete_account_public_access_block(store: Store) -> None:
    with store.transaction():
        documents.delete_account_public_access_block(store)
