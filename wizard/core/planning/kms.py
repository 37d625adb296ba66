"""The trail's KMS key: reuse it by alias, or create it with rotation and deletion protection."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from wizard.core.derive.keys import designated_key, key_users, keys_in_use, named_key, wanted_key_ref
from wizard.core.names import TRAIL_TAG, WIZARD_TAG
from wizard.core.observed import KeyState
from wizard.core.plan import Action
from wizard.core.planning.context import PlanContext

ROTATION_SECONDS = 365 * 24 * 3600


@dataclass(frozen=True)
class KeyRef:
    key_id: str  # a real id, or "${kms.create-key.KeyId}"
    arn: str
    action_ids: tuple[str, ...]  # actions the key's users must wait for
    state: KeyState | None  # None when the key is planned, not observed


def plan_other_keys(ctx: PlanContext) -> None:
    """Rotation and deletion protection for keys the trail already uses besides the designated one (planned after
    the bucket and the Logstore, which say whether a key is left behind)."""
    designated = designated_key(ctx.settings, ctx.observed)
    for key in keys_in_use(ctx.settings, ctx.observed):
        if designated is None or key.key_id != designated.key_id:
            _fix_key(ctx, key, suffix=f".{key.key_id}", leaving=_leaves_use(ctx, key))


def _leaves_use(ctx: PlanContext, key: KeyState) -> bool:
    """Every destination that uses this key today is moved off it by the plan (PutBucketEncryption, or the
    Logstore's encryption switched on with the trail's key): new events never use it, so if it cannot encrypt only
    what was already written with it is at stake. That is a report, not a reason to hold the lock back: the lock
    would otherwise wait for a second run, whose plan no longer sees this key."""
    bucket, store = key_users(ctx.settings, ctx.observed, key.key_id)
    moved = {"oss.put-bucket-encryption": bucket, "sls.logstore-encryption": store}
    users = [action for action, user in moved.items() if user is not None]
    return bool(users) and all(ctx.has(action) for action in users)


def usable(key: KeyState, region: str) -> bool:
    """A key that can encrypt the trail's logs: Enabled (or Disabled, which the plan enables first), in the region.
    PendingDeletion or PendingImport cannot be fixed by the wizard: nothing may depend on such a key."""
    return key.state in ("Enabled", "Disabled") and key.region == region


def plan_key(ctx: PlanContext) -> KeyRef | None:
    """Resolve or create the key the bucket (and a CMK Logstore) will use; None when there is none to use
    (then `ctx.key_unusable` says whether one was wanted but cannot encrypt)."""
    wanted = wanted_key_ref(ctx.settings)
    if wanted is None:
        return None
    existing = designated_key(ctx.settings, ctx.observed)
    named = named_key(ctx.settings, ctx.observed)
    if existing is not None and ctx.settings.oss and (named is None or named.key_id != existing.key_id) \
            and (wanted != "create" or named is not None):
        ctx.keep(f"oss://{ctx.settings.oss.bucket}", f"the bucket is encrypted with key {existing.key_id} (Enabled), "
                 f"not {named.key_id if named else wanted} that the settings name: kept, the wizard never replaces a "
                 "good key", rule="AT-OSS-KMS")
    if existing is not None:
        found = _fix_key(ctx, existing)
        if usable(existing, ctx.region):
            return found
        ctx.key_unusable = True  # never encrypt with it: the archive would become unreadable
        return None
    if wanted == "create":
        orphan = next((k for k in ctx.observed.unnamed_keys if k.state == "Enabled" and k.region == ctx.region), None)
        return _adopt_key(ctx, orphan) if orphan is not None else _create_key(ctx)
    if ctx.offline:
        return KeyRef(wanted, f"acs:kms:{ctx.region}:{ctx.account}:key/{wanted}", (), None)
    ctx.block(f"kms://{ctx.region}/{wanted}", f"KMS key {wanted} was not found in {ctx.region}; "
              "SSE-KMS needs a key in the bucket's region", rule="AT-OSS-KMS, AT-KMS-ROTATION, AT-KMS-DELETION-PROTECTION")
    ctx.key_unusable = True
    return None


PROTECTION_NOTE = "Encrypts ActionTrail logs; deleting it makes them unreadable."


def _create_key(ctx: PlanContext) -> KeyRef:
    trail = ctx.settings.trail.name
    resource = f"kms://{ctx.region}/{ctx.key_alias}"
    tags = [{"TagKey": WIZARD_TAG[0], "TagValue": WIZARD_TAG[1]}, {"TagKey": TRAIL_TAG, "TagValue": trail}]
    ctx.add(Action(
        id="kms.create-key", service="kms", api="CreateKey", resource=resource,
        params={"KeySpec": "Aliyun_AES_256", "KeyUsage": "ENCRYPT/DECRYPT", "Origin": "Aliyun_KMS",
                "ProtectionLevel": "SOFTWARE", "EnableAutomaticRotation": True,
                "RotationInterval": f"{ROTATION_SECONDS}s",
                "Description": f"ActionTrail trail {trail} log encryption (actiontrail-wizard)",
                "Tags": json.dumps(tags, separators=(",", ":")),
                "AliasName": ctx.key_alias,
                "DeletionProtection": {"EnableDeletionProtection": True,
                                       "DeletionProtectionDescription": PROTECTION_NOTE}},
        reason="A customer-managed key encrypts the trail's logs and rotates every 365 days. One step that a crash "
        "or a race cannot split: CreateKey, then CreateAlias (how a re-run finds it) and SetDeletionProtection "
        "(deleting it would make every archived event unreadable); a key left half-made is found by its tags and "
        "finished, never made twice.",
    ))
    return KeyRef("${kms.create-key.KeyId}", "${kms.create-key.Arn}", ("kms.create-key",), None)


def _adopt_key(ctx: PlanContext, key: KeyState) -> KeyRef:
    """A key an interrupted or concurrent run created for this trail but never named: name it, then fix it."""
    resource = f"kms://{key.region}/{key.key_id}"
    ctx.add(Action(id="kms.adopt-key", service="kms", api="CreateAlias", kind="update", resource=resource,
                   params={"AliasName": ctx.key_alias, "KeyId": key.key_id},
                   reason=f"Key {key.key_id} was created by actiontrail-wizard for this trail (its tags) but never got "
                   "its alias: it is adopted and named, instead of creating another key."))
    fixed = _fix_key(ctx, replace(key, aliases=(ctx.key_alias,)), after=("kms.adopt-key",))
    return replace(fixed, action_ids=("kms.adopt-key",) + fixed.action_ids)


def report_unnamed_keys(ctx: PlanContext, adopted: str | None) -> None:
    """Every other key the wizard made for this trail and never named: said, with what a human may do."""
    for key in ctx.observed.unnamed_keys:
        if key.key_id == adopted:
            continue
        ctx.block(f"kms://{key.region}/{key.key_id}", f"key {key.key_id} was created by actiontrail-wizard for trail "
                  f"{ctx.settings.trail.name} (its tags) but has no alias, and the trail does not use it: a run "
                  "interrupted or raced between CreateKey and CreateAlias left it. The wizard never deletes a key: if "
                  "nothing uses it, remove its deletion protection and schedule its deletion by hand",
                  command=f"aliyun kms SetDeletionProtection --ProtectedResourceArn {key.arn} "
                  f"--EnableDeletionProtection false; aliyun kms ScheduleKeyDeletion --KeyId {key.key_id} "
                  "--PendingWindowInDays 30", archive=False)


def _fix_key(ctx: PlanContext, key: KeyState, suffix: str = "", after: tuple[str, ...] = (),
             leaving: bool = False) -> KeyRef:
    """`leaving`: the plan moves every destination off this key (_leaves_use); what it cannot fix is a report."""
    resource = f"kms://{key.region}/{key.key_id}"
    if leaving and not usable(key, ctx.region):
        _report_leaving_key(ctx, key, resource)
        return KeyRef(key.key_id, key.arn, (), key)
    if key.region != ctx.region:
        ctx.block(resource, f"key {key.key_id} is in {key.region}, but SSE-KMS needs a key in {ctx.region}",
                  rule="AT-OSS-KMS")
    if key.state == "Disabled":
        ctx.add(Action(id="kms.enable-key" + suffix, service="kms", api="EnableKey", kind="update", resource=resource,
                       params={"KeyId": key.key_id},
                       reason="A disabled key cannot encrypt or decrypt the trail's logs.",
                       before={"KeyState": "Disabled"}, after={"KeyState": "Enabled"}))
    elif key.state != "Enabled":
        ctx.block(resource, f"key {key.key_id} is {key.state}, so it cannot encrypt: nothing is encrypted with it "
                  "and nothing irreversible is done until it is Enabled; the wizard will not cancel a deletion or "
                  "import key material for you", rule="AT-OSS-KMS",
                  command=f"aliyun kms CancelKeyDeletion --KeyId {key.key_id}" if key.state == "PendingDeletion" else "")
    if not key.rotation or (key.rotation_interval_days or 0) > 365:
        ctx.add(Action(id="kms.rotation" + suffix, service="kms", api="UpdateRotationPolicy", kind="update", resource=resource,
                       params={"KeyId": key.key_id, "EnableAutomaticRotation": True,
                               "RotationInterval": f"{ROTATION_SECONDS}s"},
                       reason="Automatic rotation limits what one leaked key version exposes.",
                       depends_on=after + ctx.deps("kms.enable-key" + suffix), before=_rotation_before(key)))
    if not key.deletion_protection:
        ctx.add(Action(id="kms.deletion-protection" + suffix, service="kms", api="SetDeletionProtection", kind="update",
                       resource=resource,
                       params={"ProtectedResourceArn": key.arn, "EnableDeletionProtection": True,
                               "DeletionProtectionDescription": PROTECTION_NOTE},
                       reason="Deleting the key would make every archived event unreadable.",
                       depends_on=after + ctx.deps("kms.enable-key" + suffix),
                       before={"EnableDeletionProtection": False}))
    deps = ctx.deps("kms.enable-key" + suffix)
    return KeyRef(key.key_id, key.arn, deps, key)


def _report_leaving_key(ctx: PlanContext, key: KeyState, resource: str) -> None:
    """A key the destinations leave that cannot be fixed: new events are safe, what was written before needs it."""
    where = f"is {key.state}" if key.region == ctx.region else f"is in {key.region}, not {ctx.region}"
    pending = key.state == "PendingDeletion"
    before = ("becomes unreadable once it is deleted: cancel its deletion to keep it readable (the wizard never "
              "cancels a deletion for you)" if pending else "still needs it to be read")
    ctx.block(resource, f"key {key.key_id}, which the trail's destination uses today, {where}: this plan encrypts new "
              f"events with the trail's key instead, but what was already written with key {key.key_id} {before}",
              rule="AT-OSS-KMS", command=f"aliyun kms CancelKeyDeletion --KeyId {key.key_id}" if pending else "",
              archive=False)


def _rotation_before(key: KeyState) -> dict:
    """The rotation fields UpdateRotationPolicy changes, as the key has them (an interval in seconds, as sent)."""
    before: dict = {"EnableAutomaticRotation": key.rotation} if not key.rotation else {}
    interval = f"{key.rotation_interval_days * 86400}s" if key.rotation_interval_days else None
    if interval != f"{ROTATION_SECONDS}s":
        before["RotationInterval"] = interval
    return before
