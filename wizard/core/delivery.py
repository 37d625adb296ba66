"""Proof of delivery, as data: the marker call the trail records, where it must land, and the verdict.

Configured is not proven: `verify` makes one harmless call the trail records (the marker), then looks for that
call's RequestId in every destination the settings name. This module decides which call, which destinations, what
an OSS file must show (SSE-KMS with the settings' key) and what the search found means; the calls themselves are
in wizard/cloud/delivery, the waiting in wizard/flow/delivery.py. Pure: no SDK, no clock.

Delays, from ActionTrail's documentation: events reach the event history (LookupEvents) and Log Service within
about a minute, OSS within 10 minutes, in files that each hold a 5-minute window.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wizard.core.observed import Observed
from wizard.core.settings import Settings

EVENTS, LOGSTORE, OSS = "events", "logstore", "oss"
REAL_TIMEOUT_SECONDS = 15 * 60  # OSS within 10 minutes of the call, plus a 5-minute file window of margin
POLL_SECONDS = 30.0  # between two searches on the real cloud (each destination is searched once per round)
SANDBOX_STEP_SECONDS = 60.0  # on the sandbox, its clock moves this far between two searches
OSS_LOG_ROOT = "AliyunLogs/Actiontrail"


@dataclass(frozen=True)
class Marker:
    """The call `verify` makes so that the trail has something new to deliver."""

    api: str  # GetTrailStatus (a read) or UpdateTrail (a write that changes nothing: only the trail's name)
    params: dict
    read: bool
    why: str


@dataclass(frozen=True)
class Destination:
    kind: str  # EVENTS | LOGSTORE | OSS
    where: str  # for people: "oss://bucket/prefix/AliyunLogs/Actiontrail/"


@dataclass(frozen=True)
class Landing:
    """The marker found in one destination, `after` seconds after the call; `problem` when it landed unprotected."""

    kind: str
    where: str  # the event history, the Logstore, or the OSS object's oss:// address
    after: float
    problem: str = ""
    detail: str = ""  # e.g. "SSE-KMS with key <id>"


@dataclass(frozen=True)
class DeliveryProof:
    request_id: str
    marker: Marker
    destinations: tuple[Destination, ...]
    landings: tuple[Landing, ...] = ()
    waited: float = 0.0  # seconds since the marker call (on the sandbox, its clock's seconds)
    timeout: float = REAL_TIMEOUT_SECONDS
    sandbox: bool = False
    skipped: bool = False  # the operator chose to check later
    later: str = ""  # the command that proves it later
    error: str = ""  # the proof could not be made (a refused or failed call): what went wrong
    notes: tuple[str, ...] = field(default_factory=tuple)

    def landing(self, kind: str) -> Landing | None:
        return next((landing for landing in self.landings if landing.kind == kind), None)

    @property
    def missing(self) -> tuple[Destination, ...]:
        return tuple(d for d in self.destinations if self.landing(d.kind) is None)

    @property
    def problems(self) -> tuple[Landing, ...]:
        return tuple(landing for landing in self.landings if landing.problem)

    @property
    def proven(self) -> bool:
        """Found in every destination, and the OSS file protected as the settings ask."""
        return not self.skipped and not self.error and bool(self.destinations) and not self.missing \
            and not self.problems


def marker_for(settings: Settings) -> Marker:
    """A read when the trail records reads (the auditor may make it: actiontrail:GetTrailStatus); otherwise an
    UpdateTrail naming only the trail, which changes nothing and is recorded as a write."""
    name = settings.trail.name
    params = {"Name": name}
    if settings.trail.organization:
        params["IsOrganizationTrail"] = True
    if settings.trail.event_rw in ("All", "Read"):
        return Marker("GetTrailStatus", params, True, f"a read of trail {name}'s status (the trail records reads)")
    return Marker("UpdateTrail", {"Name": name}, False,
                  f"UpdateTrail naming only trail {name}: a write that changes nothing (the trail records only writes)")


def oss_prefix(settings: Settings) -> str:
    """Where ActionTrail writes its files: <prefix>/AliyunLogs/Actiontrail/ (no prefix: AliyunLogs/...)."""
    prefix = settings.oss.prefix.strip("/") if settings.oss and settings.oss.prefix else ""
    return f"{prefix}/{OSS_LOG_ROOT}/" if prefix else f"{OSS_LOG_ROOT}/"


def day_prefix(settings: Settings, region: str, epoch: float, member: str = "") -> str:
    """The folder of one day's files of one region: <prefix>/AliyunLogs/Actiontrail/<region>/<YYYY>/<MM>/<DD>/; an
    organization trail's `member` path (<rd id>/<account id>) goes before the region, as documented."""
    import time

    middle = f"{member.strip('/')}/" if member else ""
    return f"{oss_prefix(settings)}{middle}{region}/{time.strftime('%Y/%m/%d', time.gmtime(epoch))}/"


