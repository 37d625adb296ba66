"""ActionTrail state: trails and delivery history jobs, and the rules that need other services' state.

Store kinds: "actiontrail.trail" ("<home region>/<name>") and "actiontrail.history-job"
(the job id, zero-padded). A trail's destinations are checked through oss.models and
sls.models, an organization trail through resourcemanager.models.

History jobs follow the sandbox clock: JobStatus 0 (initializing) for a minute,
then 1 (delivering) while the regions finish one by one, then 2. One job runs
per account; the API reference states that limit but names no error code, so
the code answered here (DeliveryHistoryJobLimitExceeded) is the sandbox's own:
the wizard recognises a busy slot by listing the jobs, not by the code.
"""

from __future__ import annotations

import re
from typing import Mapping

from ...http.protocol import ApiError
from ...state import clock
from ...state.store import Store
from ..oss.models import documents as oss_documents
from ..resourcemanager import models as resourcemanager
from ..sls import models as sls

TRAIL_KIND = "actiontrail.trail"
JOB_KIND = "actiontrail.history-job"
MAX_TRAILS_PER_REGION = 5
HISTORY_JOB_SECONDS = 600  # a delivery history job finishes ten sandbox minutes after it starts
HISTORY_JOB_INIT_SECONDS = 60  # ... after a minute of initializing
HISTORY_REGIONS = ("cn-hangzhou", "cn-shanghai", "cn-beijing", "cn-shenzhen", "ap-southeast-1")
_PROJECT_ARN = re.compile(r"^acs:log:(?P<region>[a-z0-9-]+):(?P<account>\d*):project/(?P<project>[a-z0-9-]+)$")
iso = clock.iso_seconds


# trails -------------------------------------------------------------------------------------
def _key(region: str, name: str) -> str:
    return f"{region}/{name}"


def trail(store: Store, region: str, name: str) -> dict:
    found = store.get(TRAIL_KIND, _key(region, name))
    if found is None:
        raise ApiError(404, "TrailNotFoundException", f"The trail {name} does not exist.")
    return found


def all_trails(store: Store) -> list[dict]:
    return store.list(TRAIL_KIND)


def check_destinations(store: Store, requested: Mapping[str, str], result: Mapping[str, str] | None = None) -> None:
    """The destinations a trail will have (API field names: Name, OssBucketName, OssKeyPrefix, SlsProjectArn)
    exist in the caller's account, and no other trail writes to the same bucket and prefix. SlsWriteRoleArn is
    optional: without it ActionTrail delivers through its service-linked role. `result` is the trail after
    the change (UpdateTrail): the bucket-and-prefix clash is judged on it, not on the request's fields alone."""
    result = result or requested
    bucket = requested.get("OssBucketName")
    if bucket and not oss_documents.bucket_exists(store, bucket):
        raise ApiError(404, "BucketDoesNotExistException", f"The OSS bucket {bucket} does not exist.")
    arn = requested.get("SlsProjectArn")
    if arn:
        match = _PROJECT_ARN.match(arn)
        if not match:
            raise ApiError(400, "InvalidSlsProjectArnException", f"The SlsProjectArn {arn} is not valid.")
        project = sls.project(store, match.group("project"))
        if project is None or project.get("region") not in (None, match.group("region")):
            raise ApiError(400, "SlsProjectDoesNotExistException",
                           f"The Log Service project {match.group('project')} does not exist.")
    target, prefix = result.get("OssBucketName"), result.get("OssKeyPrefix", "")
    for other in all_trails(store):
        if target and other["Name"] != result.get("Name") and other.get("OssBucketName") == target \
                and other.get("OssKeyPrefix", "") == prefix:
            raise ApiError(400, "RepeatOssBucket", f"The OSS bucket {target} with this prefix is already the "
                           f"destination of trail {other['Name']}.")


def project_of(arn: str) -> dict:
    """{"region", "account", "project"} of an SlsProjectArn a trail was created with (already checked)."""
    return _PROJECT_ARN.match(arn).groupdict()


