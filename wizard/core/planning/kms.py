"""The trail's KMS key: reuse it by alias, or create it with rotation and deletion protection."""

from __future__ import annotations

import json
from dataclasses import dataclass

from wizard.core.derive.keys import designated_key, keys_in_use, wanted_key_ref
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


def plan_other_keys(ctx: PlanContext, designated: KeyRef | None) -> None:
    """Rotation and deletion protection for keys the trail already uses besides the designated one."""
    for key in keys_in_use(ctx.settings, ctx.observed):
        if designated is None or key.key_id != designated.key_id:
            _fix_key(ctx, key, suffix=f".{key.key_id}")


def plan_key(ctx: PlanContext) -> KeyRef | None:
    """Resolve or create the key the bucket (and a CMK Logstore) will use."""
    wanted = wanted_key_ref(ctx.settings)
    if wanted is None:
        return None
    existing = designated_key(ctx.settings, ctx.observed)
    if existing is not None:
        return _fix_key(ctx, existing)
    if wanted == "create":
        return _create_key(ctx)
    if ctx.offline:
        return KeyRef(wanted, f"acs:kms:{ctx.region}:{ctx.account}:key/{wanted}", (), None)
    ctx.block(f"kms://{ctx.region}/{wanted}", f"KMS key {wanted} was not found in {ctx.region}; "
              "SSE-KMS needs a key in the bucket's region", rule="AT-OSS-KMS, AT-KMS-ROTATION, AT-KMS-DELETION-PROTECTION")
    return None


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
                "Tags": json.dumps(tags, separators=(",", ":"))},
        reason="A customer-managed key encrypts the trail's logs and rotates every 365 days.",
    ))
    ctx.add(Action(
        id="kms.create-alias", service="kms", api="CreateAlias", resource=resource,
        params={"AliasName": ctx.key_alias, "KeyId": "${kms.create-key.KeyId}"},
        reason="The alias lets a re-run find this key instead of creating a second one.",
        depends_on=("kms.create-key",),
    ))
    ctx.add(Action(
        id="kms.deletion-protection", service="kms", api="SetDeletionProtection", resource=resource,
        params={"ProtectedResourceArn": "${kms.create-key.Arn}", "EnableDeletionProtection": True,
                "DeletionProtectionDescription": "Encrypts ActionTrail logs; deleting it makes them unreadable."},
        reason="Deleting the key would make every archived event unreadable.",
        depends_on=("kms.create-key",),
    ))
    # Users of the key wait for its alias too: a re-run finds the key by that alias, so the alias must exist
    # before anything (the bucket, the Logstore, a policy) comes to depend on the key.
    return KeyRef("${kms.create-key.KeyId}", "${kms.create-key.Arn}", ("kms.create-key", "kms.create-alias"), None)


def _fix_key(ctx: PlanContext, key: KeyState, suffix: str = "") -> KeyRef:
    resource = f"kms://{key.region}/{key.key_id}"
    if key.region != ctx.region:
        ctx.block(resource, f"key {key.key_id} is in {key.region}, but SSE-KMS needs a key in {ctx.region}",
                  rule="AT-OSS-KMS")
    if key.state == "Disabled":
        ctx.add(Action(id="kms.enable-key" + suffix, service="kms", api="EnableKey", kind="update", resource=resource,
                       params={"KeyId": key.key_id},
                       reason="A disabled key cannot encrypt or decrypt the trail's logs.",
                       before={"KeyState": "Disabled"}, after={"KeyState": "Enabled"}))
    elif key.state != "Enabled":
        ctx.block(resource, f"key {key.key_id} is {key.state}; the wizard will not cancel a deletion or import "
                  "key material for you", rule="AT-OSS-KMS",
                  command=f"aliyun kms CancelKeyDeletion --KeyId {key.key_id}" if key.state == "PendingDeletion" else "")
    if not key.rotation or (key.rotation_interval_days or 0) > 365:
        ctx.add(Action(id="kms.rotation" + suffix, service="kms", api="UpdateRotationPolicy", kind="update", resource=resource,
                       params={"KeyId": key.key_id, "EnableAutomaticRotation": True,
                               "RotationInterval": f"{ROTATION_SECONDS}s"},
                       reason="Automatic rotation limits what one leaked key version exposes.",
                       depends_on=ctx.deps("kms.enable-key" + suffix), before=_rotation_before(key)))
    if not key.deletion_protection:
        ctx.add(Action(id="kms.deletion-protection" + suffix, service="kms", api="SetDeletionProtection", kind="update",
                       resource=resource,
                       params={"ProtectedResourceArn": key.arn, "EnableDeletionProtection": True,
                               "DeletionProtectionDescription": "Encrypts ActionTrail logs; deleting it makes them "
                               "unreadable."},
                       reason="Deleting the key would make every archived event unreadable.",
                       depends_on=ctx.deps("kms.enable-key" + suffix), before={"EnableDeletionProtection": False}))
    deps = ctx.deps("kms.enable-key" + suffix)
    return KeyRef(key.key_id, key.arn, deps, key)


def _rotation_before(key: KeyState) -> dict:
    """The rotation fields UpdateRotationPolicy changes, as the key has them (an interval in seconds, as sent)."""
    before: dict = {"EnableAutomaticRotation": key.rotation} if not key.rotation else {}
    interval = f"{key.rotation_interval_days * 86400}s" if key.rotation_interval_days else None
    if interval != f"{ROTATION_SECONDS}s":
        before["RotationInterval"] = interval
    return before
