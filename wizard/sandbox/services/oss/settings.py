"""Bucket settings the wizard audits: encryption, public access block, policy, versioning, logging.

SSE-KMS key check (documented choice): the CMK must be in the bucket's region. A key given
as an ARN carries its region; a key id or alias is looked up in the KMS state ("kms.key",
"kms.alias") and refused when its document names another region. A key the sandbox's KMS
has never heard of is accepted, so tests and demos can use made-up ids.
"""

from __future__ import annotations

import json
from typing import Any

from ...http.protocol import ApiError, Response
from . import worm, xml
from .buckets import public_access_blocked
from .call import ACCOUNT_KIND, BUCKET_KIND, Call, empty, xml_response

SSE_ALGORITHMS = ("AES256", "KMS", "SM4")


# encryption ---------------------------------------------------------------------------------
def _kms_key_region(call: Call, key_ref: str, bucket_region: str) -> str | None:
    if key_ref.startswith("acs:kms:"):
        return key_ref.split(":")[2] or None
    if key_ref.startswith("alias/"):
        alias = call.store.get("kms.alias", f"{bucket_region}/{key_ref}")
        if alias is None:
            return None
        key_ref = alias["KeyId"]
    key = call.store.get("kms.key", key_ref)
    return key.get("Region") if key else None


def _check_kms_key(call: Call, key_ref: str, bucket_region: str) -> None:
    region = _kms_key_region(call, key_ref, bucket_region)
    if region is not None and region != bucket_region:
        raise ApiError(
            400, "InvalidParameter",
            f"The specified parameter KMS keyId is not valid: key {key_ref} is in {region}, "
            f"but the bucket is in {bucket_region}; SSE-KMS needs a key in the bucket's region.",
        )


def put_encryption(call: Call) -> Response:
    root = call.body_xml("ServerSideEncryptionRule")
    algorithm = xml.text(root, "ApplyServerSideEncryptionByDefault/SSEAlgorithm")
    key_id = xml.text(root, "ApplyServerSideEncryptionByDefault/KMSMasterKeyID") or None
    data_encryption = xml.text(root, "ApplyServerSideEncryptionByDefault/KMSDataEncryption") or None
    if not algorithm:
        raise xml.malformed()
    if algorithm not in SSE_ALGORITHMS:
        raise ApiError(400, "InvalidEncryptionAlgorithmError",
                       "The Encryption request you specified is not valid. Supported value: AES256/SM4/KMS.")
    if key_id and algorithm != "KMS":
        raise ApiError(400, "InvalidArgument", "KMSMasterKeyID is not applicable if the default sse algorithm is not KMS.",
                       EC="0005-00000204")
    if data_encryption and (algorithm != "KMS" or data_encryption != "SM4"):
        raise ApiError(400, "InvalidDataEncryptionAlgorithmError",
                       "The KMS Data Encryption request you specified is not valid. Supported value:SM4")
    with call.store.transaction():
        doc = call.existing_bucket()
        if key_id:
            _check_kms_key(call, key_id, doc["Region"])
        doc["Encryption"] = {"SSEAlgorithm": algorithm, "KMSMasterKeyID": key_id, "KMSDataEncryption": data_encryption}
        call.save_bucket(doc)
    return empty(200)


def get_encryption(call: Call) -> Response:
    sse = call.existing_bucket().get("Encryption")
    if not sse:
        raise ApiError(404, "NoSuchServerSideEncryptionRule", "The server side encryption configuration was not found.",
                       BucketName=call.bucket)
    return xml_response("ServerSideEncryptionRule", [("ApplyServerSideEncryptionByDefault", [
        ("SSEAlgorithm", sse["SSEAlgorithm"]),
        ("KMSMasterKeyID", sse.get("KMSMasterKeyID") or ("" if sse["SSEAlgorithm"] == "KMS" else None)),
        ("KMSDataEncryption", sse.get("KMSDataEncryption")),
    ])])


def _set_field(call: Call, field: str, value: Any) -> Response:
    with call.store.transaction():
        doc = call.existing_bucket()
        doc[field] = value
        call.save_bucket(doc)
    return empty(204 if value is None else 200)


def delete_encryption(call: Call) -> Response:
    return _set_field(call, "Encryption", None)


# public access block (bucket and account) ----------------------------------------------------
def _block_flag(call: Call) -> bool:
    value = xml.text(call.body_xml("PublicAccessBlockConfiguration"), "BlockPublicAccess")
    if value not in ("true", "false"):
        raise xml.malformed()
    return value == "true"


def _block_response(flag: bool) -> Response:
    return xml_response("PublicAccessBlockConfiguration", [("BlockPublicAccess", flag)])


def put_bucket_public_access_block(call: Call) -> Response:
    return _set_field(call, "BlockPublicAccess", _block_flag(call))


