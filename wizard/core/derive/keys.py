"""Which KMS key the trail uses: shared by the audit (is it healthy?) and the plan (reuse it, or create one).

A key is found by the reference in the settings, by the wizard's alias, or, when
the bucket already has a good key, that one (no churn). Pure: Settings and
Observed in, KeyState records out.
"""

from __future__ import annotations

from wizard.core.names import key_alias
from wizard.core.observed import BucketState, KeyState, LogstoreState, Observed
from wizard.core.settings import Settings


def wanted_key_ref(settings: Settings) -> str | None:
    """The key the settings ask for (\"create\", an id or an alias); None when nothing is encrypted with a key."""
    if settings.oss:
        return settings.oss.kms_key
    if settings.sls and settings.sls.encryption == "cmk":
        return settings.sls.kms_key
    return None


def good_bucket_key(settings: Settings, observed: Observed) -> KeyState | None:
    """The customer key the trail's bucket is encrypted with today, if it is a good one (Enabled, same region)."""
    bucket = observed.bucket(settings.oss.bucket) if settings.oss else None
    if not (bucket and bucket.sse_algorithm == "KMS" and bucket.kms_key_id):
        return None
    key = observed.key(bucket.kms_key_id)
    return key if key and key.state == "Enabled" and key.region == bucket.region else None


def designated_key(settings: Settings, observed: Observed) -> KeyState | None:
    """The existing key the trail should use: the bucket's good key (never replaced, whatever the settings name),
    else the key the settings name, found by id or alias, or the wizard's alias for "create"."""
    wanted = wanted_key_ref(settings)
    if wanted is None:
        return None
    in_use = good_bucket_key(settings, observed)
    if in_use is not None:
        return in_use  # a good key is never replaced: no churn, no second key to trust
    if wanted != "create":
        return observed.key(wanted)
    return observed.key(key_alias(settings.trail.name))


def named_key(settings: Settings, observed: Observed) -> KeyState | None:
    """The key the settings themselves point at (by id, alias, or the wizard's alias for "create")."""
    wanted = wanted_key_ref(settings)
    if wanted is None:
        return None
    return observed.key(key_alias(settings.trail.name) if wanted == "create" else wanted)


def key_users(settings: Settings, observed: Observed, key_id: str) -> tuple[BucketState | None, LogstoreState | None]:
    """The trail's bucket and Logstore, each only if it is encrypted with that key today."""
    bucket, store = destinations(settings, observed)
    uses_bucket = bucket is not None and bucket.sse_algorithm == "KMS" and bucket.kms_key_id == key_id
    return (bucket if uses_bucket else None), (store if store is not None and store.cmk_key_id == key_id else None)


def destinations(settings: Settings, observed: Observed) -> tuple[BucketState | None, LogstoreState | None]:
    """The trail's bucket and Logstore as the account holds them (None where the settings name none, or absent)."""
    bucket = observed.bucket(settings.oss.bucket) if settings.oss else None
    project = observed.project(settings.sls.project) if settings.sls else None
    return bucket, (project.logstore(settings.logstore_name) if project else None)


def keys_in_use(settings: Settings, observed: Observed) -> list[KeyState]:
    """The designated key first, then any other key the trail's bucket or Logstore uses today."""
    keys = [designated_key(settings, observed)]
    bucket, store = destinations(settings, observed)
    if bucket and bucket.sse_algorithm == "KMS" and bucket.kms_key_id:
        keys.append(observed.key(bucket.kms_key_id))
    if store and store.cmk_key_id:
        keys.append(observed.key(store.cmk_key_id))
    return list({k.key_id: k for k in keys if k is not None}.values())


def key_reference(settings: Settings) -> str | None:
    """How the trail's key is named before it is read: the wizard's alias for "create", else the settings' ref."""
    wanted = wanted_key_ref(settings)
    return key_alias(settings.trail.name) if wanted == "create" else wanted
