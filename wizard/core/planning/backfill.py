"""History backfill: a new trail delivering to Log Service also gets the last 90 days (CreateDeliveryHistoryJob).

ActionTrail keeps only 90 days of events. A trail records from the moment it
starts; the history job delivers the 90 days before it to the trail's Logstore.
Part of the desired state until done: planned for a trail this plan creates, and
on a re-run for a trail that has never had its history delivered (no job of its
own that is running or finished; a failed one delivered nothing). When the jobs
could not be read, it is not planned: a re-run never risks a second job.
Optional: only one job can run per account, and a busy slot must not stop the
rest of the setup (the executor reports it and goes on).
"""

from __future__ import annotations

from wizard.core.plan import Action, Plan
from wizard.core.planning.context import PlanContext

BACKFILL_ID = "actiontrail.backfill"


def planned_backfill(plan: Plan) -> bool:
    """Whether this plan starts a history job."""
    return any(action.id == BACKFILL_ID for action in plan.actions)


def shows_backfill(settings, plan: Plan) -> bool:
    """Whether the summary shows the backfill (when it ran, or how it goes): the settings want one for a
    single-account trail, or this plan starts one."""
    wanted = bool(settings.sls and settings.sls.backfill and not settings.trail.organization)
    return wanted or planned_backfill(plan)


def _wanted(ctx: PlanContext) -> bool:
    """A new trail, or an existing one delivering to Log Service (or about to) whose history was never delivered."""
    if ctx.has("actiontrail.create-trail"):
        return True
    trail = ctx.observed.trail(ctx.settings.trail.name)
    jobs = ctx.observed.history_jobs
    if trail is None or jobs is None or trail.organization:
        return False
    delivers = trail.sls_project == ctx.settings.sls.project or (
        ctx.has("actiontrail.update-trail") and not trail.sls_project)
    return delivers and not any(j.trail_name == trail.name and j.delivered for j in jobs)


def plan_backfill(ctx: PlanContext) -> None:
    settings = ctx.settings
    if not (settings.sls and settings.sls.backfill and _wanted(ctx)):
        return
    if settings.trail.organization:
        # The API reference: "make sure you have created a single-account trail that delivers to Log Service".
        ctx.block(f"actiontrail://{ctx.region}/{settings.trail.name}/history", "history backfill is not started: "
                  "CreateDeliveryHistoryJob works for single-account trails only, and this is an organization "
                  "trail; the last 90 days stay searchable in the ActionTrail console (LookupEvents)", archive=False)
        return
    ctx.add(Action(id=BACKFILL_ID, service="actiontrail", api="CreateDeliveryHistoryJob",
                   resource=f"actiontrail://{ctx.region}/{settings.trail.name}/history",
                   params={"TrailName": settings.trail.name},
                   depends_on=ctx.deps("actiontrail.update-trail", "actiontrail.start-logging"),
                   optional=True,
                   reason=f"ActionTrail keeps only the last 90 days of events; this delivers them to Logstore "
                   f"{settings.logstore_name} so the history before today is kept too. It runs in the background "
                   "(progress on the summary). Only one history job can run per account: if another is running, "
                   "this step is reported and skipped, and the rest of the plan still applies."))