def _deliver_to_sls(store: Store, found: dict) -> None:
    arn = found.get("SlsProjectArn")
    if arn:
        project = _PROJECT_ARN.match(arn).group("project")
        sls.ensure_actiontrail_logstore(store, project, f"actiontrail_{found['Name']}", clock.now(store))


def _check_organization(store: Store, account_id: str) -> None:
    if not resourcemanager.may_create_organization_trail(store, account_id):
        raise ApiError(400, "NotAllowCreateOrganizationTrail", "Your account does not allow you to create "
                       "organization trail. Submit a ticket to get customer support.")
    if any(t.get("IsOrganizationTrail") for t in all_trails(store)):
        raise ApiError(400, "MaximumNumberOfOrganizationTrailExceeded", "Your account can create only one "
                       "organization trail.")


def create_trail(store: Store, region: str, account_id: str, name: str, settings: dict) -> dict:
    """A new Fresh trail; `settings` holds its API fields (TrailRegion, EventRW, OssBucketName, OssKeyPrefix,
    SlsProjectArn, SlsWriteRoleArn, OssWriteRoleArn, IsOrganizationTrail)."""
    with store.transaction():
        if store.get(TRAIL_KIND, _key(region, name)):
            raise ApiError(400, "TrailAlreadyExistsException", f"The trail {name} already exists.")
        if len(store.list(TRAIL_KIND, f"{region}/")) >= MAX_TRAILS_PER_REGION:
            raise ApiError(403, "MaximumNumberOfTrailsExceededException",
                           f"At most {MAX_TRAILS_PER_REGION} trails can be created in a region.")
        check_destinations(store, {**settings, "Name": name})
        if settings["IsOrganizationTrail"]:
            _check_organization(store, account_id)
        now = iso(clock.now(store))
        made = {
            "Name": name, "HomeRegion": region, "TrailRegion": settings["TrailRegion"],
            "EventRW": settings["EventRW"], "Status": "Fresh", "OssBucketName": settings["OssBucketName"],
            "OssKeyPrefix": settings["OssKeyPrefix"], "SlsProjectArn": settings["SlsProjectArn"],
            "SlsWriteRoleArn": settings["SlsWriteRoleArn"], "OssWriteRoleArn": settings["OssWriteRoleArn"],
            "IsOrganizationTrail": settings["IsOrganizationTrail"], "CreateTime": now, "UpdateTime": now,
            "TrailArn": f"acs:actiontrail:{region}:{account_id}:trail/{name}",
        }
        store.put(TRAIL_KIND, _key(region, name), made)
        _deliver_to_sls(store, made)
    return made


def update_trail(store: Store, region: str, name: str, changes: dict) -> dict:
    """Change the fields a request sent (`changes`, API field names); the destinations must still hold."""
    with store.transaction():
        found = trail(store, region, name)
        check_destinations(store, {**changes, "Name": name}, {**found, **changes, "Name": name})
        found.update(changes)
        if found["EventRW"] not in ("All", "Read", "Write"):
            raise ApiError(400, "InvalidParameter.EventRW", f"EventRW {found['EventRW']} is not All, Read or Write.")
        found["UpdateTime"] = iso(clock.now(store))
        store.put(TRAIL_KIND, _key(region, found["Name"]), found)
        _deliver_to_sls(store, found)
    return found


def visible_trails(store: Store, region: str, names: list[str], include_organization: bool,
                   include_shadow: bool) -> list[dict]:
    """What DescribeTrails lists from a region: its own trails, all-region ones as shadows when asked,
    organization trails only when asked."""
    shown = []
    for found in all_trails(store):
        if found["HomeRegion"] != region and not (include_shadow and found["TrailRegion"] == "All"):
            continue
        if found.get("IsOrganizationTrail") and not include_organization:
            continue
        if names and found["Name"] not in names:
            continue
        shown.append(found)
    return shown


