"""Bucket life and identity: PutBucket, GetBucketInfo, ListBuckets, ACL, location, DeleteBucket."""

from __future__ import annotations

from typing import Any

from ...http.protocol import ApiError, Response
from . import xml
from .call import ACCOUNT_KIND, BUCKET_KIND, OBJECT_KIND, Call, empty, iso_time, owner_pairs, xml_response

ACLS = ("private", "public-read", "public-read-write")
STORAGE_CLASSES = ("Standard", "IA", "Archive", "ColdArchive", "DeepColdArchive")
REDUNDANCY_TYPES = ("LRS", "ZRS")


def _acl_from_header(call: Call) -> str | None:
    acl = call.request.headers.get("x-oss-acl")
    if acl is not None and acl not in ACLS:
        raise ApiError(400, "InvalidArgument", f"no such bucket access control exists: {acl!r}; valid: {', '.join(ACLS)}.")
    return acl


def public_access_blocked(call: Call, bucket: dict[str, Any]) -> bool:
    """Block Public Access applies when the account or the bucket switched it on."""
    account = call.store.get(ACCOUNT_KIND, "publicAccessBlock") or {}
    return bool(account.get("BlockPublicAccess") or bucket.get("BlockPublicAccess"))


def _refuse_public_acl(call: Call, bucket: dict[str, Any], acl: str | None) -> None:
    if acl and acl != "private" and public_access_blocked(call, bucket):
        raise ApiError(403, "AccessDenied", "Public access is blocked: a public ACL is not allowed while Block Public Access is on.")


def _creation_settings(call: Call) -> tuple[str | None, str | None]:
    if not call.request.body.strip():
        return None, None
    root = call.body_xml("CreateBucketConfiguration")
    storage, redundancy = xml.text(root, "StorageClass"), xml.text(root, "DataRedundancyType")
    if storage is not None and storage not in STORAGE_CLASSES:
        raise ApiError(400, "InvalidArgument", "No such bucket storage class exists.")
    if redundancy is not None and redundancy not in REDUNDANCY_TYPES:
        raise ApiError(400, "InvalidArgument", "No such data redundancy type exists.")
    return storage, redundancy


def put_bucket(call: Call) -> Response:
    """Create a bucket. The owner repeating it in the same region updates its ACL (OSS: 'modifies the metadata')."""
    acl = _acl_from_header(call)
    storage, redundancy = _creation_settings(call)
    with call.store.transaction():
        doc = call.store.get(BUCKET_KIND, call.bucket)
        if doc is not None:
            if doc["Region"] != call.ctx.region:
                raise ApiError(409, "BucketAlreadyExists", "Bucket already exists can't modify location.", BucketName=call.bucket)
            if storage is not None and storage != doc["StorageClass"]:
                raise ApiError(409, "BucketAlreadyExists", "Cannot modify existing bucket's storage class.", BucketName=call.bucket)
            if acl is not None:
                _refuse_public_acl(call, doc, acl)
                doc["Acl"] = acl
                call.save_bucket(doc)
            return empty(200)
        doc = {
            "Name": call.bucket, "Region": call.ctx.region, "CreationDate": iso_time(call.ctx.now()),
            "Owner": call.ctx.account.account_id, "Acl": acl or "private",
            "StorageClass": storage or "Standard", "DataRedundancyType": redundancy or "LRS",
            "Versioning": None, "Encryption": None, "BlockPublicAccess": None,
            "Policy": None, "Logging": None, "Worm": None,
        }
        _refuse_public_acl(call, doc, acl)
        call.save_bucket(doc)
    return empty(200, {"Location": f"/{call.bucket}"})


def delete_bucket(call: Call) -> Response:
    with call.store.transaction():
        call.existing_bucket()
        if call.store.list(OBJECT_KIND, f"{call.bucket}/"):
            raise ApiError(409, "BucketNotEmpty", "The bucket you tried to delete is not empty.", BucketName=call.bucket)
        call.store.delete(BUCKET_KIND, call.bucket)
    return empty(204)


