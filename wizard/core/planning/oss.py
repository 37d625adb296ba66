"""The log bucket: private, public access blocked, SSE-KMS, HTTPS only, access logging, WORM."""

from __future__ import annotations

from wizard.core.plan import Action
from wizard.core.planning.context import PlanContext
from wizard.core.planning.kms import KeyRef
from wizard.core.policies.documents import policy_json, with_https_only
from wizard.core.policies.transport import denies_insecure_transport

ACCESS_LOG_PREFIX = "oss-access-log/"


BUCKET_RULES = "AT-OSS-KMS, AT-OSS-WORM, AT-OSS-PRIVATE, AT-OSS-HTTPS-ONLY, AT-OSS-ACCESS-LOGGING"


def plan_bucket(ctx: PlanContext, key: KeyRef | None) -> tuple[str, ...] | None:
    """Plan the bucket; returns the action ids CreateTrail must wait for, None when the bucket is unusable."""
    oss = ctx.settings.oss
    if oss is None:
        return ()
    name = oss.bucket
    resource = f"oss://{name}"
    if ctx.observed.held_elsewhere(resource):
        ctx.block(resource, f"bucket {name} belongs to another Alibaba Cloud account (bucket names are global "
                  "across all accounts); choose another oss.bucket", rule=BUCKET_RULES)
        return None
    bucket = ctx.observed.bucket(name)
    if bucket is not None and bucket.region != ctx.region:
        ctx.block(resource, f"bucket {name} is in {bucket.region}, not the trail's home region {ctx.region}; "
                  "choose another bucket name", rule=BUCKET_RULES)
        return None
    created = bucket is None
    if created:
        ctx.add(Action(id="oss.put-bucket", service="oss", api="PutBucket", resource=resource,
                       params={"Bucket": name, "Acl": "private", "StorageClass": "Standard"},
                       reason="The archive bucket for the trail's log files, private from the start."))
    base = ctx.deps("oss.put-bucket")
    if not created and bucket.acl != "private":
        ctx.add(Action(id="oss.put-bucket-acl", service="oss", api="PutBucketAcl", kind="update",
                       resource=resource, params={"Bucket": name, "Acl": "private"},
                       reason=f"The bucket is {bucket.acl}: audit logs must not be readable by anyone.",
                       before={"Acl": bucket.acl}))
    if created or not bucket.public_access_block:
        ctx.add(Action(id="oss.public-access-block", service="oss", api="PutBucketPublicAccessBlock",
                       kind="create" if created else "update", resource=resource,
                       params={"Bucket": name, "BlockPublicAccess": True},
                       reason="Blocks any later public ACL or policy on the log bucket.",
                       depends_on=base + ctx.deps("oss.put-bucket-acl"),
                       before={} if created else {"BlockPublicAccess": False}))
    _plan_encryption(ctx, name, resource, key, created, base)
    if created or not denies_insecure_transport(bucket.policy, name, ctx.observed.account_id, bucket.region):
        document = with_https_only(None if created else bucket.policy, name, ctx.account)
        replaces = not created and bool(bucket.policy)
        ctx.add(Action(id="oss.https-only-policy", service="oss", api="PutBucketPolicy",
                       kind="update" if replaces else "create", resource=resource,
                       params={"Bucket": name, "Policy": policy_json(document)},
                       reason="Denies plain-HTTP access so logs never travel unencrypted: every OSS action, the "
                       "bucket and its objects, every principal" + ("; existing statements are kept" if replaces else "")
                       + ".",
                       depends_on=base + ctx.deps("oss.public-access-block"),
                       before={"Policy": bucket.policy} if replaces else {}))
    if created or not bucket.logging_target:
        ctx.add(Action(id="oss.access-logging", service="oss", api="PutBucketLogging",
                       kind="create" if created else "update", resource=resource,
                       params={"Bucket": name, "TargetBucket": name, "TargetPrefix": ACCESS_LOG_PREFIX},
                       reason="Records who reads or changes the audit logs.", depends_on=base,
                       before={} if created else {"TargetBucket": None}))
    _plan_worm(ctx, name, resource, created, base)
    return base + ctx.deps("oss.put-bucket-encryption")


