"""plan(settings, observed) -> Plan: the ordered calls that bring an account to the settings.

Each step plans one part (key, bucket, logstore, trail, access, alerts, and last the record of the approved
settings) and
returns the action ids later parts must wait for, so the tuple order is a valid
execution order, and `depends_on` holds every ordering that matters (apply runs
independent actions concurrently). The never-weaken invariants are applied last,
in one place (invariants.py). The rules already met are added by wizard.flow.review: the
planner never imports the audit. A compliant account yields zero actions;
so does an account that could not be read in full (each failed read is blocked).
"""

from __future__ import annotations

from wizard.core.derive.keys import designated_key
from wizard.core.derive.reads import blocking_read_errors
from wizard.core.observed import Observed
from wizard.core.plan import Blocked, Plan
from wizard.core.planning.alerts import plan_alerts
from wizard.core.planning.approval import plan_approval_record
from wizard.core.planning.context import PlanContext
from wizard.core.planning.backfill import plan_backfill
from wizard.core.planning.invariants import enforce
from wizard.core.planning.kms import plan_key, plan_other_keys, report_unnamed_keys
from wizard.core.planning.locks import plan_locks
from wizard.core.planning.organization import organization_allowed
from wizard.core.planning.oss import plan_bucket
from wizard.core.planning.preconditions import unable_to_finish
from wizard.core.planning.ram import plan_admin_group, plan_auditor_policy, report_extra_admins
from wizard.core.planning.sls import plan_logstore
from wizard.core.planning.trail import plan_service_linked_role, plan_trail
from wizard.core.settings import Settings


_grant = "actiontrail-wizard policy operator --config FILE  (attach what it prints to the caller)"


def plan(settings: Settings, observed: Observed) -> Plan:
    unread = blocking_read_errors(settings, observed)
    if unread:  # a part not read is not "absent": planning on it could overwrite what exists
        return Plan(blocked=tuple(Blocked(f"read: {e.what}", f"could not read {e.what}: {e.code}"
                                          + (f" ({e.message.split(' (')[0]})" if e.refused_by_ram else "") + "; nothing is "
                                          "planned on a partial view of the account: fix the cause (a permission, "
                                          "the network, a proxy) and run again",
                                          command=_grant if e.refused_by_ram else "") for e in unread))
    ctx = PlanContext(settings, observed)
    if settings.trail.organization and observed.trail(settings.trail.name) is None \
            and not organization_allowed(ctx):
        return Plan(blocked=tuple(ctx.blocked))  # a trail that cannot exist needs no key, bucket or project
    cannot = unable_to_finish(ctx)
    if cannot:  # found before any write: a half-built setup is worse than none
        return Plan(blocked=tuple(cannot))
    role = plan_service_linked_role(ctx)
    key = plan_key(ctx)
    report_unnamed_keys(ctx, key.key_id if key and ctx.has("kms.adopt-key") else None)
    bucket = plan_bucket(ctx, key)
    logstore = plan_logstore(ctx, key)
    plan_other_keys(ctx)  # after the destinations: they say which of today's keys stay in use
    if bucket is None or logstore is None:
        ctx.block(f"actiontrail://{settings.region}/{settings.trail.name}", "the trail is not created or changed "
                  "until its destination can be used (see above)",
                  rule="AT-TRAIL-EXISTS, AT-TRAIL-LOGGING, AT-TRAIL-ALL-REGIONS, AT-TRAIL-ALL-EVENTS")
    else:
        plan_trail(ctx, role + bucket + logstore)
        plan_backfill(ctx)
    named = designated_key(settings, observed)  # even one that cannot encrypt: auditors may still read with it
    plan_auditor_policy(ctx, key.arn if key else (named.arn if named else None), key.action_ids if key else ())
    plan_admin_group(ctx)
    report_extra_admins(ctx)
    plan_alerts(ctx, ctx.deps("sls.create-logstore"))
    plan_approval_record(ctx, bool(settings.oss) and bucket is not None, bool(settings.sls) and logstore is not None)
    locks = plan_locks(ctx)  # last: irreversible, only on a plan that can finish, after every other action
    # The log bucket first: the account's apply lock lives in it (cloud/apply/account_lock.py), and PutBucket of a
    # bucket one owns is harmless to repeat, so it is the one call made before the lock is taken.
    ctx.actions.sort(key=lambda action: action.id != "oss.put-bucket")
    actions, refused = enforce(ctx.actions, observed)
    kept_ids = {a.id for a in actions}
    return Plan(actions=tuple(actions), blocked=tuple(ctx.blocked + refused), kept=tuple(ctx.kept),
                locks=tuple(lock for lock in locks if lock.action_id in kept_ids))