def destinations(settings: Settings) -> tuple[Destination, ...]:
    """Every place the settings say the events go: the event history always, then the Logstore and the bucket."""
    found = [Destination(EVENTS, "the ActionTrail event history (LookupEvents)")]
    if settings.sls:
        found.append(Destination(LOGSTORE, f"Logstore {settings.logstore_name} in project {settings.sls.project}"))
    if settings.oss:
        found.append(Destination(OSS, f"oss://{settings.oss.bucket}/{oss_prefix(settings)}"))
    return tuple(found)


def named_key_id(settings: Settings) -> str | None:
    """The key id the settings name for the bucket; None for `create` or an alias (then the bucket's default key,
    which the audit holds to the settings' key, is what an OSS file must show)."""
    key = settings.oss.kms_key if settings.oss else None
    return None if not key or key == "create" or key.startswith("alias/") else key


def _key_id(value: str) -> str:
    """acs:kms:<region>:<account>:key/<id> -> <id>; an id stays itself."""
    return value.rsplit("key/", 1)[-1] if value.startswith("acs:kms:") else value


def encryption_problem(sse: str | None, key_id: str | None, wanted_key_id: str | None) -> str:
    """What is wrong with an OSS file's encryption, or "" when it is SSE-KMS with the settings' key."""
    if (sse or "").upper() != "KMS":
        return f"the file is not SSE-KMS encrypted (x-oss-server-side-encryption: {sse or 'none'})"
    if wanted_key_id and (not key_id or _key_id(key_id) != _key_id(wanted_key_id)):
        return f"the file is encrypted with key {key_id or '(none named)'}, not the settings' key {wanted_key_id}"
    return ""


def last_deliveries(observed: Observed, trail_names: tuple[str, ...] = ()) -> tuple[str, ...]:
    """For the evidence reports, from GetTrailStatus: when each trail last delivered to each destination it names
    ("never" when it has not), and its latest delivery error. `trail_names`: only these (none: every trail)."""
    lines = []
    for trail in observed.trails:
        if trail_names and trail.name not in trail_names:
            continue
        for name, configured, at, error in (
                ("OSS", trail.oss_bucket, trail.oss_delivered_at, trail.oss_delivery_error),
                ("Log Service", trail.sls_project, trail.sls_delivered_at, trail.sls_delivery_error)):
            if configured:
                lines.append(f"{trail.name} to {name}: {at or 'never'}" + (f" (latest error: {error})" if error else ""))
    return tuple(lines)


def verify_calls(settings: Settings) -> list[tuple[str, str, dict]]:
    """Every call `verify` makes, as (service, API, the parameters that name its resource): the operator policy
    grants them (core/policies/operator.py), the auditor policy already does when the trail records reads."""
    marker = marker_for(settings)
    calls = [("actiontrail", marker.api, dict(marker.params)), ("actiontrail", "LookupEvents", {})]
    if settings.sls:
        calls.append(("sls", "GetLogsV2", {"logstore": settings.logstore_name}))
    if settings.oss:
        calls += [("oss", "GetBucketEncryption", {"Bucket": settings.oss.bucket}),
                  ("oss", "ListObjectsV2", {"Bucket": settings.oss.bucket, "Prefix": oss_prefix(settings)}),
                  ("oss", "GetObject", {"Bucket": settings.oss.bucket, "Prefix": oss_prefix(settings)})]
        if settings.trail.organization:  # the member path: <rd id>/<account id>/
            calls.append(("resourcemanager", "GetResourceDirectory", {}))
    return calls


def never_delivered(settings: Settings, observed: Observed) -> bool:
    """The trail is logging, with no delivery error, yet has never delivered to a destination it names: a setup
    finished a moment ago (a resumed run's last step) whose first delivery is still to come, worth proving now."""
    trail = observed.trail(settings.trail.name)
    if trail is None or not trail.is_logging or trail.oss_delivery_error or trail.sls_delivery_error:
        return False
    return bool((trail.oss_bucket and not trail.oss_delivered_at) or (trail.sls_project and not trail.sls_delivered_at))
