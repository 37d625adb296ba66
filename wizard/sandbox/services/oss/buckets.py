"""Bucket life and identity handlers: PutBucket, GetBucketInfo, ListBuckets, ACL, location, DeleteBucket."""

from __future__ import annotations

from typing import Any

from ...http.protocol import ApiError, Response
from . import xml
from .call import Call, empty, max_keys_param, owner_pairs, xml_response
from .models import buckets as model
from .models import documents

ACLS = ("private", "public-read", "public-read-write")
STORAGE_CLASSES = ("Standard", "IA", "Archive", "ColdArchive", "DeepColdArchive")
REDUNDANCY_TYPES = ("LRS", "ZRS")


def _acl_from_header(call: Call) -> str | None:
    acl = call.request.headers.get("x-oss-acl")
    if acl is not None and acl not in ACLS:
        raise ApiError(400, "InvalidArgument", f"no such bucket access control exists: {acl!r}; valid: {', '.join(ACLS)}.")
    return acl


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
    created = model.create_bucket(call.store, call.bucket, call.ctx.region, call.ctx.account.account_id, acl,
                                  storage, redundancy)
    return empty(200, {"Location": f"/{call.bucket}"}) if created else empty(200)


def delete_bucket(call: Call) -> Response:
    model.delete_bucket(call.store, call.bucket, call.ctx.region)
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
    model.set_acl(call.store, call.bucket, call.ctx.region, acl)
    return empty(200)


def list_buckets(call: Call) -> Response:
    """All the account's buckets, whatever the endpoint's region (like OSS), paged by name."""
    prefix, marker = call.query.get("prefix", ""), call.query.get("marker", "")
    limit = max_keys_param(call)
    names = [d for d in documents.buckets(call.store, prefix) if d["Name"] > marker]
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

