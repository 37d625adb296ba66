"""The trail itself: service-linked role, CreateTrail or UpdateTrail, StartLogging."""

from __future__ import annotations

from wizard.core.names import SERVICE_LINKED_ROLE, SERVICE_PRINCIPAL, role_arn
from wizard.core.observed import TrailState
from wizard.core.plan import Action
from wizard.core.planning.context import PlanContext
from wizard.core.planning.organization import organization_reason


def plan_service_linked_role(ctx: PlanContext) -> tuple[str, ...]:
    if ctx.observed.service_linked_role:
        return ()
    ctx.add(Action(id="ram.service-linked-role", service="ram", api="CreateServiceLinkedRole",
                   resource=f"ram://role/{SERVICE_LINKED_ROLE}",
                   params={"ServiceName": SERVICE_PRINCIPAL},
                   reason="ActionTrail delivers to OSS and SLS through this role."))
    return ("ram.service-linked-role",)


def _project_arn(ctx: PlanContext) -> str:
    return f"acs:log:{ctx.region}:{ctx.account}:project/{ctx.settings.sls.project}"


def _role_arn(ctx: PlanContext) -> str:
    return role_arn(ctx.account, SERVICE_LINKED_ROLE)


def plan_trail(ctx: PlanContext, depends_on: tuple[str, ...]) -> None:
    settings = ctx.settings
    trail = settings.trail
    resource = f"actiontrail://{ctx.region}/{trail.name}"
    existing = ctx.observed.trail(trail.name)
    if existing is None:
        params: dict = {"Name": trail.name, "EventRW": trail.event_rw, "TrailRegion": trail.trail_region}
        if settings.oss:
            params["OssBucketName"] = settings.oss.bucket
            if settings.oss.prefix:
                params["OssKeyPrefix"] = settings.oss.prefix
        if settings.sls:
            params["SlsProjectArn"] = _project_arn(ctx)
            params["SlsWriteRoleArn"] = _role_arn(ctx)
        reason = (f"Records {trail.event_rw.lower()} events in "
                  f"{'all regions' if trail.trail_region == 'All' else trail.trail_region}; "
                  "a new trail is off until StartLogging.")
        if trail.organization:
            params["IsOrganizationTrail"] = True
            reason += " " + organization_reason(ctx)
        ctx.add(Action(id="actiontrail.create-trail", service="actiontrail", api="CreateTrail", resource=resource,
                       params=params, depends_on=depends_on, reason=reason))
        ctx.add(Action(id="actiontrail.start-logging", service="actiontrail", api="StartLogging", resource=resource,
                       params={"Name": trail.name}, depends_on=("actiontrail.create-trail",),
                       reason="CreateTrail leaves the trail off; this starts recording."))
        return
    update = _drift(ctx, existing, resource)
    if update:
        ctx.add(Action(id="actiontrail.update-trail", service="actiontrail", api="UpdateTrail", kind="update",
                       resource=resource, params={"Name": trail.name, **update}, depends_on=depends_on,
                       reason="Brings the trail to the settings: " + ", ".join(f"{k}={v}" for k, v in update.items()
                                                                              if not k.endswith("Arn")) + ".",
                       before={key: _current(existing, key) for key in update
                               if _current(existing, key) != update[key]}))
    if not existing.is_logging:
        ctx.add(Action(id="actiontrail.start-logging", service="actiontrail", api="StartLogging", kind="update",
                       resource=resource, params={"Name": trail.name}, depends_on=ctx.deps("actiontrail.update-trail"),
                       reason=f"The trail is {existing.status or 'stopped'}: nothing is being recorded.",
                       before={"IsLogging": False}, after={"IsLogging": True}))


_CURRENT = {"EventRW": "event_rw", "TrailRegion": "trail_region", "OssBucketName": "oss_bucket",
            "OssKeyPrefix": "oss_prefix", "SlsWriteRoleArn": "sls_write_role_arn"}


def _current(existing: TrailState, parameter: str):
    """What the trail holds today for an UpdateTrail parameter (None: not set)."""
    if parameter == "SlsProjectArn":
        return None  # only planned when the trail delivers to no project
    return getattr(existing, _CURRENT[parameter])


def _drift(ctx: PlanContext, existing: TrailState, resource: str) -> dict:
    """UpdateTrail parameters that widen or complete the trail; narrowing is blocked instead."""
    settings, trail = ctx.settings, ctx.settings.trail
    update: dict = {}
    if existing.event_rw != trail.event_rw:
        if trail.event_rw == "All":
            update["EventRW"] = "All"
        elif existing.event_rw == "All":
            ctx.block(resource, f"the trail records All events; settings ask for {trail.event_rw}, which would "
                      "record fewer: kept at All", rule="AT-TRAIL-ALL-EVENTS")
        else:  # Read <-> Write would drop the kind recorded today; All keeps both
            update["EventRW"] = "All"
    if existing.trail_region != trail.trail_region:
        if trail.trail_region == "All":
            update["TrailRegion"] = "All"
        else:
            ctx.block(resource, f"the trail covers {existing.trail_region}; settings ask for {trail.trail_region} "
                      "only, which would stop recording some regions: kept as it is", rule="AT-TRAIL-ALL-REGIONS")
    if settings.oss and existing.oss_bucket != settings.oss.bucket:
        if existing.oss_bucket:
            ctx.block(resource, f"the trail delivers to bucket {existing.oss_bucket}; settings name "
                      f"{settings.oss.bucket}. The wizard does not move a trail's archive; change it by hand if "
                      "intended", rule="AT-TRAIL-EXISTS")
        else:
            update["OssBucketName"] = settings.oss.bucket
            if settings.oss.prefix:
                update["OssKeyPrefix"] = settings.oss.prefix
    if settings.sls and existing.sls_project != settings.sls.project:
        if existing.sls_project:
            ctx.block(resource, f"the trail delivers to project {existing.sls_project}; settings name "
                      f"{settings.sls.project}. The wizard does not move a trail's delivery; change it by hand if "
                      "intended", rule="AT-TRAIL-EXISTS")
        else:
            update["SlsProjectArn"] = _project_arn(ctx)
            update["SlsWriteRoleArn"] = _role_arn(ctx)
    if trail.organization and not existing.organization:
        ctx.block(resource, "the trail is a single-account trail; an organization trail must be created as one "
                  "(IsOrganizationTrail cannot be changed later): use another trail.name for the organization "
                  "trail, or set trail.organization = false")
    return update