def _plan_encryption(ctx: PlanContext, name: str, resource: str, key: KeyRef | None, created: bool,
                     base: tuple[str, ...]) -> None:
    if key is None:
        return
    bucket = None if created else ctx.observed.bucket(name)
    if bucket and bucket.sse_algorithm == "KMS" and bucket.kms_key_id in (key.key_id, key.arn):
        return
    replaces = bool(bucket and bucket.sse_algorithm)
    wanted = {"SSEAlgorithm": "KMS", "KMSMasterKeyID": key.key_id}
    current = {"SSEAlgorithm": bucket.sse_algorithm, "KMSMasterKeyID": bucket.kms_key_id} if replaces else {}
    ctx.add(Action(id="oss.put-bucket-encryption", service="oss", api="PutBucketEncryption",
                   kind="update" if replaces else "create", resource=resource,
                   params={"Bucket": name, **wanted},
                   reason="New log files are encrypted at rest with the customer-managed KMS key.",
                   depends_on=base + key.action_ids,
                   before={field: value for field, value in current.items() if value != wanted[field]}))


def _plan_worm(ctx: PlanContext, name: str, resource: str, created: bool, base: tuple[str, ...]) -> None:
    oss = ctx.settings.oss
    bucket = None if created else ctx.observed.bucket(name)
    days = oss.retention_days
    worm = bucket.worm if bucket else None
    if bucket and bucket.versioning == "Suspended" and worm is None:
        ctx.block(resource, f"versioning is Suspended on {name}, and OSS refuses a retention policy on such a bucket "
                  "(it allows one with versioning Enabled); enable versioning again, or use another bucket",
                  rule="AT-OSS-WORM", command=f"aliyun oss bucket-versioning --method put oss://{name} enabled")
        return
    if worm is None:  # none yet, or one left unlocked for 24 h, which OSS then drops
        ctx.add(Action(id="oss.initiate-worm", service="oss", api="InitiateBucketWorm", resource=resource,
                       params={"Bucket": name, "RetentionPeriodInDays": days},
                       reason=f"Log files cannot be changed or deleted for {days} days (MLPS 2.0 asks for 180). "
                       "Stays abortable for 24 hours until locked.", depends_on=base))
        _complete(ctx, name, resource, "${oss.initiate-worm.WormId}", ("oss.initiate-worm",), days)
        return
    if worm.state == "InProgress":
        if worm.retention_days < days:
            ctx.block(resource, f"an unlocked WORM policy of {worm.retention_days} days is in progress; reaching "
                      f"{days} days needs AbortBucketWorm first, which the wizard never does", rule="AT-OSS-WORM",
                      command=f"aliyun oss worm --method abort oss://{name}")
            return
        _complete(ctx, name, resource, worm.worm_id, (), worm.retention_days)
        return
    if worm.state == "Locked" and worm.retention_days < days:
        ctx.add(Action(id="oss.extend-worm", service="oss", api="ExtendBucketWorm", kind="update",
                       resource=resource,
                       params={"Bucket": name, "WormId": worm.worm_id, "RetentionPeriodInDays": days},
                       reason=f"Extends the locked retention from {worm.retention_days} to {days} days.",
                       irreversible=True, before={"RetentionPeriodInDays": worm.retention_days},
                       locks=f"WORM on {resource} at {days} days, for good: the period can never be shortened "
                       "again"))


def _complete(ctx: PlanContext, name: str, resource: str, worm_id: str, deps: tuple[str, ...], days: int) -> None:
    if not ctx.settings.oss.lock:
        ctx.block(resource, "the WORM policy stays unlocked (oss.lock = false): it can be aborted for 24 hours "
                  "and expires unless locked; set oss.lock = true or pass --lock-worm", rule="AT-OSS-WORM")
        return
    ctx.add(Action(id="oss.complete-worm", service="oss", api="CompleteBucketWorm", kind="update", resource=resource,
                   params={"Bucket": name, "WormId": worm_id},
                   reason="Locks the retention: from now on no one, not even the account owner, can shorten it "
                   "or delete the bucket before it ends.", irreversible=True, depends_on=deps,
                   before={"WormState": "InProgress"}, after={"WormState": "Locked"},
                   locks=f"WORM on {resource} at {days} days, for good: each log file stays undeletable {days} "
                   "days after it is written, and the period can never be shortened"))
