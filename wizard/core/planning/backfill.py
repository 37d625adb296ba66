"""History backfill: a new trail delivering to Log Service also gets the last 90 days (CreateDeliveryHistoryJob).

ActionTrail keeps only 90 days of events. A trail records from the moment it
starts; the history job delivers the 90 days before it to the trail's Logstore.
Planned only for a trail this plan creates, so a re-run never starts a second
job. Optional: only one job can run per account, and a busy slot must not stop
the rest of the setup (the executor reports it and goes on).
"""

from __future__ import annotations

from wizard.core.plan import Action, Plan
from wizard.core.planning.context import PlanContext

BACKFILL_ID = "actiontrail.backfill"


def planned_backfill(plan: Plan) -> bool:
    """Whether this plan starts a history job (then the summary shows its progress)."""
    return any(action.id == BACKFILL_ID for action in plan.actions)


def plan_backfill(ctx: PlanContext) -> None:
    settings = ctx.settings
    if not (settings.sls and settings.sls.backfill and ctx.has("actiontrail.create-trail")):
        return
    if settings.trail.organization:
        # The API reference: "make sure you have created a single-account trail that delivers to Log Service".
        ctx.block(f"actiontrail://{ctx.region}/{settings.trail.name}/history", "history backfill is not started: "
                  "CreateDeliveryHistoryJob works for single-account trails only, and this is an organization "
                  "trail; the last 90 days stay searchable in the ActionTrail console (LookupEvents)")
        return
    ctx.add(Action(id=BACKFILL_ID, service="actiontrail", api="CreateDeliveryHistoryJob",
                   resource=f"actiontrail://{ctx.region}/{settings.trail.name}/history",
                   params={"TrailName": settings.trail.name}, depends_on=ctx.deps("actiontrail.start-logging"),
                   optional=True,
                   reason=f"ActionTrail keeps only the last 90 days of events; this delivers them to Logstore "
                   f"{settings.logstore_name} so the history before today is kept too. It runs in the background "
                   "(progress on the summary). Only one history job can run per account: if another is running, "
                   "this step is reported and skipped, and the rest of the plan still applies."))
