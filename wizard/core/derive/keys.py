"""Which KMS key the trail uses: shared by the audit (is it healthy?) and the plan (reuse it, or create one).

A key is found by the reference in the settings, by the wizard's alias, or, when
the bucket already has a good key, that one (no churn). Pure: Settings and
Observed in, KeyState records out.
"""

from __future__ import annotations

from wizard.core.names import key_alias
from wizard.core.observed import KeyState, Observed
from wizard.core.settings import Settings


def wanted_key_ref(settings: Settings) -> str | None:
    """The key the settings ask for (\"create\", an id or an alias); None when nothing is encrypted with a key."""
    if settings.oss:
        return settings.oss.kms_key
    if settings.sls and settings.sls.encryption == "cmk":
        return settings.sls.kms_key
    return None


def designated_key(settings: Settings, observed: Observed) -> KeyState | None:
    """The existing key the trail should use: found by the wizard's alias, the bucket's good key, or by id."""
    wanted = wanted_key_ref(settings)
    if wanted is None:
        return None
    if wanted != "create":
        return observed.key(wanted)
    existing = observed.key(key_alias(settings.trail.name))
    bucket = observed.bucket(settings.oss.bucket) if settings.oss else None
    if existing is None and bucket and bucket.sse_algorithm == "KMS" and bucket.kms_key_id:
        in_use = observed.key(bucket.kms_key_id)
        if in_use and in_use.state == "Enabled" and in_use.region == settings.region:
            existing = in_use  # the bucket already has a good key: keep it, no churn
    return existing


def keys_in_use(settings: Settings, observed: Observed) -> list[KeyState]:
    """The designated key first, then any other key the trail's bucket or Logstore uses today."""
    keys = [designated_key(settings, observed)]
    bucket = observed.bucket(settings.oss.bucket) if settings.oss else None
    if bucket and bucket.sse_algorithm == "KMS" and bucket.kms_key_id:
        keys.append(observed.key(bucket.kms_key_id))
    project = observed.project(settings.sls.project) if settings.sls else None
    store = project.logstore(settings.logstore_name) if project else None
    if store and store.cmk_key_id:
        keys.append(observed.key(store.cmk_key_id))
    return list({k.key_id: k for k in keys if k is not None}.values())


def key_reference(settings: Settings) -> str | None:
    """How the trail's key is named before it is read: the wizard's alias for "create", else the settings' ref."""
    wanted = wanted_key_ref(settings)
    return key_alias(settings.trail.name) if wanted == "create" else wanted
