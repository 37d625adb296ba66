"""plan(settings, observed) -> Plan: the ordered calls that bring an account to the settings.

Each step plans one part (key, bucket, logstore, trail, access, alerts) and
returns the action ids later parts must wait for, so the tuple order is a valid
execution order. The never-weaken invariants are applied last, in one place
(planning/invariants.py). A compliant account yields zero actions.
"""

from __future__ import annotations

from .actions import Plan
from .config import Settings
from .observed import Observed
from .planning.alerts import plan_alerts
from .planning.backfill import plan_backfill
from .planning.context import PlanContext
from .planning.invariants import enforce
from .planning.kms import plan_key, plan_other_keys
from .planning.organization import organization_allowed
from .planning.oss import plan_bucket
from .planning.ram import plan_auditor_policy, report_extra_admins
from .planning.sls import plan_logstore
from .planning.trail import plan_service_linked_role, plan_trail


def plan(settings: Settings, observed: Observed) -> Plan:
    ctx = PlanContext(settings, observed)
    if settings.trail.organization and observed.trail(settings.trail.name) is None \
            and not organization_allowed(ctx):
        return Plan(blocked=tuple(ctx.blocked))  # a trail that cannot exist needs no key, bucket or project
    role = plan_service_linked_role(ctx)
    key = plan_key(ctx)
    plan_other_keys(ctx, key)
    bucket = plan_bucket(ctx, key)
    logstore = plan_logstore(ctx, key)
    if bucket is None or logstore is None:
        ctx.block(f"actiontrail://{settings.region}/{settings.trail.name}", "the trail is not created or changed "
                  "until its destination can be used (see above)",
                  rule="AT-TRAIL-EXISTS, AT-TRAIL-LOGGING, AT-TRAIL-ALL-REGIONS, AT-TRAIL-ALL-EVENTS")
    else:
        plan_trail(ctx, role + bucket + logstore)
        plan_backfill(ctx)
    plan_auditor_policy(ctx, key.arn if key else None, key.action_ids if key else ())
    report_extra_admins(ctx)
    plan_alerts(ctx, ctx.deps("sls.create-logstore"))
    actions, refused = enforce(ctx.actions, observed)
    return Plan(actions=tuple(actions), blocked=tuple(ctx.blocked + refused), **_no_ops(settings, observed))


def _no_ops(settings: Settings, observed: Observed) -> dict:
    """What needs no change: the rules the account already meets (rules imports planning, so imported here)."""
    from .rules import evaluate

    findings = evaluate(settings, observed)
    return {"already_met": tuple(f.rule for f in findings if f.status == "pass"), "rules_judged": len(findings)}
