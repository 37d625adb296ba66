"""The operator policy: exactly the calls the wizard makes for these settings, so it can run as a dedicated RAM user.

Derived, never hand-listed: discovery's reads (reads.py) and verify's calls (core/delivery.py), plus, for
`--mode apply`, every call of the plan against an empty account (onboarding)
and against an account where everything exists but has drifted (every fix the
planner can propose), plus the reads apply makes to resume. Each call becomes
its RAM action on the narrowest resource (actions.py).
"""

from __future__ import annotations

from typing import Any

from wizard.core.alerts.notify import action_policy_id
from wizard.core.approval import ApprovalState
from wizard.core.delivery import verify_calls
from wizard.core.alerts.rules import ALERT_RULES
from wizard.core.names import key_alias
from wizard.core.observed import (
    AlertState,
    BucketState,
    KeyState,
    LogstoreState,
    Observed,
    OrganizationState,
    PolicyState,
    ProjectState,
    TrailState,
    WormState,
)
from wizard.core.policies.actions import Grant, Scope, grants_for
from wizard.core.policies.reads import DISCOVERY_READS, RESUME_READS, WIZARD_READS, ReadApi
from wizard.core.settings import Settings

MODES = ("plan", "apply")
SERVICE_ORDER = ("actiontrail", "oss", "log", "kms", "ram", "resourcemanager")
UNKNOWN_KEY = "${existing-key}"  # a key whose id is only known in the account: its grants use key/*
# an auditor policy wider than least privilege (a narrower one is kept as it is): the drift CreatePolicyVersion fixes
_WIDER_AUDITOR = '{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'


def _principals(settings: Settings, with_admin_group: bool = True) -> tuple[str, ...]:
    """Everyone the settings name; without the admin group on an empty account, so its creation is planned."""
    access = settings.access
    group = f"group:{access.admin_group}" if access.admin_group and access.admin_users else None
    named = access.auditors + access.admins + access.admin_users
    return tuple(p for p in dict.fromkeys(named) if with_admin_group or p != group)


def drifted(settings: Settings, account: str) -> Observed:
    """An account where the trail and everything around it exist but are off in every way the rules check."""
    region, trail = settings.region, settings.trail.name
    oss, sls = settings.oss, settings.sls
    key_ref = (oss.kms_key if oss else (sls.kms_key if sls and sls.encryption == "cmk" else "create"))
    key = KeyState(key_id=UNKNOWN_KEY if key_ref in ("create",) or key_ref.startswith("alias/") else key_ref,
                   region=region, state="Disabled", aliases=(key_alias(trail),)
                   + ((key_ref,) if key_ref.startswith("alias/") else ()))
    buckets = (BucketState(oss.bucket, region, acl="public-read",
                           worm=WormState("worm-1", "Locked", max(1, oss.retention_days - 1))),) if oss else ()
    projects = (ProjectState(sls.project, region, (LogstoreState(settings.logstore_name, ttl_days=1),)),) \
        if sls else ()
    alerts = tuple(AlertState(sls.project, rule.name, enabled=False, query="changed") for rule in ALERT_RULES) \
        if sls else ()
    return Observed(
        account_id=account, region=region,
        trails=(TrailState(trail, region, trail_region=f"{region}-other", event_rw="Read", status="Disable",
                           is_logging=False),),
        buckets=buckets, projects=projects, keys=(key,), alerts=alerts, service_linked_role=True,
        policies=(PolicyState(settings.access.auditor_policy, "Custom", document=_WIDER_AUDITOR),),
        principals=_principals(settings), action_policies=((action_policy_id(settings), "changed"),),
        group_members=((settings.access.admin_group, ()),) if settings.access.admin_group else (),
        approvals=((trail, ApprovalState(store_missing=True)),),
    )


def _may_create(settings: Settings, account: str) -> OrganizationState | None:
    """An organization trail is planned only where the account may create one: assume it may (what apply needs)."""
    return OrganizationState("rd-any", management_account_id=account) if settings.trail.organization else None


