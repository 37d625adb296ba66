"""The never-weaken judge: every way an account after a plan is weaker than before, resource by resource.

Independent of the planner's own invariants (planning/invariants.py), so the proofs that use it (any plan on any
account, and the malformed-answer runs on a sandbox) do not take the planner's word for it.
"""

from __future__ import annotations

import json

from wizard.core.names import SLS_CMK_ROLE
from wizard.core.observed import Observed
from wizard.core.settings import Settings

ACL_RANK = {"private": 0, "public-read": 1, "public-read-write": 2}


def _statements(policy: str | None) -> list:
    if not policy:
        return []
    found = json.loads(policy).get("Statement", [])
    return found if isinstance(found, list) else [found]


def _trail(old, new, ours: bool) -> list[str]:
    problems = [] if ours or new == old else [f"trail {old.name} is not the settings' trail but changed"]
    if new.event_rw not in (old.event_rw, "All"):
        problems.append(f"trail {old.name} records {new.event_rw} instead of {old.event_rw}")
    if new.trail_region not in (old.trail_region, "All"):
        problems.append(f"trail {old.name} covers {new.trail_region} instead of {old.trail_region}")
    if old.is_logging and not new.is_logging:
        problems.append(f"trail {old.name} stopped logging")
    for field in ("oss_bucket", "sls_project"):
        if getattr(old, field) and getattr(new, field) != getattr(old, field):
            problems.append(f"trail {old.name} no longer delivers to {getattr(old, field)}")
    if new.organization != old.organization:
        problems.append(f"trail {old.name} changed its organization scope")
    return problems


def _bucket(old, new, ours: bool) -> list[str]:
    problems = [] if ours or new == old else [f"bucket {old.name} is not the settings' bucket but changed"]
    if old.worm:
        if new.worm is None or new.worm.retention_days < old.worm.retention_days:
            problems.append(f"WORM on {old.name} shortened or removed")
        elif old.worm.state == "Locked" and new.worm.state != "Locked":
            problems.append(f"WORM on {old.name} unlocked")
    if ACL_RANK[new.acl] > ACL_RANK[old.acl]:
        problems.append(f"bucket {old.name} widened to {new.acl}")
    if old.public_access_block and not new.public_access_block:
        problems.append(f"public access block removed from {old.name}")
    if old.sse_algorithm and new.sse_algorithm not in (old.sse_algorithm, "KMS"):
        problems.append(f"encryption of {old.name} went from {old.sse_algorithm} to {new.sse_algorithm}")
    if any(s not in _statements(new.policy) for s in _statements(old.policy)):
        problems.append(f"a policy statement of {old.name} was dropped")
    if new.versioning != old.versioning:
        problems.append(f"versioning of {old.name} changed")
    if old.logging_target and not new.logging_target:
        problems.append(f"access logging of {old.name} turned off")
    return problems


def _project(old, new, settings: Settings) -> list[str]:
    problems = [] if new.region == old.region else [f"project {old.name} moved"]
    for store in old.logstores:
        now = new.logstore(store.name)
        ours = settings.sls is not None and (old.name, store.name) == (settings.sls.project, settings.logstore_name)
        if now is None:
            problems.append(f"Logstore {store.name} disappeared")
            continue
        if not ours and now != store:
            problems.append(f"Logstore {old.name}/{store.name} is not the trail's but changed")
        if now.ttl_days < store.ttl_days:
            problems.append(f"TTL of {store.name} shortened")
        if store.encrypted and not now.encrypted:
            problems.append(f"encryption of {store.name} turned off")
        if store.cmk_key_id and now.cmk_key_id != store.cmk_key_id:
            problems.append(f"customer key of {store.name} changed")
    return problems


def _key(old, new) -> list[str]:
    problems = []
    if old.state == "Enabled" and new.state != "Enabled":
        problems.append(f"key {old.key_id} disabled")
    if old.rotation and (not new.rotation or (new.rotation_interval_days or 0) > (old.rotation_interval_days or 0)):
        problems.append(f"rotation of {old.key_id} turned off or slowed")
    if old.deletion_protection and not new.deletion_protection:
        problems.append(f"deletion protection of {old.key_id} removed")
    if not set(old.aliases) <= set(new.aliases):
        problems.append(f"an alias of {old.key_id} was removed")
    return problems


def _policy(old, new, settings: Settings) -> list[str]:
    problems = []
    if not set(old.attached_to) <= set(new.attached_to):
        problems.append(f"{old.name} was detached")
    if old.name != settings.access.auditor_policy and (new.document, new.policy_type) != (old.document,
                                                                                            old.policy_type):
        problems.append(f"policy {old.name} is not the auditor policy but changed")
    return problems


def _grants(before: Observed, after: Observed, settings: Settings) -> list[str]:
    """Access only widens where the settings approve it: the auditor policy to the auditors, the admin policy to the
    admin group, the admin users into the admin group; any other new attachment or membership widens access."""
    access = settings.access
    problems = []
    for policy in after.policies:
        old = before.policy(policy.name)
        for principal in set(policy.attached_to) - set(old.attached_to if old else ()):
            approved = (policy.name == access.auditor_policy and principal in access.auditors) or (
                policy.name == "AliyunActionTrailFullAccess" and access.admin_users
                and principal == f"group:{access.admin_group}") or principal == f"role:{SLS_CMK_ROLE}"  # ours
            if not approved:
                problems.append(f"{policy.name} newly attached to {principal}: access widened")
    for group, users in after.group_members:
        for user in set(users) - set(before.members(group) or ()):
            if group != access.admin_group or f"user:{user}" not in access.admin_users:
                problems.append(f"user {user} added to group {group}: access widened")
    return problems


def weakenings(before: Observed, after: Observed, settings: Settings) -> list[str]:
    """Every way `after` is weaker than `before`, judged resource by resource."""
    problems: list[str] = []
    gone = {kind: {getattr(x, "name", None) or getattr(x, "key_id", None) for x in getattr(before, kind)}
            - {getattr(x, "name", None) or getattr(x, "key_id", None) for x in getattr(after, kind)}
            for kind in ("trails", "buckets", "projects", "keys", "policies")}
    problems += [f"{kind} removed: {sorted(names)}" for kind, names in gone.items() if names]
    for old in before.trails:
        problems += _trail(old, after.trail(old.name), old.name == settings.trail.name)
    for old in before.buckets:
        problems += _bucket(old, after.bucket(old.name), settings.oss is not None and old.name == settings.oss.bucket)
    for old in before.projects:
        problems += _project(old, after.project(old.name), settings)
    for old in before.keys:
        problems += _key(old, after.key(old.key_id))
    for old in before.policies:
        problems += _policy(old, after.policy(old.name), settings)
    for old in before.alerts:
        new = next((a for a in after.alerts if (a.project, a.name) == (old.project, old.name)), None)
        if new is None or (old.enabled and not new.enabled):
            problems.append(f"alert {old.project}/{old.name} removed or disabled")
    if before.service_linked_role and not after.service_linked_role:
        problems.append("the service-linked role was removed")
    problems += _grants(before, after, settings)
    for group, users in before.group_members:
        if not set(users) <= set(after.members(group) or ()):
            problems.append(f"a user was removed from group {group}")
    return problems
