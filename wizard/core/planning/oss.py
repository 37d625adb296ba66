"""The log bucket: private, public access blocked, SSE-KMS, HTTPS only, access logging, WORM."""

from __future__ import annotations

from datetime import datetime, timedelta

from wizard.core.plan import Action
from wizard.core.planning.context import PlanContext
from wizard.core.planning.kms import KeyRef
from wizard.core.planning.locks import LockIntent
from wizard.core.policies.documents import policy_json, with_https_only
from wizard.core.policies.transport import denies_insecure_transport

ACCESS_LOG_PREFIX = "oss-access-log/"
IN_PROGRESS_WINDOW = timedelta(hours=24)  # CompleteBucketWorm: an unlocked policy becomes invalid after 24 hours


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
    if ctx.key_unusable:  # new log files would not be encrypted as the settings ask: the trail waits for the key
        return None
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
    """Initiate what is missing now; what must be locked is planned last (locks.py), once the rest can finish."""
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
        ctx.worm_lock = LockIntent(name, "${oss.initiate-worm.WormId}", days, initiated=True)
    elif worm.state == "InProgress":
        _in_progress(ctx, name, resource, worm, days)
    elif worm.state == "Locked" and worm.retention_days < days:
        ctx.worm_lock = LockIntent(name, worm.worm_id, days, locked_days=worm.retention_days)
    elif worm.state == "Locked" and worm.retention_days > days:
        ctx.keep(resource, f"WORM is locked at {worm.retention_days} days, longer than the {days} the settings ask "
                 "for: kept (a locked retention can only be extended)", rule="AT-OSS-WORM")


def _in_progress(ctx: PlanContext, name: str, resource: str, worm, days: int) -> None:
    """An unlocked policy someone started: lock exactly the period the settings ask for, or nothing; never abort."""
    until = lapses(worm.created)
    when = f" (it lapses at {until.replace('T', ' ')} UTC unless locked)" if until else " (it lapses 24 hours after it " \
        "was initiated unless locked)"
    if worm.retention_days > days:
        ctx.block(resource, f"an unlocked WORM policy of {worm.retention_days} days is in progress on {name}{when}; "
                  f"the settings ask for {days} days. The wizard locks only the period the settings ask for and never "
                  f"aborts a policy: to keep {worm.retention_days} days, set oss.retention_days = "
                  f"{worm.retention_days} and run again before it lapses; to lock {days} days, let it lapse (or abort "
                  "it), then run again", rule="AT-OSS-WORM",
                  command=f"ossutil api abort-bucket-worm --bucket {name}")
        return
    ctx.worm_lock = LockIntent(name, worm.worm_id, days, in_progress_days=worm.retention_days, lapses=until)


def lapses(created: str) -> str:
    """When an InProgress policy created at `created` ("YYYY-MM-DDTHH:MM:SS", UTC) lapses: 24 hours later."""
    try:
        start = datetime.strptime(created[:19], "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return ""
    return (start + IN_PROGRESS_WINDOW).strftime("%Y-%m-%dT%H:%M:%S")