def planned_calls(settings: Settings, account: str) -> list[tuple[str, str, dict]]:
    """(service, api, params) of every call apply can make for these settings."""
    from dataclasses import replace

    from wizard.core.planning.planner import plan

    empty = Observed(account_id=account, region=settings.region, principals=_principals(settings, False),
                     approvals=((settings.trail.name, ApprovalState(store_missing=True)),))
    # oss.lock = false is followed by `apply --lock-worm` (the same settings with the lock): it needs the lock too
    shapes = [settings] + ([replace(settings, oss=replace(settings.oss, lock=True))]
                           if settings.oss and not settings.oss.lock else [])
    calls = []
    for shape in shapes:
        for observed in (empty, drifted(shape, account)):
            observed = replace(observed, organization=_may_create(shape, account))
            calls += [(a.service, a.api, a.params) for a in plan(shape, observed).actions]
    return calls


def _reads(settings: Settings, mode: str) -> list[ReadApi]:
    reads = list(DISCOVERY_READS) + list(WIZARD_READS) + (list(RESUME_READS) if mode == "apply" else [])
    notify = bool(settings.sls and settings.alerts.enabled and settings.alerts.notify)  # as discover.py reads it
    backfill = bool(settings.sls and settings.sls.backfill)
    return [r for r in reads if (r.service != "oss" or settings.oss) and (r.service != "sls" or settings.sls)
            and (r.api != "GetResourceRecord" or notify)
            and (r.api != "GetLogsV2" or not settings.oss)  # approvals live in the bucket when there is one
            and (r.service != "resourcemanager" or settings.trail.organization)
            and ("DeliveryHistoryJob" not in r.api or backfill)]


def operator_grants(settings: Settings, account: str, mode: str = "apply", key_id: str | None = None) -> list[Grant]:
    scope = Scope(settings, account, key_id)
    grants = [g for r in _reads(settings, mode) for g in grants_for(scope, r.service, r.api)]
    grants += [g for service, api, params in verify_calls(settings)  # `verify`, and the proof after apply
               if mode == "apply" or api != "UpdateTrail" for g in grants_for(scope, service, api, params)]
    if mode == "apply":
        grants += [g for service, api, params in planned_calls(settings, account)
                   for g in grants_for(scope, service, api, params)]
        if settings.oss:  # the apply lock's records (cloud/apply/account_lock.py)
            grants += grants_for(scope, "oss", "PutObject", {"Bucket": settings.oss.bucket})
    return grants


def statements(grants: list[Grant], effect: str = "Allow") -> list[dict[str, Any]]:
    """Grants merged into statements: one per (resources, condition), actions sorted, in service order."""
    by_action: dict[tuple, set[str]] = {}
    for grant in grants:
        by_action.setdefault((grant.action, grant.condition), set()).update(grant.resources)
    by_target: dict[tuple, list[str]] = {}
    for (action, condition), resources in by_action.items():
        by_target.setdefault((tuple(sorted(resources)), condition), []).append(action)

    def order(item):
        (resources, condition), actions = item
        service = min(a.split(":")[0] for a in actions)
        rank = SERVICE_ORDER.index(service) if service in SERVICE_ORDER else len(SERVICE_ORDER)
        return rank, resources, condition

    found = []
    for (resources, condition), actions in sorted(by_target.items(), key=order):
        statement: dict[str, Any] = {"Effect": effect, "Action": sorted(actions), "Resource": list(resources)}
        if condition:
            conditions: dict[str, dict[str, list[str]]] = {}
            for operator, key, values in condition:
                conditions.setdefault(operator, {})[key] = list(values)
            statement["Condition"] = conditions
        found.append(statement)
    return found


def operator_policy(settings: Settings, account: str, mode: str = "apply", key_id: str | None = None) -> dict:
    """The policy a dedicated RAM user needs to run `plan`/`audit`/`verify` (mode plan) or also `apply` (mode
    apply, whose proof of delivery may need the no-op UpdateTrail of a write-only trail)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}")
    return {"Version": "1", "Statement": statements(operator_grants(settings, account, mode, key_id))}
