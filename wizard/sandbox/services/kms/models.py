"""KMS state: keys and aliases, and the rules on changing them.

Store kinds: "kms.key" (key id -> KeyMetadata plus Region, Tags) and "kms.alias"
("<region>/<alias>" -> alias). OSS and SLS look keys up here (find_key, key_region)
when a bucket or a Logstore names one.
"""

from __future__ import annotations

import json
from typing import Callable

from ...http.protocol import ApiError
from ...state import clock, ids
from ...state.store import Store

KEY_KIND, ALIAS_KIND = "kms.key", "kms.alias"
_iso = clock.iso_seconds


def _not_found(ref: str) -> ApiError:
    return ApiError(404, "Forbidden.KeyNotFound", f"The specified Key {ref} is not found.")


def parse_tags(text: str) -> list[dict]:
    """Tags as the API sends them: a JSON array of {TagKey, TagValue}."""
    try:
        tags = json.loads(text) if text else []
    except ValueError:
        raise ApiError(400, "InvalidParameter", "Tags must be a JSON array of {TagKey, TagValue}.") from None
    if not isinstance(tags, list) or not all(isinstance(t, dict) and "TagKey" in t for t in tags):
        raise ApiError(400, "InvalidParameter", "Tags must be a JSON array of {TagKey, TagValue}.")
    return [{"TagKey": str(t["TagKey"]), "TagValue": str(t.get("TagValue", ""))} for t in tags]


def find_key(store: Store, key_id: str) -> dict | None:
    """A key by id, in any region (None when there is none)."""
    return store.get(KEY_KIND, key_id)


def key_region(store: Store, key_ref: str, alias_region: str) -> str | None:
    """The region of a key given as an ARN (which carries it), an alias of `alias_region`, or an id;
    None when the sandbox has never heard of the key."""
    if key_ref.startswith("acs:kms:"):
        return key_ref.split(":")[2] or None
    if key_ref.startswith("alias/"):
        alias = store.get(ALIAS_KIND, f"{alias_region}/{key_ref}")
        if alias is None:
            return None
        key_ref = alias["KeyId"]
    key = store.get(KEY_KIND, key_ref)
    return key.get("Region") if key else None


def resolve(store: Store, region: str, ref: str) -> str | None:
    """The id of the key of this region that an id, ARN or alias names; None when there is none."""
    try:
        return key(store, region, ref)["KeyId"]
    except ApiError:
        return None


def key(store: Store, region: str, ref: str) -> dict:
    """A key of this region by id, ARN or alias."""
    if ref.startswith("acs:kms:"):
        ref = ref.rsplit("/", 1)[-1]
    if ref.startswith("alias/"):
        alias = store.get(ALIAS_KIND, f"{region}/{ref}")
        if alias is None:
            raise ApiError(404, "Forbidden.AliasNotFound", f"The specified Alias {ref} is not found.")
        ref = alias["KeyId"]
    found = store.get(KEY_KIND, ref)
    if found is None or found["Region"] != region:
        raise _not_found(ref)
    return found


def keys(store: Store, region: str) -> list[dict]:
    return [k for k in store.list(KEY_KIND) if k["Region"] == region]


