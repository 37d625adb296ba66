"""What would make the plan unable to finish, found before any write: then nothing is planned at all.

A trail that cannot be created needs no key, bucket or project, and a half-built
setup is worse than none when one of its steps is irreversible. ActionTrail's
limits (Quotas and limits: 5 single-account trails per region, 1 multi-account
trail; CreateTrail answers MaximumNumberOfTrailsExceededException) and its
refusal of a bucket another trail already writes to (RepeatOssBucket) are
checked against what discovery read. A key that is not Enabled is handled where
the key is planned (kms.py): only what depends on it waits.
"""

from __future__ import annotations

from wizard.core.plan import Blocked
from wizard.core.planning.context import PlanContext

MAX_SINGLE_ACCOUNT_TRAILS = 5  # per region (ActionTrail "Quotas and limits"; adjustable in Quota Center)


def unable_to_finish(ctx: PlanContext) -> list[Blocked]:
    """Blocked items for each reason the trail could not be created or pointed at its destinations."""
    settings, observed = ctx.settings, ctx.observed
    resource = f"actiontrail://{ctx.region}/{settings.trail.name}"
    existing = observed.trail(settings.trail.name)
    found: list[Blocked] = []
    if existing is None and not settings.trail.organization:
        ours = [t for t in observed.trails if t.home_region == ctx.region and not t.organization]
        if len(ours) >= MAX_SINGLE_ACCOUNT_TRAILS:
            found.append(Blocked(resource, f"{ctx.region} already holds {len(ours)} trails "
                                 f"({', '.join(t.name for t in ours)}), and ActionTrail allows "
                                 f"{MAX_SINGLE_ACCOUNT_TRAILS} trails per region (CreateTrail would answer "
                                 "MaximumNumberOfTrailsExceededException): nothing is planned. Reuse one of them as "
                                 "trail.name, or free a slot (a human decision), or raise the quota in Quota Center, "
                                 "then run again", rule="AT-TRAIL-EXISTS"))
    if existing is None and settings.trail.organization:
        other = next((t for t in observed.trails if t.organization), None)
        if other is not None:
            found.append(Blocked(resource, f"the account already has organization trail {other.name}, and "
                                 "ActionTrail allows one: nothing is planned. Use trail.name = "
                                 f"\"{other.name}\" to bring that one to the settings", rule="AT-TRAIL-EXISTS"))
    oss = settings.oss
    sets_bucket = oss is not None and (existing is None or not existing.oss_bucket)  # else it is not moved
    if sets_bucket:
        for trail in observed.trails:
            if trail.name != settings.trail.name and trail.oss_bucket == oss.bucket \
                    and (trail.oss_prefix or "") == (oss.prefix or ""):
                found.append(Blocked(resource, f"trail {trail.name} already delivers to bucket {oss.bucket} "
                                     f"with prefix \"{oss.prefix or ''}\", and ActionTrail refuses a second trail "
                                     "there (RepeatOssBucket): nothing is planned. Choose another oss.prefix or "
                                     "bucket, or use trail.name = \"" + trail.name + "\"",
                                     rule="AT-TRAIL-EXISTS"))
    return found