def get_bucket_public_access_block(call: Call) -> Response:
    return _block_response(bool(call.existing_bucket().get("BlockPublicAccess")))


def delete_bucket_public_access_block(call: Call) -> Response:
    return _set_field(call, "BlockPublicAccess", None)


def put_account_public_access_block(call: Call) -> Response:
    flag = _block_flag(call)
    with call.store.transaction():
        call.store.put(ACCOUNT_KIND, "publicAccessBlock", {"BlockPublicAccess": flag})
    return empty(200)


def get_account_public_access_block(call: Call) -> Response:
    doc = call.store.get(ACCOUNT_KIND, "publicAccessBlock") or {}
    return _block_response(bool(doc.get("BlockPublicAccess")))


def delete_account_public_access_block(call: Call) -> Response:
    with call.store.transaction():
        call.store.delete(ACCOUNT_KIND, "publicAccessBlock")
    return empty(204)


# policy --------------------------------------------------------------------------------------
def _grants_public(policy: dict[str, Any]) -> bool:
    for statement in policy.get("Statement") or []:
        principal = statement.get("Principal")
        principals = principal if isinstance(principal, list) else [principal]
        if statement.get("Effect") == "Allow" and "*" in principals:
            return True
    return False


def put_policy(call: Call) -> Response:
    try:
        policy = json.loads(call.request.body or b"")
    except ValueError:
        policy = None
    if not isinstance(policy, dict) or not isinstance(policy.get("Statement"), list):
        raise ApiError(400, "InvalidPolicyDocument", "Invalid Policy: the policy must be a JSON object with a Statement list.")
    with call.store.transaction():
        doc = call.existing_bucket()
        if _grants_public(policy) and public_access_blocked(call, doc):
            raise ApiError(403, "AccessDenied", "Public access is blocked: a policy granting access to everyone is not allowed.")
        doc["Policy"] = call.request.body.decode("utf-8")
        call.save_bucket(doc)
    return empty(200)


def get_policy(call: Call) -> Response:
    policy = call.existing_bucket().get("Policy")
    if not policy:
        raise ApiError(404, "NoSuchBucketPolicy", "The bucket policy does not exist.", BucketName=call.bucket)
    return Response(200, {"Content-Type": "application/json"}, policy.encode("utf-8"))


def delete_policy(call: Call) -> Response:
    return _set_field(call, "Policy", None)


# versioning ----------------------------------------------------------------------------------
def put_versioning(call: Call) -> Response:
    status = xml.text(call.body_xml("VersioningConfiguration"), "Status")
    if not status:
        raise ApiError(400, "InvalidArgument", "The Status element of VersioningConfiguration must not be empty.", EC="0012-00000003")
    if status not in ("Enabled", "Suspended"):
        raise ApiError(400, "InvalidArgument", f"Invalid versioning status {status!r}: use Enabled or Suspended.", EC="0012-00000004")
    with call.store.transaction():
        doc = call.existing_bucket()
        if status == "Enabled" and worm.active(doc, call.ctx.now()):
            raise ApiError(400, "InvalidArgument", "Versioning cannot be enabled on a bucket with a retention policy (WORM).",
                           EC="0012-00000006")
        doc["Versioning"] = status
        call.save_bucket(doc)
    return empty(200)


def get_versioning(call: Call) -> Response:
    return xml_response("VersioningConfiguration", [("Status", call.existing_bucket().get("Versioning"))])


# logging -------------------------------------------------------------------------------------
def put_logging(call: Call) -> Response:
    root = call.body_xml("BucketLoggingStatus")
    target = xml.text(root, "LoggingEnabled/TargetBucket")
    prefix = xml.text(root, "LoggingEnabled/TargetPrefix") or ""
    with call.store.transaction():
        doc = call.existing_bucket()
        if target is None:
            doc["Logging"] = None
        else:
            target_doc = call.store.get(BUCKET_KIND, target)
            if target_doc is None or target_doc["Region"] != doc["Region"]:
                raise ApiError(400, "InvalidTargetBucketForLogging",
                               "The target bucket for logging does not exist or is not in the same region as the source bucket.",
                               TargetBucket=target)
            doc["Logging"] = {"TargetBucket": target, "TargetPrefix": prefix}
        call.save_bucket(doc)
    return empty(200)


def get_logging(call: Call) -> Response:
    logging = call.existing_bucket().get("Logging")
    enabled = [("TargetBucket", logging["TargetBucket"]), ("TargetPrefix", logging["TargetPrefix"])] if logging else None
    return xml_response("BucketLoggingStatus", [("LoggingEnabled", enabled)])


def delete_logging(call: Call) -> Response:
    return _set_field(call, "Logging", None)