def create_key(store: Store, region: str, account_id: str, settings: dict, interval: int | None,
               tags_text: str) -> dict:
    """A new Enabled key; `interval` (seconds) turns automatic rotation on, None leaves it off.

    The tags are checked after the ids are drawn, as the sandbox always did (a deterministic
    sandbox's id sequence depends on it)."""
    key_id = f"key-{region[:3].replace('-', '')}{ids.new_uuid(store).hex[-20:]}"
    now = clock.now(store)
    created = {
        "KeyId": key_id, "Arn": f"acs:kms:{region}:{account_id}:key/{key_id}",
        "KeyState": "Enabled", "KeySpec": settings["KeySpec"],
        "KeyUsage": settings["KeyUsage"], "Origin": settings["Origin"],
        "ProtectionLevel": settings["ProtectionLevel"], "Description": settings["Description"],
        "Creator": account_id, "CreationDate": _iso(now), "DeleteDate": "", "MaterialExpireTime": "",
        "AutomaticRotation": "Enabled" if interval is not None else "Disabled",
        "RotationInterval": f"{interval}s" if interval else "", "LastRotationDate": _iso(now),
        "NextRotationDate": _iso(now + interval) if interval else "", "PrimaryKeyVersion": str(ids.new_uuid(store)),
        "DeletionProtection": "Disabled", "DeletionProtectionDescription": "",
        "Region": region, "Tags": parse_tags(tags_text),
    }
    with store.transaction():
        store.put(KEY_KIND, key_id, created)
    return created


def create_alias(store: Store, region: str, account_id: str, name: str, key_ref: str) -> None:
    with store.transaction():
        target = key(store, region, key_ref)
        if store.get(ALIAS_KIND, f"{region}/{name}"):
            raise ApiError(409, "Forbidden.AliasExists", f"The alias {name} already exists.")
        store.put(ALIAS_KIND, f"{region}/{name}", {
            "AliasName": name, "KeyId": target["KeyId"],
            "AliasArn": f"acs:kms:{region}:{account_id}:{name}"})


def aliases(store: Store, region: str, key_id: str | None = None) -> list[dict]:
    found = store.list(ALIAS_KIND, f"{region}/")
    return [a for a in found if key_id is None or a["KeyId"] == key_id]


def _update(store: Store, region: str, ref: str, change: Callable[[dict], None]) -> None:
    with store.transaction():
        found = key(store, region, ref)
        change(found)
        store.put(KEY_KIND, found["KeyId"], found)


def set_rotation(store: Store, region: str, ref: str, interval: int | None) -> None:
    """Rotate every `interval` seconds, or not at all (None)."""
    def change(found):
        found["AutomaticRotation"] = "Enabled" if interval is not None else "Disabled"
        found["RotationInterval"] = f"{interval}s" if interval else ""
        found["NextRotationDate"] = _iso(clock.now(store) + interval) if interval else ""
    _update(store, region, ref, change)


def set_deletion_protection(store: Store, region: str, ref: str, enable: bool, description: str) -> None:
    def change(found):
        found["DeletionProtection"] = "Enabled" if enable else "Disabled"
        found["DeletionProtectionDescription"] = description if enable else ""
    _update(store, region, ref, change)


def set_state(store: Store, region: str, ref: str, state: str) -> None:
    """Enable or disable a key; a key pending deletion stays as it is."""
    def change(found):
        if found["KeyState"] == "PendingDeletion":
            raise ApiError(409, "Forbidden.KeyInPendingDeletion", "The key is pending deletion.")
        found["KeyState"] = state
    _update(store, region, ref, change)


def schedule_deletion(store: Store, region: str, ref: str, days: int) -> None:
    """PendingDeletion for `days` (7-366, checked by the handler); refused while deletion protection is on."""
    def change(found):
        if found["DeletionProtection"] == "Enabled":
            raise ApiError(403, "Forbidden.DeletionProtection", "The key is protected from deletion.")
        found["KeyState"] = "PendingDeletion"
        found["DeleteDate"] = _iso(clock.now(store) + days * 86400)
    _update(store, region, ref, change)


def tag(store: Store, region: str, ref: str, new: list[dict]) -> None:
    """Add tags; a tag key already present takes the new value."""
    def change(found):
        kept = [t for t in found["Tags"] if t["TagKey"] not in {n["TagKey"] for n in new}]
        found["Tags"] = kept + new
    _update(store, region, ref, change)


def untag(store: Store, region: str, ref: str, names: set[str]) -> None:
    def change(found):
        found["Tags"] = [t for t in found["Tags"] if t["TagKey"] not in names]
    _update(store, region, ref, change)
