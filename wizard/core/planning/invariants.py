"""The never-weaken invariants, enforced in one place on every plan.

The planning steps are written not to propose a weakening; this filter is the
guarantee. Any action that would delete, stop, shorten, decrypt, expose or
detach is turned into a Blocked item (with every action that depends on it),
so a planner bug can only ever produce a smaller plan, never a harmful one.
"""

from __future__ import annotations

import json

from wizard.core.observed import Observed
from wizard.core.plan import Action, Blocked

FORBIDDEN_PREFIXES = ("Delete", "Stop", "Abort", "Detach", "Disable", "Cancel", "ScheduleKeyDeletion", "Remove",
                      "Untag")
PUBLIC_ACLS = ("public-read", "public-read-write")


def violation(action: Action, observed: Observed) -> str | None:
    """Why an action would weaken the account, or None when it is safe."""
    api, params = action.api, action.params
    if api.startswith(FORBIDDEN_PREFIXES):
        return f"{api} deletes, stops or removes something"
    if api == "PutBucketVersioning":
        return "versioning is never turned on for the WORM log bucket"
    if api in ("PutBucket", "PutBucketAcl") and params.get("Acl", "private") in PUBLIC_ACLS:
        return f"{api} would make the bucket {params['Acl']}"
    if api == "PutBucketPublicAccessBlock" and params.get("BlockPublicAccess") is not True:
        return "public access block would be turned off"
    bucket = observed.bucket(str(params.get("Bucket", "")))
    if api in ("InitiateBucketWorm", "ExtendBucketWorm") and bucket and bucket.worm \
            and int(params["RetentionPeriodInDays"]) < bucket.worm.retention_days:
        return f"WORM retention would go from {bucket.worm.retention_days} to {params['RetentionPeriodInDays']} days"
    if api == "PutBucketEncryption" and params.get("SSEAlgorithm") != "KMS" and bucket and bucket.sse_algorithm:
        return f"bucket encryption would change from {bucket.sse_algorithm} to {params.get('SSEAlgorithm')}"
    if api == "PutBucketPolicy" and bucket and bucket.policy and not _keeps_statements(bucket.policy, params["Policy"]):
        return "the new bucket policy drops existing statements"
    if api == "UpdateLogStore" or api == "CreateLogStore":
        project = observed.project(str(params.get("project", "")))
        store = project.logstore(str(params.get("logstoreName", ""))) if project else None
        if store and int(params.get("ttl", store.ttl_days)) < store.ttl_days:
            return f"Logstore TTL would go from {store.ttl_days} to {params['ttl']} days"
        conf = params.get("encrypt_conf")
        if api == "CreateLogStore" and (not isinstance(conf, dict) or conf.get("enable") is not True):
            return "the Logstore would be created without encryption"
    if api == "UpdateLogStoreEncryption" and params.get("enable") is not True:
        return "Logstore encryption would be turned off"
    if api in ("UpdateTrail", "CreateTrail"):
        return _trail_violation(action, observed)
    return None


def _keeps_statements(old: str, new: str) -> bool:
    try:
        before = json.loads(old).get("Statement", [])
        after = json.loads(new).get("Statement", [])
    except (ValueError, AttributeError):
        return False
    before = before if isinstance(before, list) else [before]
    return all(statement in after for statement in before)


def _trail_violation(action: Action, observed: Observed) -> str | None:
    params = action.params
    existing = observed.trail(str(params.get("Name", "")))
    if existing is None:
        return None
    if existing.event_rw == "All" and params.get("EventRW", "All") != "All":
        return f"the trail would record {params['EventRW']} events instead of All"
    if existing.trail_region == "All" and params.get("TrailRegion", "All") != "All":
        return f"the trail would cover {params['TrailRegion']} instead of all regions"
    if existing.oss_bucket and "OssBucketName" in params and params["OssBucketName"] != existing.oss_bucket:
        return f"the trail would stop delivering to bucket {existing.oss_bucket}"
    if existing.sls_project and "SlsProjectArn" in params and not str(params["SlsProjectArn"]).endswith(
            f"project/{existing.sls_project}"):
        return f"the trail would stop delivering to project {existing.sls_project}"
    return None


def enforce(actions: list[Action], observed: Observed) -> tuple[list[Action], list[Blocked]]:
    """Drop every weakening action (and what depends on it); say why in Blocked items."""
    kept: list[Action] = []
    blocked: list[Blocked] = []
    dropped: set[str] = set()
    for action in actions:
        reason = violation(action, observed)
        if reason is None and dropped.intersection(action.depends_on):
            reason = "it depends on a step that was refused"
        if reason is None:
            kept.append(action)
            continue
        dropped.add(action.id)
        blocked.append(Blocked(action.resource, f"refused {action.api}: {reason}"))
    return kept, blocked
