"""Discovery of one OSS bucket: its settings read in parallel, "not configured" answers mapped to absence.

All eight reads go out at once to the region the bucket most likely lives in
(the trail's OssBucketLocation, else the home region). If OSS answers "address
this bucket through another endpoint", they are repeated there: one extra
round trip, only for a bucket outside the expected region.
"""

from __future__ import annotations

import json
from typing import Callable

from wizard.cloud.discover.reads import Reader, Taken
from wizard.cloud.errors import MALFORMED, CloudError, required
from wizard.cloud.session import Session
from wizard.core.observed import BucketState, WormState

ABSENT = {  # the answers that mean "this setting is not configured"
    "GetBucketInfo": ("NoSuchBucket",),
    "GetBucketAcl": ("NoSuchBucket",),
    "GetBucketPublicAccessBlock": ("NoSuchBucket", "NoSuchPublicAccessBlockConfiguration"),
    "GetBucketPolicy": ("NoSuchBucket", "NoSuchBucketPolicy"),
    "GetBucketEncryption": ("NoSuchBucket", "NoSuchServerSideEncryptionRule"),
    "GetBucketWorm": ("NoSuchBucket", "NoSuchWORMConfiguration"),
    "GetBucketVersioning": ("NoSuchBucket",),
    "GetBucketLogging": ("NoSuchBucket",),
}


def _reads(client, name: str) -> dict[str, Callable]:
    import alibabacloud_oss_v2 as oss

    m = oss.models
    return {
        "GetBucketInfo": lambda: required(client.get_bucket_info(m.GetBucketInfoRequest(bucket=name)).bucket_info,
                                          "BucketInfo"),
        "GetBucketAcl": lambda: required(client.get_bucket_acl(m.GetBucketAclRequest(bucket=name)).acl, "Grant"),
        "GetBucketPublicAccessBlock": lambda: required(client.get_bucket_public_access_block(
            m.GetBucketPublicAccessBlockRequest(bucket=name)).public_access_block_configuration.block_public_access,
            "BlockPublicAccess"),
        "GetBucketPolicy": lambda: _json_object(client.get_bucket_policy(m.GetBucketPolicyRequest(bucket=name)).body),
        "GetBucketEncryption": lambda: required(client.get_bucket_encryption(m.GetBucketEncryptionRequest(
            bucket=name)).server_side_encryption_rule.apply_server_side_encryption_by_default,
            "ApplyServerSideEncryptionByDefault"),  # "no encryption" is NoSuchServerSideEncryptionRule
        "GetBucketWorm": lambda: _worm(client.get_bucket_worm(m.GetBucketWormRequest(bucket=name))
                                       .worm_configuration),
        "GetBucketVersioning": lambda: client.get_bucket_versioning(
            m.GetBucketVersioningRequest(bucket=name)).version_status,
        "GetBucketLogging": lambda: client.get_bucket_logging(
            m.GetBucketLoggingRequest(bucket=name)).bucket_logging_status.logging_enabled,
    }


def _worm(configuration):
    """A WORM configuration names its id and state (no WORM at all is NoSuchWORMConfiguration)."""
    required(required(configuration, "WormConfiguration").worm_id, "WormId")
    required(configuration.state, "State")
    return configuration


def _json_object(text: str | None) -> str:
    """A bucket policy is a JSON document ("no policy" is NoSuchBucketPolicy): anything else was damaged on the way,
    and merging the HTTPS-only statement into it could drop the statements it really holds."""
    try:
        document = json.loads(required(text, "policy document"))
        if isinstance(document, dict) and "Statement" in document:
            return text
    except ValueError:
        pass
    raise CloudError("", "", MALFORMED, "the bucket policy is not a JSON document with a Statement")


def _read_all(reader: Reader, session: Session, name: str, region: str):
    calls = _reads(session.oss(region), name)
    return {api: reader.call("oss", api, name, call, ABSENT[api]) for api, call in calls.items()}


def region_of_endpoint(endpoint: str) -> str:
    """oss-cn-shanghai.aliyuncs.com (or its -internal form) -> cn-shanghai."""
    host = endpoint.split("//")[-1].split(".")[0]
    return host.removeprefix("oss-").removesuffix("-internal")


def _held_elsewhere(reader: Reader, session: Session, name: str) -> bool:
    """GetBucketInfo said AccessDenied: is the bucket someone else's (our own buckets list does not hold it)?
    Bucket names are global, so an existing bucket we cannot list belongs to another account."""
    import alibabacloud_oss_v2 as oss

    def ours() -> bool:
        listed = session.oss().list_buckets(oss.models.ListBucketsRequest(prefix=name, max_keys=10)).buckets or []
        return any(b.name == name for b in listed)

    listing = reader.read("oss", "ListBuckets", name, ours)
    return listing.value is False


def bucket(reader: Reader, session: Session, name: str, region_hint: str | None,
           on_key: Callable[[str, str], None] = lambda ref, region: None) -> BucketState | Taken | None:
    """The bucket's state, None when it does not exist, Taken when another account owns the name;
    on_key(ref, region) as soon as its KMS key is known."""
    region = region_hint or session.region
    futures = _read_all(reader, session, name, region)
    info = futures["GetBucketInfo"].result()
    if info.error is not None and info.error.code == "AccessDenied" and not info.error.endpoint \
            and _held_elsewhere(reader, session, name):
        return Taken(f"oss://{name}")
    if info.error is not None and info.error.endpoint:
        region = region_of_endpoint(info.error.endpoint)
        futures = _read_all(reader, session, name, region)
        info = futures["GetBucketInfo"].result()
    elif info.value is not None and info.value.location:
        actual = region_of_endpoint(info.value.location)
        if actual != region:  # answered anyway, but its settings are only trusted from its own region
            region = actual
            futures = _read_all(reader, session, name, region)
            info = futures["GetBucketInfo"].result()
    if info.value is None and not info.failed:
        return None
    sse = futures["GetBucketEncryption"].result().value
    if sse is not None and sse.sse_algorithm == "KMS" and sse.kms_master_key_id:
        on_key(sse.kms_master_key_id, region)
    got = {api: future.result().value for api, future in futures.items()}
    worm, logging = got["GetBucketWorm"], got["GetBucketLogging"]
    acl = got["GetBucketAcl"] or (info.value.acl if info.value else None) or "private"
    return BucketState(
        name=name, region=region, acl=acl,
        public_access_block=bool(got["GetBucketPublicAccessBlock"]), policy=got["GetBucketPolicy"] or None,
        sse_algorithm=(sse.sse_algorithm or None) if sse else None,
        kms_key_id=(sse.kms_master_key_id or None) if sse else None,
        worm=WormState(worm.worm_id, worm.state, int(worm.retention_period_in_days or 0)) if worm else None,
        versioning=got["GetBucketVersioning"] or None,
        logging_target=(logging.target_bucket or None) if logging else None,
        logging_prefix=(logging.target_prefix or None) if logging else None,
    )
