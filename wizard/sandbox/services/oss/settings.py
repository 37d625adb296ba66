"""Handlers of the bucket settings the wizard audits: encryption, public access block, policy, versioning, logging.

The rules (the SSE-KMS key's region, Block Public Access, WORM against versioning, the
logging target) are in models/buckets.py.
"""

from __future__ import annotations

import json
from typing import Any

from ...http.protocol import ApiError, Response
from . import xml
from .call import Call, empty, xml_response
from .models import buckets as model

SSE_ALGORITHMS = ("AES256", "KMS", "SM4")


# encryption ---------------------------------------------------------------------------------
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
    model.set_encryption(call.store, call.bucket, call.ctx.region, algorithm, key_id, data_encryption)
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
    model.set_setting(call.store, call.bucket, call.ctx.region, field, value)
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
    model.set_account_public_access_block(call.store, _block_flag(call))
    return empty(200)


def get_account_public_access_block(call: Call) -> Response:
    return _block_response(model.account_blocks_public_access(call.store))


def delete_account_public_access_block(call: Call) -> Response:
    model.delete_account_public_access_block(call.store)
    return empty(204)


# policy --------------------------------------------------------------------------------------
def put_policy(call: Call) -> Response:
    try:
        policy = json.loads(call.request.body or b"")
    except ValueError:
        policy = None
    if not isinstance(policy, dict) or not isinstance(policy.get("Statement"), list):
        raise ApiError(400, "InvalidPolicyDocument", "Invalid Policy: the policy must be a JSON object with a Statement list.")
    model.set_policy(call.store, call.bucket, call.ctx.region, policy, call.request.body)
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
    model.set_versioning(call.store, call.bucket, call.ctx.region, status)
    return empty(200)


def get_versioning(call: Call) -> Response:
    return xml_response("VersioningConfiguration", [("Status", call.existing_bucket().get("Versioning"))])


# logging -------------------------------------------------------------------------------------
def put_logging(call: Call) -> Response:
    root = call.body_xml("BucketLoggingStatus")
    target = xml.text(root, "LoggingEnabled/TargetBucket")
    prefix = xml.text(root, "LoggingEnabled/TargetPrefix") or ""
    model.set_logging(call.store, call.bucket, call.ctx.region, target, prefix)
    return empty(200)


def get_logging(call: Call) -> Response:
    logging = call.existing_bucket().get("Logging")
    enabled = [("TargetBucket", logging["TargetBucket"]), ("TargetPrefix", logging["TargetPrefix"])] if logging else None
    return xml_response("BucketLoggingStatus", [("LoggingEnabled", enabled)])


def delete_logging(call: Call) -> Response:
    return _set_field(call, "Logging", None)
