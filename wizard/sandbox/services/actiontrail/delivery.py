"""Delivery of each logging trail's events, as the sandbox clock passes (ActionTrail's delivery documentation).

* Which events: those of the trail's account (and, for an organization trail, of every member of the Resource
  Directory its account manages) that arrived while the trail was logging, of its EventRW (Read, Write, All)
  and its TrailRegion (one region or All; a global event, RAM or a sign-in, goes to every trail).
* Log Service, "within about a minute": into `<project>/actiontrail_<trail>` as one log per event, the event as
  the JSON field `event` (topic actiontrail_audit_event), at its eventTime. The sandbox takes the best case: an
  event is there by the next request after it was recorded.
* OSS, "in 5-minute files within 10 minutes": the events of each 5-minute window [W, W+5m), one gzip JSON
  file per region, written once the window is 5 minutes closed, at the documented path (the member's account id
  under the directory's id for an organization trail). The object is a PutObject by ActionTrail's service role:
  the bucket's default encryption applies, WORM protects it, an explicit Deny of the bucket policy for that role,
  a disabled KMS key or a bucket that is gone makes the delivery fail: LatestDeliveryError says why, and the
  window is tried again a minute later, so delivery resumes once the cause is fixed.

Delivery state per trail: kind "actiontrail.delivery" (cursors, latest times and errors), beside the trail.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import time

from ...events import book
from ...http.protocol import ApiError
from ...state import clock
from ...state.scope import AccountStore
from ..kms import models as kms
from ..oss.models import documents as oss_documents
from ..oss.models import objects as oss_objects
from ..resourcemanager import models as resourcemanager
from ..sls import models as sls
from . import models

KIND = "actiontrail.delivery"
SLS_DELAY = 0.0  # seconds after an event before it is in the Logstore ("within about a minute": the best case)
WINDOW = 300  # OSS files hold 5 minutes of events ...
OSS_DELAY = 300  # ... and are written 5 minutes after their window closes (so within 10 minutes)
RETRY = 60  # a failed delivery is tried again a minute later
SERVICE_ROLE = "aliyunserviceroleforactiontrail"
TOPIC, SOURCE = "actiontrail_audit_event", "actiontrail"


def _key(trail: dict) -> str:
    return f"{trail['HomeRegion']}/{trail['Name']}"


def state(store, trail: dict) -> dict:
    """What GetTrailStatus reports of the trail's deliveries."""
    return store.get(KIND, _key(trail)) or {}


def note_logging(store, trail: dict, logging: bool, now: float) -> None:
    """StartLogging opens a logging period, StopLogging closes it (called inside their transaction)."""
    found = state(store, trail)
    periods = found.setdefault("periods", [])
    if logging and not (periods and periods[-1][1] is None):
        periods.append([now, None])
    elif not logging and periods and periods[-1][1] is None:
        periods[-1][1] = now
    found["periods"] = periods[-20:]
    store.put(KIND, _key(trail), found)


def _logged(periods: list, epoch: float) -> bool:
    return any(start <= epoch and (stop is None or epoch < stop) for start, stop in periods)


def _selected(trail: dict, periods: list, record: dict) -> bool:
    event = record["event"]
    if not _logged(periods, record["epoch"]):
        return False
    rw = trail.get("EventRW", "Write")
    if rw != "All" and event.get("eventRW") != rw:
        return False
    region = trail.get("TrailRegion", "All")
    return region == "All" or bool(event.get("isGlobal")) or event.get("acsRegion") == region


def _sources(store, account_id: str, trail: dict) -> list[str]:
    """The accounts whose events the trail delivers: its own, and a managed directory's members."""
    if not trail.get("IsOrganizationTrail"):
        return [account_id]
    directory = resourcemanager.directory(store) or {}
    members = directory.get("Members", []) if directory.get("MasterAccountId") == account_id else []
    return list(dict.fromkeys([account_id, *members]))


def deliver(root, account_ids: list[str], now: float) -> tuple[float, bool]:
    """Deliver what is due for every logging trail of every account: (when delivery is next due, 0 for none;
    whether any log reached a Logstore, so the alert schedule has something new to look at)."""
    due, appended = [], False
    for account_id in account_ids:
        store = AccountStore(root, account_id)
        for trail in models.all_trails(store):
            if not state(store, trail).get("periods"):
                continue
            with store.transaction():
                found = state(store, trail)
                before = json.dumps(found, sort_keys=True)
                sources = _sources(store, account_id, trail)
                if trail.get("SlsProjectArn"):
                    appended = _to_sls(root, store, trail, found, sources, now) or appended
                if trail.get("OssBucketName"):
                    due.append(_to_oss(root, store, account_id, trail, found, sources, now))
                if json.dumps(found, sort_keys=True) != before:  # an ordinary request writes nothing here
                    store.put(KIND, _key(trail), found)
            if found.get("sls_error"):
                due.append(found.get("sls_retry") or now + RETRY)
    return min([d for d in due if d], default=0.0), appended


# Log Service ----------------------------------------------------------------------------------------
def _to_sls(root, store, trail: dict, found: dict, sources: list[str], now: float) -> bool:
    """Append the trail's new events to its Logstore; True when logs were written. After a failure, nothing is tried
    before its retry time: requests in between cost no scan of the undelivered events."""
    if found.get("sls_error") and now < found.get("sls_retry", 0):
        return False
    match = models.project_of(trail["SlsProjectArn"])
    project, region = match["project"], match["region"]
    logstore = f"actiontrail_{trail['Name']}"
    start = book.key_at(found["periods"][0][0] - 0.001, "~")
    cursors, logs, moved = found.setdefault("sls", {}), [], {}
    for source in sources:
        records = book.after(AccountStore(root, source), cursors.get(source, start), now - SLS_DELAY)
        if records:
            moved[source] = records[-1]["key"]
        logs += [{"event": json.dumps(r["event"], sort_keys=True), "__time__": str(int(r["epoch"]))}
                 for r in records if _selected(trail, found["periods"], r)]
    try:
        if logs:
            sls.deliver_actiontrail_logs(store, region, project, logstore, TOPIC, SOURCE, logs)
            found["sls_time"] = clock.iso_seconds(now)
        found["sls_error"], found["sls_retry"] = "", 0
        cursors.update(moved)
        return bool(logs)
    except ApiError as error:
        found["sls_error"], found["sls_retry"] = f"{error.code}: {error.message}", now + RETRY
        return False


