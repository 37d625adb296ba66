"""KMS 2016-01-20: regional keys with aliases, rotation, deletion protection and tags.

Store kinds: "kms.key" (key id -> KeyMetadata plus Region, Tags) and
"kms.alias" ("<region>/<alias>" -> alias). Keys are regional: a key is found
only through the endpoint of its own region.
"""

from __future__ import annotations

import json
import re
import time

from ..http.protocol import ApiError
from ..http.rpc import flag, require, rpc_service

KEY_KIND, ALIAS_KIND = "kms.key", "kms.alias"
_ALIAS = re.compile(r"^alias/[A-Za-z0-9:/_-]{1,255}$")
_INTERVAL = re.compile(r"^(\d+)s$")


def _iso(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def _not_found(ref: str) -> ApiError:
    return ApiError(404, "Forbidden.KeyNotFound", f"The specified Key {ref} is not found.")


def _key(ctx, ref: str) -> dict:
    """A key of this region by id, ARN or alias."""
    if ref.startswith("acs:kms:"):
        ref = ref.rsplit("/", 1)[-1]
    if ref.startswith("alias/"):
        alias = ctx.store.get(ALIAS_KIND, f"{ctx.region}/{ref}")
        if alias is None:
            raise ApiError(404, "Forbidden.AliasNotFound", f"The specified Alias {ref} is not found.")
        ref = alias["KeyId"]
    key = ctx.store.get(KEY_KIND, ref)
    if key is None or key["Region"] != ctx.region:
        raise _not_found(ref)
    return key


def _metadata(key: dict) -> dict:
    return {k: v for k, v in key.items() if k not in ("Region", "Tags")}


def _rotation_seconds(value: str) -> int:
    match = _INTERVAL.match(value or "")
    seconds = int(match.group(1)) if match else -1
    if not 7 * 86400 <= seconds <= 365 * 86400:
        raise ApiError(400, "InvalidParameter", f"RotationInterval {value!r} must be between 604800s (7 days) and "
                       "31536000s (365 days).")
    return seconds


def _tags(text: str) -> list[dict]:
    try:
        tags = json.loads(text) if text else []
    except ValueError:
        raise ApiError(400, "InvalidParameter", "Tags must be a JSON array of {TagKey, TagValue}.") from None
    if not isinstance(tags, list) or not all(isinstance(t, dict) and "TagKey" in t for t in tags):
        raise ApiError(400, "InvalidParameter", "Tags must be a JSON array of {TagKey, TagValue}.")
    return [{"TagKey": str(t["TagKey"]), "TagValue": str(t.get("TagValue", ""))} for t in tags]


def create_key(ctx, params):
    rotation = flag(params, "EnableAutomaticRotation")
    interval = _rotation_seconds(params.get("RotationInterval", "31536000s")) if rotation else None
    key_id = f"key-{ctx.region[:3].replace('-', '')}{ctx.uuid().hex[-20:]}"
    now = ctx.now()
    key = {
        "KeyId": key_id, "Arn": f"acs:kms:{ctx.region}:{ctx.account.account_id}:key/{key_id}",
        "KeyState": "Enabled", "KeySpec": params.get("KeySpec", "Aliyun_AES_256"),
        "KeyUsage": params.get("KeyUsage", "ENCRYPT/DECRYPT"), "Origin": params.get("Origin", "Aliyun_KMS"),
        "ProtectionLevel": params.get("ProtectionLevel", "SOFTWARE"), "Description": params.get("Description", ""),
        "Creator": ctx.account.account_id, "CreationDate": _iso(now), "DeleteDate": "", "MaterialExpireTime": "",
        "AutomaticRotation": "Enabled" if rotation else "Disabled",
        "RotationInterval": f"{interval}s" if interval else "", "LastRotationDate": _iso(now),
        "NextRotationDate": _iso(now + interval) if interval else "", "PrimaryKeyVersion": str(ctx.uuid()),
        "DeletionProtection": "Disabled", "DeletionProtectionDescription": "",
        "Region": ctx.region, "Tags": _tags(params.get("Tags", "")),
    }
    with ctx.store.transaction():
        ctx.store.put(KEY_KIND, key_id, key)
    return {"KeyMetadata": _metadata(key)}


def describe_key(ctx, params):
    require(params, "KeyId")
    return {"KeyMetadata": _metadata(_key(ctx, params["KeyId"]))}


def _paged(params, items: list) -> tuple[list, dict]:
    number = max(1, int(params.get("PageNumber", 1) or 1))
    size = max(1, min(100, int(params.get("PageSize", 10) or 10)))
    return items[(number - 1) * size:number * size], {"PageNumber": number, "PageSize": size,
                                                       "TotalCount": len(items)}


def list_keys(ctx, params):
    keys = [k for k in ctx.store.list(KEY_KIND) if k["Region"] == ctx.region]
    page, info = _paged(params, keys)
    return {"Keys": {"Key": [{"KeyId": k["KeyId"], "KeyArn": k["Arn"]} for k in page]}, **info}


def create_alias(ctx, params):
    require(params, "AliasName", "KeyId")
    name = params["AliasName"]
    if not _ALIAS.match(name):
        raise ApiError(400, "InvalidParameter", f"AliasName {name!r} must start with alias/ and use "
                       "A-Z a-z 0-9 : / _ -.")
    with ctx.store.transaction():
        key = _key(ctx, params["KeyId"])
        if ctx.store.get(ALIAS_KIND, f"{ctx.region}/{name}"):
            raise ApiError(409, "Forbidden.AliasExists", f"The alias {name} already exists.")
        ctx.store.put(ALIAS_KIND, f"{ctx.region}/{name}", {
            "AliasName": name, "KeyId": key["KeyId"],
            "AliasArn": f"acs:kms:{ctx.region}:{ctx.account.account_id}:{name}"})
    return {}


def _aliases(ctx, key_id: str | None = None) -> list[dict]:
    aliases = ctx.store.list(ALIAS_KIND, f"{ctx.region}/")
    return [a for a in aliases if key_id is None or a["KeyId"] == key_id]


def list_aliases(ctx, params):
    page, info = _paged(params, _aliases(ctx))
    return {"Aliases": {"Alias": page}, **info}


def list_aliases_by_key_id(ctx, params):
    require(params, "KeyId")
    page, info = _paged(params, _aliases(ctx, _key(ctx, params["KeyId"])["KeyId"]))
    return {"Aliases": {"Alias": page}, **info}


def _update(ctx, ref: str, change) -> dict:
    with ctx.store.transaction():
        key = _key(ctx, ref)
        change(key)
        ctx.store.put(KEY_KIND, key["KeyId"], key)
    return {}


def update_rotation_policy(ctx, params):
    require(params, "KeyId", "EnableAutomaticRotation")
    enable = flag(params, "EnableAutomaticRotation")
    interval = _rotation_seconds(params.get("RotationInterval", "")) if enable else None

    def change(key):
        key["AutomaticRotation"] = "Enabled" if enable else "Disabled"
        key["RotationInterval"] = f"{interval}s" if interval else ""
        key["NextRotationDate"] = _iso(ctx.now() + interval) if interval else ""
    return _update(ctx, params["KeyId"], change)


def set_deletion_protection(ctx, params):
    require(params, "ProtectedResourceArn", "EnableDeletionProtection")
    enable = flag(params, "EnableDeletionProtection")

    def change(key):
        key["DeletionProtection"] = "Enabled" if enable else "Disabled"
        key["DeletionProtectionDescription"] = params.get("DeletionProtectionDescription", "") if enable else ""
    return _update(ctx, params["ProtectedResourceArn"], change)


def _state(state: str):
    def action(ctx, params):
        require(params, "KeyId")

        def change(key):
            if key["KeyState"] == "PendingDeletion":
                raise ApiError(409, "Forbidden.KeyInPendingDeletion", "The key is pending deletion.")
            key["KeyState"] = state
        return _update(ctx, params["KeyId"], change)
    return action


def schedule_key_deletion(ctx, params):
    require(params, "KeyId", "PendingWindowInDays")

    def change(key):
        if key["DeletionProtection"] == "Enabled":
            raise ApiError(403, "Forbidden.DeletionProtection", "The key is protected from deletion.")
        days = int(params["PendingWindowInDays"])
        if not 7 <= days <= 366:
            raise ApiError(400, "InvalidParameter", "PendingWindowInDays must be between 7 and 366.")
        key["KeyState"] = "PendingDeletion"
        key["DeleteDate"] = _iso(ctx.now() + days * 86400)
    return _update(ctx, params["KeyId"], change)


def tag_resource(ctx, params):
    require(params, "KeyId", "Tags")
    new = _tags(params["Tags"])

    def change(key):
        kept = [t for t in key["Tags"] if t["TagKey"] not in {n["TagKey"] for n in new}]
        key["Tags"] = kept + new
    return _update(ctx, params["KeyId"], change)


def untag_resource(ctx, params):
    require(params, "KeyId", "TagKeys")
    names = set(json.loads(params["TagKeys"]))

    def change(key):
        key["Tags"] = [t for t in key["Tags"] if t["TagKey"] not in names]
    return _update(ctx, params["KeyId"], change)


def list_resource_tags(ctx, params):
    require(params, "KeyId")
    key = _key(ctx, params["KeyId"])
    return {"Tags": {"Tag": [{**t, "KeyId": key["KeyId"]} for t in key["Tags"]]}}


_service = rpc_service({
    "CreateKey": create_key, "DescribeKey": describe_key, "ListKeys": list_keys, "CreateAlias": create_alias,
    "ListAliases": list_aliases, "ListAliasesByKeyId": list_aliases_by_key_id,
    "UpdateRotationPolicy": update_rotation_policy, "SetDeletionProtection": set_deletion_protection,
    "EnableKey": _state("Enabled"), "DisableKey": _state("Disabled"), "ScheduleKeyDeletion": schedule_key_deletion,
    "TagResource": tag_resource, "UntagResource": untag_resource, "ListResourceTags": list_resource_tags,
}, "2016-01-20")
operation, handle, render_error = _service.operation, _service.handle, _service.render_error
