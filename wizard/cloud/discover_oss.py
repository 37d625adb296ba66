"""Discovery of one OSS bucket: its settings read in parallel, "not configured" answers mapped to absence."""

from __future__ import annotations

from ..observed import BucketState, WormState
from .reads import Reader
from .session import Session


def bucket(reader: Reader, session: Session, name: str) -> BucketState | None:
    import alibabacloud_oss_v2 as oss

    client = session.oss()
    info = reader.read("oss", "GetBucketInfo", name, lambda: client.get_bucket_info(
        oss.models.GetBucketInfoRequest(bucket=name)).bucket_info, absent=("NoSuchBucket",))
    if info.value is None:
        return None
    region = (info.value.location or "").removeprefix("oss-") or session.region
    regional = session.oss(region)
    reads = {
        "acl": ("GetBucketAcl", lambda: regional.get_bucket_acl(oss.models.GetBucketAclRequest(bucket=name)).acl, ()),
        "block": ("GetBucketPublicAccessBlock", lambda: regional.get_bucket_public_access_block(
            oss.models.GetBucketPublicAccessBlockRequest(bucket=name)).public_access_block_configuration
            .block_public_access, ("NoSuchPublicAccessBlockConfiguration",)),
        "policy": ("GetBucketPolicy", lambda: regional.get_bucket_policy(
            oss.models.GetBucketPolicyRequest(bucket=name)).body, ("NoSuchBucketPolicy",)),
        "sse": ("GetBucketEncryption", lambda: regional.get_bucket_encryption(
            oss.models.GetBucketEncryptionRequest(bucket=name)).server_side_encryption_rule
            .apply_server_side_encryption_by_default, ("NoSuchServerSideEncryptionRule",)),
        "worm": ("GetBucketWorm", lambda: regional.get_bucket_worm(
            oss.models.GetBucketWormRequest(bucket=name)).worm_configuration, ("NoSuchWORMConfiguration",)),
        "versioning": ("GetBucketVersioning", lambda: regional.get_bucket_versioning(
            oss.models.GetBucketVersioningRequest(bucket=name)).version_status, ()),
        "logging": ("GetBucketLogging", lambda: regional.get_bucket_logging(
            oss.models.GetBucketLoggingRequest(bucket=name)).bucket_logging_status.logging_enabled, ()),
    }
    futures = {key: reader.submit(reader.read, "oss", api, name, call, absent)
               for key, (api, call, absent) in reads.items()}
    got = {key: future.result().value for key, future in futures.items()}
    sse, worm, logging = got["sse"], got["worm"], got["logging"]
    return BucketState(
        name=name, region=region, acl=got["acl"] or info.value.acl or "private",
        public_access_block=bool(got["block"]), policy=got["policy"] or None,
        sse_algorithm=(sse.sse_algorithm or None) if sse else None,
        kms_key_id=(sse.kms_master_key_id or None) if sse else None,
        worm=WormState(worm.worm_id, worm.state, int(worm.retention_period_in_days or 0)) if worm else None,
        versioning=got["versioning"] or None,
        logging_target=(logging.target_bucket or None) if logging else None,
        logging_prefix=(logging.target_prefix or None) if logging else None,
    )
