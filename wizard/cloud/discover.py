"""discover(session, settings) -> Observed: read-only, concurrent.

The critical path is the dependency depth, not the number of calls: identity,
trails, the settings' bucket/project/key and RAM are read at once; a trail's
other destinations and the keys they use follow as soon as they are known.
Only Describe/Get/List calls are made here.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from ..config import Settings
from ..observed import Observed
from . import discover_oss, discover_ram, discover_sls
from .identity import caller_identity
from .reads import Reader
from .session import Session


def discover(session: Session, settings: Settings | None) -> Observed:
    """Everything the rules and the planner need, read once."""
    with ThreadPoolExecutor(max_workers=48, thread_name_prefix="discover") as pool:
        reader = Reader(pool)
        identity = pool.submit(_identity, session)
        trails_f = pool.submit(_trails, reader, session)
        wanted_bucket = settings.oss.bucket if settings and settings.oss else None
        wanted_project = settings.sls.project if settings and settings.sls else None
        bucket_f = pool.submit(discover_oss.bucket, reader, session, wanted_bucket) if wanted_bucket else None
        project_f = pool.submit(discover_sls.project, reader, session, wanted_project,
                                settings.logstore_name if settings else "") if wanted_project else None
        alias_key_f = pool.submit(_key, reader, session, f"alias/actiontrail-{settings.trail.name}") \
            if settings else None
        explicit_keys = {k for k in (settings.oss.kms_key if settings and settings.oss else None,
                                     settings.sls.kms_key if settings and settings.sls else None)
                         if k and k != "create"}
        explicit_key_fs = [pool.submit(_key, reader, session, k) for k in explicit_keys]
        ram_f = pool.submit(discover_ram.ram, reader, session, settings)

        account_id = identity.result()
        trails = trails_f.result()
        buckets = {b.name: b for b in ([bucket_f.result()] if bucket_f else []) if b}
        found_projects = [project_f.result()] if project_f else []
        more_buckets = [pool.submit(discover_oss.bucket, reader, session, t.oss_bucket)
                        for t in trails if t.oss_bucket and t.oss_bucket not in buckets and t.oss_bucket != wanted_bucket]
        more_projects = [pool.submit(discover_sls.project, reader, session, t.sls_project, f"actiontrail_{t.name}")
                         for t in trails if t.sls_project and (t.sls_project != wanted_project
                                                               or settings is None
                                                               or f"actiontrail_{t.name}" != settings.logstore_name)]
        for future in more_buckets:
            bucket = future.result()
            if bucket:
                buckets[bucket.name] = bucket
        found_projects += [future.result() for future in more_projects]
        projects, alerts = {}, {}
        for found in filter(None, found_projects):
            project, project_alerts = found
            projects[project.name] = _merge(projects.get(project.name), project)
            alerts.update({(a.project, a.name): a for a in project_alerts})
        keys = {k.key_id: k for k in [f.result() for f in [alias_key_f, *explicit_key_fs] if f] if k}
        key_refs = {b.kms_key_id for b in buckets.values() if b.sse_algorithm == "KMS" and b.kms_key_id}
        key_refs |= {s.cmk_key_id for p in projects.values() for s in p.logstores if s.cmk_key_id}
        key_fs = [pool.submit(_key, reader, session, ref) for ref in key_refs
                  if not any(ref in (k.key_id, k.arn) for k in keys.values())]
        keys.update({k.key_id: k for k in (f.result() for f in key_fs) if k})
        ram = ram_f.result()
    return Observed(
        account_id=account_id, region=session.region, trails=tuple(trails), buckets=tuple(buckets.values()),
        projects=tuple(projects.values()), keys=tuple(keys.values()), policies=ram.policies,
        alerts=tuple(alerts.values()),
        service_linked_role=ram.service_linked_role, principals=ram.principals,
        read_errors=tuple(reader.errors),
    )


def _merge(first, second):
    if first is None:
        return second
    names = {s.name for s in first.logstores}
    return replace(first, logstores=first.logstores + tuple(s for s in second.logstores if s.name not in names))


def _identity(session: Session) -> str:
    return caller_identity(session)[0]


def _trails(reader: Reader, session: Session):
    from alibabacloud_actiontrail20200706 import models

    from ..observed import TrailState

    client = session.actiontrail()
    found = reader.read("actiontrail", "DescribeTrails", session.region, lambda: client.describe_trails(
        models.DescribeTrailsRequest(include_organization_trail=True, include_shadow_trails=False)).body.trail_list)
    trails = [t for t in (found.value or []) if (t.home_region or session.region) == session.region]
    statuses = [reader.submit(reader.read, "actiontrail", "GetTrailStatus", t.name,
                              lambda name=t.name: client.get_trail_status(
                                  models.GetTrailStatusRequest(name=name)).body) for t in trails]
    result = []
    for trail, status_f in zip(trails, statuses):
        status = status_f.result().value
        project = (trail.sls_project_arn or "").rpartition("/")[2] or None
        result.append(TrailState(
            name=trail.name, home_region=trail.home_region or session.region, trail_region=trail.trail_region or "All",
            event_rw=trail.event_rw or "Write", status=trail.status or "", is_logging=bool(status and status.is_logging),
            oss_bucket=trail.oss_bucket_name or None, oss_prefix=trail.oss_key_prefix or None, sls_project=project,
            sls_write_role_arn=trail.sls_write_role_arn or None, organization=bool(trail.is_organization_trail),
            oss_delivery_error=(status.latest_delivery_error or None) if status else None,
            sls_delivery_error=(status.latest_delivery_log_service_error or None) if status else None,
        ))
    return result


def _key(reader: Reader, session: Session, ref: str):
    from alibabacloud_kms20160120 import models

    from ..observed import KeyState

    client = session.kms()
    found = reader.read("kms", "DescribeKey", ref, lambda: client.describe_key(
        models.DescribeKeyRequest(key_id=ref)).body.key_metadata,
        absent=("Forbidden.KeyNotFound", "Forbidden.AliasNotFound", "EntityNotExist.Key"))
    meta = found.value
    if meta is None:
        return None
    if ref.startswith("alias/"):
        aliases = (ref,)  # found through it: no second read needed
    else:
        listed = reader.read("kms", "ListAliasesByKeyId", meta.key_id, lambda: client.list_aliases_by_key_id(
            models.ListAliasesByKeyIdRequest(key_id=meta.key_id, page_size=100)).body.aliases.alias).value or []
        aliases = tuple(a.alias_name for a in listed)
    interval = meta.rotation_interval or ""
    return KeyState(
        key_id=meta.key_id, region=session.region, arn=meta.arn or "", state=meta.key_state or "",
        rotation=meta.automatic_rotation == "Enabled",
        rotation_interval_days=int(interval[:-1]) // 86400 if interval.endswith("s") and interval[:-1].isdigit()
        else None,
        deletion_protection=meta.deletion_protection == "Enabled",
        aliases=aliases,
    )

