"""The log bucket's rules: SSE-KMS with a customer key, locked WORM, private, HTTPS only, access logging."""

from __future__ import annotations

from wizard.core.audit.catalogue import finding
from wizard.core.audit.registry import check
from wizard.core.audit.subject import Subject
from wizard.core.findings import FAIL, PASS, UNKNOWN, Finding
from wizard.core.frameworks import MLPS_RETENTION_DAYS, Framework
from wizard.core.policies.transport import insecure_transport_gaps
from wizard.core.settings import MIN_RETENTION_DAYS


@check("AT-OSS-KMS")
def oss_kms(s: Subject) -> Finding:
    early = s.needs_bucket("AT-OSS-KMS", "GetBucketEncryption")
    if early:
        return early
    bucket = s.bucket
    if bucket.sse_algorithm != "KMS":
        return finding("AT-OSS-KMS", FAIL, s.bucket_res,
                       f"server-side encryption is {bucket.sse_algorithm or 'off'}, not SSE-KMS")
    if not bucket.kms_key_id:
        return finding("AT-OSS-KMS", FAIL, s.bucket_res, "SSE-KMS uses the OSS-managed default key, not a "
                       "customer key")
    key = s.observed.key(bucket.kms_key_id)
    if key is None:
        error = s.read_error(bucket.kms_key_id, "ListKeys")
        if error:
            return finding("AT-OSS-KMS", UNKNOWN, s.bucket_res, error)
        return finding("AT-OSS-KMS", FAIL, s.bucket_res, f"key {bucket.kms_key_id} was not found")
    if key.state != "Enabled":
        return finding("AT-OSS-KMS", FAIL, s.bucket_res, f"key {key.key_id} is {key.state}")
    if key.region != bucket.region:
        return finding("AT-OSS-KMS", FAIL, s.bucket_res, f"key {key.key_id} is in {key.region}, the bucket in "
                       f"{bucket.region}")
    return finding("AT-OSS-KMS", PASS, s.bucket_res, f"SSE-KMS with enabled key {key.key_id}")


@check("AT-OSS-WORM")
def oss_worm(s: Subject) -> Finding:
    """Locked, and long enough: the settings' days for the best practice, 180 for MLPS 2.0 (no CIS control)."""
    early = s.needs_bucket("AT-OSS-WORM", "GetBucketWorm")
    if early:
        return early
    worm = s.bucket.worm
    wanted = max(MIN_RETENTION_DAYS, s.settings.oss.retention_days)
    if worm is None:
        return finding("AT-OSS-WORM", FAIL, s.bucket_res, "no WORM retention policy")
    if worm.state != "Locked":
        return finding("AT-OSS-WORM", FAIL, s.bucket_res, f"WORM policy is {worm.state} "
                       f"({worm.retention_days} days), not locked")
    evidence = f"WORM locked at {worm.retention_days} days"
    mlps = (PASS, "") if worm.retention_days >= MLPS_RETENTION_DAYS else \
        (FAIL, f"MLPS 2.0 asks {MLPS_RETENTION_DAYS} days")
    if worm.retention_days < wanted:
        return finding("AT-OSS-WORM", FAIL, s.bucket_res, f"{evidence}; {s.asked_by} ask {wanted}",
                       {Framework.MLPS: mlps})
    return finding("AT-OSS-WORM", PASS, s.bucket_res, evidence, {Framework.MLPS: mlps})


@check("AT-OSS-PRIVATE")
def oss_private(s: Subject) -> Finding:
    early = s.needs_bucket("AT-OSS-PRIVATE", "GetBucketAcl")
    if early:
        return early
    problems = []
    if s.bucket.acl != "private":
        problems.append(f"ACL is {s.bucket.acl}")
    if not s.bucket.public_access_block:
        problems.append("public access is not blocked")
    if problems:
        return finding("AT-OSS-PRIVATE", FAIL, s.bucket_res, "; ".join(problems))
    return finding("AT-OSS-PRIVATE", PASS, s.bucket_res, "ACL private, public access blocked")


@check("AT-OSS-HTTPS-ONLY")
def oss_https_only(s: Subject) -> Finding:
    """A Deny on acs:SecureTransport false that covers every OSS action, the bucket and its objects, and everyone."""
    early = s.needs_bucket("AT-OSS-HTTPS-ONLY", "GetBucketPolicy")
    if early:
        return early
    if not s.bucket.policy:
        return finding("AT-OSS-HTTPS-ONLY", FAIL, s.bucket_res, "no bucket policy")
    gaps = insecure_transport_gaps(s.bucket.policy, s.bucket.name, s.observed.account_id, s.bucket.region)
    if gaps:
        return finding("AT-OSS-HTTPS-ONLY", FAIL, s.bucket_res, "the bucket policy lets plain HTTP through: "
                       + "; ".join(gaps))
    return finding("AT-OSS-HTTPS-ONLY", PASS, s.bucket_res, "bucket policy denies every non-HTTPS request to the "
                   "bucket and its objects")


@check("AT-OSS-ACCESS-LOGGING")
def oss_access_logging(s: Subject) -> Finding:
    early = s.needs_bucket("AT-OSS-ACCESS-LOGGING", "GetBucketLogging")
    if early:
        return early
    if s.bucket.logging_target:
        return finding("AT-OSS-ACCESS-LOGGING", PASS, s.bucket_res,
                       f"access logs go to {s.bucket.logging_target}/{s.bucket.logging_prefix or ''}")
    return finding("AT-OSS-ACCESS-LOGGING", FAIL, s.bucket_res, "access logging is off")