# OSS ------------------------------------------------------------------------------------------------
def object_key(trail: dict, region: str, window: float, events: int, body: bytes, member: str = "",
               directory_id: str = "") -> str:
    """`<prefix>/AliyunLogs/Actiontrail/[<rd id>/<account id>/]<region>/<YYYY>/<MM>/<DD>/Actiontrail_<region>_
    <YYYYMMDDHHMMSS>_1002_<count>_<size>_<md5>.gz` (the storage path page; the time is the window's start, UTC)."""
    day = time.strftime("%Y/%m/%d", time.gmtime(window))
    stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(window))
    prefix = (trail.get("OssKeyPrefix") or "").strip("/")
    middle = f"{directory_id}/{member}/" if directory_id else ""
    name = f"Actiontrail_{region}_{stamp}_1002_{events}_{len(body)}_{hashlib.md5(body).hexdigest()}.gz"
    return f"{prefix + '/' if prefix else ''}AliyunLogs/Actiontrail/{middle}{region}/{day}/{name}"


def _oss_refusal(store, trail: dict, bucket: dict | None, owner: str) -> str:
    """Why ActionTrail's service role cannot write to the bucket ("" when it can)."""
    if bucket is None:
        return "BucketDoesNotExistException: the OSS bucket does not exist."
    if bucket.get("Policy"):
        from ...iam.policy import EXPLICIT_DENY, Caller, Request, evaluate

        role = f"acs:ram::{owner}:role/{SERVICE_ROLE}"
        caller = Caller(owner, f"acs:ram::{owner}:assumed-role/{SERVICE_ROLE}/actiontrail")  # the role's session
        prefix = (trail.get("OssKeyPrefix") or "").strip("/")
        request = Request("oss:PutObject", f"acs:oss:*:{owner}:{bucket['Name']}/{prefix + '/' if prefix else ''}"
                          "AliyunLogs/Actiontrail/",
                          {"acs:securetransport": "true", "acs:currenttime": clock.iso_seconds(clock.now(store))},
                          caller)
        if evaluate([("ResourceBasedPolicy", bucket["Policy"])], request, resource_based=True).decision \
                == EXPLICIT_DENY:
            return f"AccessDenied: the bucket policy of {bucket['Name']} denies oss:PutObject to {role}."
    encryption = bucket.get("Encryption") or {}
    if encryption.get("SSEAlgorithm") == "KMS" and encryption.get("KMSMasterKeyID"):
        key_id = kms.resolve(store, bucket.get("Region", ""), encryption["KMSMasterKeyID"])
        key = kms.find_key(store, key_id) if key_id else None
        if key is None or key.get("KeyState") != "Enabled":
            state_ = key.get("KeyState") if key else "missing"
            return (f"KmsKeyDisabled: the bucket's KMS key {encryption['KMSMasterKeyID']} is {state_} "
                    "(OSS answers 409, EC 0005-00000214).")
    return ""


def _to_oss(root, store, account_id: str, trail: dict, found: dict, sources: list[str], now: float) -> float:
    first = found["periods"][0][0]
    done = found.get("oss_until", (first // WINDOW) * WINDOW)
    closed = ((now - OSS_DELAY) // WINDOW) * WINDOW  # windows ending by then are due
    if closed <= done:
        return done + WINDOW + OSS_DELAY
    if found.get("oss_error") and now < found.get("oss_retry", 0):  # failed: tried again a minute later, not sooner
        return found["oss_retry"]
    bucket = oss_documents.bucket(store, trail["OssBucketName"])
    refusal = _oss_refusal(store, trail, bucket, account_id)
    if refusal:
        found["oss_error"], found["oss_retry"] = refusal, now + RETRY
        return now + RETRY
    directory = (resourcemanager.directory(store) or {}).get("ResourceDirectoryId", "") \
        if trail.get("IsOrganizationTrail") else ""
    files: dict[tuple[str, str, float], list[dict]] = {}
    for source in sources:
        for record in book.after(AccountStore(root, source), book.key_at(done - 0.001, "~"), closed - 0.001):
            if _selected(trail, found["periods"], record):
                window = (record["epoch"] // WINDOW) * WINDOW
                files.setdefault((source, record["event"].get("acsRegion", ""), window), []).append(record["event"])
    try:
        for (source, region, window), events in sorted(files.items()):
            body = gzip.compress(json.dumps(events, sort_keys=True).encode(), mtime=0)
            key = object_key(trail, region, window, len(events), body, source, directory)
            oss_objects.put_object(store, bucket["Name"], bucket["Region"], key, body,
                                   content_type="application/octet-stream", meta={}, forbid_overwrite=False,
                                   sse_algorithm=None, sse_key_id=None)
    except ApiError as error:
        found["oss_error"], found["oss_retry"] = f"{error.code}: {error.message}", now + RETRY
        return now + RETRY
    if files:
        found["oss_time"] = clock.iso_seconds(now)
    found["oss_error"], found["oss_retry"], found["oss_until"] = "", 0, closed
    return closed + WINDOW + OSS_DELAY