def _endpoints(region: str) -> list:
    return [("ExtranetEndpoint", f"oss-{region}.aliyuncs.com"), ("IntranetEndpoint", f"oss-{region}-internal.aliyuncs.com")]


def _sse_rule(doc: dict[str, Any]) -> list:
    sse = doc.get("Encryption")
    if not sse:
        return [("SSEAlgorithm", "None")]
    return [
        ("SSEAlgorithm", sse["SSEAlgorithm"]),
        ("KMSMasterKeyID", sse.get("KMSMasterKeyID")),
        ("KMSDataEncryption", sse.get("KMSDataEncryption")),
    ]


def get_bucket_info(call: Call) -> Response:
    doc = call.existing_bucket()
    logging = doc.get("Logging")
    return xml_response("BucketInfo", [("Bucket", [
        ("AccessMonitor", "Disabled"),
        ("CreationDate", doc["CreationDate"]),
        *_endpoints(doc["Region"]),
        ("Location", f"oss-{doc['Region']}"),
        ("StorageClass", doc["StorageClass"]),
        ("TransferAcceleration", "Disabled"),
        ("CrossRegionReplication", "Disabled"),
        ("DataRedundancyType", doc["DataRedundancyType"]),
        ("Name", doc["Name"]),
        ("Versioning", doc.get("Versioning")),
        ("Owner", owner_pairs(call.ctx)),
        ("AccessControlList", [("Grant", doc["Acl"])]),
        ("ServerSideEncryptionRule", _sse_rule(doc)),
        ("BucketPolicy", [("LogBucket", logging["TargetBucket"]), ("LogPrefix", logging.get("TargetPrefix", ""))]
         if logging else None),
        ("BlockPublicAccess", bool(doc.get("BlockPublicAccess"))),
    ])])


def get_bucket_location(call: Call) -> Response:
    doc = call.existing_bucket()
    return Response(200, {"Content-Type": "application/xml"}, xml.render_text("LocationConstraint", f"oss-{doc['Region']}"))


def get_bucket_acl(call: Call) -> Response:
    doc = call.existing_bucket()
    return xml_response("AccessControlPolicy", [("Owner", owner_pairs(call.ctx)), ("AccessControlList", [("Grant", doc["Acl"])])])


def put_bucket_acl(call: Call) -> Response:
    acl = _acl_from_header(call)
    if acl is None:
        raise ApiError(400, "InvalidArgument", "The x-oss-acl header is required.")
    with call.store.transaction():
        doc = call.existing_bucket()
        _refuse_public_acl(call, doc, acl)
        doc["Acl"] = acl
        call.save_bucket(doc)
    return empty(200)


def max_keys_param(call: Call, default: int = 100) -> int:
    raw = call.query.get("max-keys")
    try:
        value = int(raw) if raw not in (None, "") else default
    except ValueError:
        value = -1
    if not 1 <= value <= 1000:
        raise ApiError(400, "InvalidArgument", "max-keys must be an integer between 1 and 1000.")
    return value


def list_buckets(call: Call) -> Response:
    """All the account's buckets, whatever the endpoint's region (like OSS), paged by name."""
    prefix, marker = call.query.get("prefix", ""), call.query.get("marker", "")
    limit = max_keys_param(call)
    names = [d for d in call.store.list(BUCKET_KIND, prefix) if d["Name"] > marker]
    page, truncated = names[:limit], len(names) > limit
    return xml_response("ListAllMyBucketsResult", [
        ("Prefix", prefix if "prefix" in call.query else None),
        ("Marker", marker if "marker" in call.query else None),
        ("MaxKeys", limit if "max-keys" in call.query else None),
        ("IsTruncated", truncated),
        ("NextMarker", page[-1]["Name"] if truncated else None),
        ("Owner", owner_pairs(call.ctx)),
        ("Buckets", [("Bucket", [
            ("CreationDate", d["CreationDate"]),
            *_endpoints(d["Region"]),
            ("Location", f"oss-{d['Region']}"),
            ("Name", d["Name"]),
            ("Region", d["Region"]),
            ("StorageClass", d["StorageClass"]),
        ]) for d in page]),
    ])

