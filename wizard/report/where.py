"""Where the events land, in words, as read back from the account: the summary's "so where do I look now?".

Every line says what verification read (the bucket's encryption and WORM, the Logstore's TTL, who the
auditor policy is attached to), never what the settings asked for: a blocked or failed step shows as
missing, not as done.
"""

from __future__ import annotations

from wizard.core.observed import BucketState, Observed
from wizard.core.settings import Settings


def _bucket(bucket: BucketState) -> str:
    encryption = "SSE-KMS" if bucket.sse_algorithm == "KMS" else \
        f"encrypted with {bucket.sse_algorithm}" if bucket.sse_algorithm else "NOT encrypted"
    worm = bucket.worm
    retention = "no WORM retention" if worm is None else \
        f"WORM {worm.retention_days} days, {'locked' if worm.state == 'Locked' else 'NOT locked (' + worm.state + ')'}"
    return f"{encryption}, {retention}"


def where_events_land(settings: Settings, observed: Observed) -> list[str]:
    """One line per destination and the auditors' policy, with the protections read back for each."""
    lines = []
    trail = observed.trail(settings.trail.name)
    if settings.oss:
        name = settings.oss.bucket
        bucket = observed.bucket(name)
        prefix = f"{settings.oss.prefix}/" if settings.oss.prefix else ""
        if bucket is None:
            lines.append(f"OSS: bucket {name} was not found when the account was read again")
        else:
            delivering = "" if trail and trail.oss_bucket == name else "; the trail does not deliver here"
            lines.append(f"OSS: oss://{name}/{prefix}AliyunLogs/Actiontrail/ ({_bucket(bucket)}){delivering}")
    if settings.sls:
        project = observed.project(settings.sls.project)
        store = project.logstore(settings.logstore_name) if project else None
        if store is None:
            lines.append(f"Log Service: Logstore {settings.logstore_name} in project {settings.sls.project} was not "
                         "found when the account was read again")
        else:
            lines.append(f"Log Service: project {settings.sls.project}, Logstore {store.name} "
                         f"({'encrypted' if store.encrypted else 'NOT encrypted'}, TTL {store.ttl_days} days)")
    policy = observed.policy(settings.access.auditor_policy)
    if policy is None:
        lines.append(f"Auditors' read-only policy {settings.access.auditor_policy}: not found")
    else:
        attached = f"attached to {', '.join(policy.attached_to)}" if policy.attached_to else "attached to no one"
        missing = [p for p in settings.access.auditors if p not in policy.attached_to]
        lines.append(f"Auditors' read-only policy: {policy.name}, {attached}"
                     + (f" (not attached: {', '.join(missing)})" if missing else ""))
    return lines
