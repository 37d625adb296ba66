"""Bucket retention policies (WORM): Initiate -> InProgress for 24 h -> Complete -> Locked, for good.

Only InProgress and Locked are documented states (GetBucketWorm): an InProgress policy nobody
completes within 24 hours (sandbox clock) "becomes invalid", so it is gone: GetBucketWorm answers
NoSuchWORMConfiguration and a new policy may be initiated. Only an InProgress policy can be
completed (CompleteBucketWorm on a Locked one is refused: a retried call whose first answer was
lost must look, not assume). A Locked policy cannot be aborted or shortened, only extended. While a
policy is InProgress or Locked, objects younger than the retention period cannot be deleted or
overwritten (objects.py). Versioning: the current InitiateBucketWorm page lets WORM and versioning
coexist on a bucket whose versioning is Enabled; a Suspended bucket is refused, and versioning
cannot be suspended under a policy (older pages refusing any versioned bucket are superseded).
"""

from __future__ import annotations

from typing import Any

from ....http.protocol import ApiError
from ....state import clock, ids
from ....state.store import Store
from . import documents

DAY_SECONDS = 86400
IN_PROGRESS_WINDOW = DAY_SECONDS
MAX_RETENTION_DAYS = 25550


def effective(worm: dict[str, Any] | None, now: float) -> dict[str, Any] | None:
    """The policy as it stands at `now`: an InProgress policy past its 24 h window has become invalid (None)."""
    if worm is None:
        return None
    if worm["State"] == "InProgress" and now >= worm["CreatedAt"] + IN_PROGRESS_WINDOW:
        return None
    return worm


def active(bucket: dict[str, Any], now: float) -> dict[str, Any] | None:
    """The policy that protects objects right now (InProgress or Locked), else None."""
    return effective(bucket.get("Worm"), now)


def protected_until(bucket: dict[str, Any], obj: dict[str, Any], now: float) -> float | None:
    """When an object's retention ends, if it has not ended yet."""
    worm = active(bucket, now)
    if worm is None:
        return None
    until = obj["LastModified"] + worm["RetentionPeriodInDays"] * DAY_SECONDS
    return until if until > now else None


def _no_worm() -> ApiError:
    return ApiError(404, "NoSuchWORMConfiguration", "The WORM Configuration does not exist.")


def _invalid(message: str) -> ApiError:
    return ApiError(400, "InvalidWORMConfiguration", f"Invalid WORM Configuration. {message}")


def _policy_with_id(bucket: dict[str, Any], worm_id: str | None, now: float) -> dict[str, Any]:
    worm = effective(bucket.get("Worm"), now)
    if worm is None or worm["WormId"] != worm_id:
        raise _no_worm()
    return worm


def policy(store: Store, bucket_name: str, region: str) -> dict[str, Any]:
    """The bucket's policy as it stands now (GetBucketWorm)."""
    worm = effective(documents.existing_bucket(store, bucket_name, region).get("Worm"), clock.now(store))
    if worm is None:
        raise _no_worm()
    return worm


def initiate(store: Store, bucket_name: str, region: str, days: int) -> str:
    """A new InProgress policy; its id."""
    with store.transaction():
        bucket = documents.existing_bucket(store, bucket_name, region)
        now = clock.now(store)
        if bucket.get("Versioning") == "Suspended":
            raise ApiError(
                400, "InvalidArgument", "A retention policy cannot be configured on a bucket whose versioning is "
                "suspended: versioning must be enabled, or never have been.", EC="0027-00000003",
            )
        current = effective(bucket.get("Worm"), now)
        if current is not None:
            raise _invalid(f"The bucket already has a retention policy in state {current['State']}.")
        worm_id = ids.new_uuid(store).hex[-24:].upper()
        bucket["Worm"] = {"WormId": worm_id, "State": "InProgress", "RetentionPeriodInDays": days, "CreatedAt": now}
        documents.save_bucket(store, bucket)
    return worm_id


def abort(store: Store, bucket_name: str, region: str) -> None:
    with store.transaction():
        bucket = documents.existing_bucket(store, bucket_name, region)
        worm = effective(bucket.get("Worm"), clock.now(store))
        if worm is None:
            raise _no_worm()
        if worm["State"] == "Locked":
            raise ApiError(403, "WORMConfigurationLocked", "The WORM Configuration is locked.")
        bucket["Worm"] = None
        documents.save_bucket(store, bucket)


def complete(store: Store, bucket_name: str, region: str, worm_id: str | None) -> None:
    """Lock an InProgress policy. A Locked one is refused (WORMConfigurationLocked, the code AbortBucketWorm gives a
    locked policy: the reference names none for this case); one that lapsed is gone (NoSuchWORMConfiguration)."""
    with store.transaction():
        bucket = documents.existing_bucket(store, bucket_name, region)
        worm = _policy_with_id(bucket, worm_id, clock.now(store))
        if worm["State"] == "Locked":
            raise ApiError(409, "WORMConfigurationLocked", "The WORM Configuration is already locked: only an "
                           "InProgress retention policy can be completed.")
        bucket["Worm"] = {**bucket["Worm"], "State": "Locked"}
        documents.save_bucket(store, bucket)


def extend(store: Store, bucket_name: str, region: str, worm_id: str | None, days: int) -> None:
    with store.transaction():
        bucket = documents.existing_bucket(store, bucket_name, region)
        worm = _policy_with_id(bucket, worm_id, clock.now(store))
        if worm["State"] != "Locked":
            raise _invalid("Only a locked retention policy can be extended.")
        if days < worm["RetentionPeriodInDays"]:
            raise _invalid(
                f"The retention period of a locked policy can only be extended: {days} < {worm['RetentionPeriodInDays']} days."
            )
        bucket["Worm"] = {**bucket["Worm"], "RetentionPeriodInDays": days}
        documents.save_bucket(store, bucket)