def bucket_region(store: Store, bucket: str) -> str:
    """DescribeTrails' OssBucketLocation: the delivery bucket's region ("" for no bucket, or one that is gone)."""
    doc = oss_documents.bucket(store, bucket) if bucket else None
    return doc["Region"] if doc else ""


def delivery_bucket_exists(store: Store, found: dict) -> bool:
    """True when the trail delivers to no bucket, or to one that exists."""
    return not found.get("OssBucketName") or oss_documents.bucket_exists(store, found["OssBucketName"])


def delivery_logstore_exists(store: Store, found: dict) -> bool:
    """True when the trail delivers to no Logstore, or its actiontrail_<trail> Logstore exists."""
    arn = found.get("SlsProjectArn")
    return not arn or sls.logstore_exists(store, project_of(arn)["project"], f"actiontrail_{found['Name']}")


def set_logging(store: Store, region: str, name: str, status: str, stamp: str) -> None:
    with store.transaction():
        found = trail(store, region, name)
        from . import delivery

        found["Status"] = status
        found[stamp] = iso(clock.now(store))
        store.put(TRAIL_KIND, _key(region, found["Name"]), found)
        delivery.note_logging(store, found, status == "Enable", clock.now(store))


def delete_trail(store: Store, region: str, name: str) -> None:
    with store.transaction():
        trail(store, region, name)
        store.delete(TRAIL_KIND, _key(region, name))


# delivery history jobs ----------------------------------------------------------------------
def _job_regions(job: dict) -> list[str]:
    if job.get("TrailRegion", "All") != "All":
        return [job["TrailRegion"]]
    return list(dict.fromkeys((job["HomeRegion"], *HISTORY_REGIONS)))


def region_statuses(job: dict, now: float) -> list[dict]:
    """Each region finishes in turn after the first minute; 0 initializing, 1 delivering, 2 finished."""
    elapsed, regions = now - job["StartedAt"], _job_regions(job)
    step = (HISTORY_JOB_SECONDS - HISTORY_JOB_INIT_SECONDS) / len(regions)
    return [{"Region": region, "Status": 0 if elapsed < HISTORY_JOB_INIT_SECONDS else
             2 if elapsed >= HISTORY_JOB_INIT_SECONDS + (i + 1) * step else 1} for i, region in enumerate(regions)]


def job_status(job: dict, now: float) -> int:
    statuses = {r["Status"] for r in region_statuses(job, now)}
    return 2 if statuses == {2} else 0 if statuses == {0} else 1


def create_job(store: Store, region: str, trail_name: str) -> int:
    """Start a history job for a trail delivering to Log Service; one at a time per account."""
    with store.transaction():
        found = trail(store, region, trail_name)
        if not found.get("SlsProjectArn"):
            raise ApiError(400, "InvalidParameter.TrailName", "Delivery history jobs need a trail delivering to "
                           "Log Service.")
        for job in store.list(JOB_KIND):
            if job_status(job, clock.now(store)) != 2:
                raise ApiError(400, "DeliveryHistoryJobLimitExceeded", "Only one delivery history job can run in "
                               f"an account at a time; job {job['JobId']} is still running.")
        job_id = int(store.meta("history_job_seq", "0") or 0) + 1
        store.set_meta("history_job_seq", str(job_id))
        store.put(JOB_KIND, f"{job_id:08d}", {"JobId": job_id, "TrailName": found["Name"], "HomeRegion": region,
                                              "TrailRegion": found["TrailRegion"], "StartedAt": clock.now(store)})
    return job_id


def job(store: Store, job_id: int) -> dict:
    found = store.get(JOB_KIND, f"{job_id:08d}")
    if found is None:
        raise ApiError(404, "DeliveryHistoryJobNotFound", f"The delivery history job {job_id} does not exist.")
    return found


def jobs(store: Store) -> list[dict]:
    """All history jobs, newest first."""
    return sorted(store.list(JOB_KIND), key=lambda j: j["JobId"], reverse=True)
