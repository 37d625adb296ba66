"""KMS handlers: read the RPC parameters, call the models, shape the answers as KMS does."""

from __future__ import annotations

import json
import re

from ...http.protocol import ApiError
from ...http.rpc import flag, integer, require
from . import models

_ALIAS = re.compile(r"^alias/[A-Za-z0-9:/_-]{1,255}$")
_INTERVAL = re.compile(r"^(\d+)([dhms])$")
_UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
DAY = 86400
CREATE_KEY_MAX_DAYS, UPDATE_POLICY_MAX_DAYS = 365, 730  # a software key at creation; UpdateRotationPolicy


def _metadata(key: dict) -> dict:
    return {k: v for k, v in key.items() if k not in ("Region", "Tags")}


def _rotation_seconds(value: str, max_days: int) -> int:
    """RotationInterval is integer[unit], unit d, h, m or s ("365d" and "31536000s" alike), 7 days to max_days."""
    match = _INTERVAL.match(value or "")
    seconds = int(match.group(1)) * _UNIT_SECONDS[match.group(2)] if match else -1
    if not 7 * DAY <= seconds <= max_days * DAY:
        raise ApiError(400, "InvalidParameter", f"RotationInterval {value!r} must be integer[unit] (d, h, m, s) "
                       f"from 7d to {max_days}d.")
    return seconds


def _paged(params, items: list) -> tuple[list, dict]:
    number = integer(params, "PageNumber", 1, 1, 10**9)
    size = integer(params, "PageSize", 10, 1, 100)
    return items[(number - 1) * size:number * size], {"PageNumber": number, "PageSize": size,
                                                       "TotalCount": len(items)}


def create_key(ctx, params):
    rotation = flag(params, "EnableAutomaticRotation")
    if rotation:
        require(params, "RotationInterval")  # "required if you set EnableAutomaticRotation to true"
    interval = _rotation_seconds(params["RotationInterval"], CREATE_KEY_MAX_DAYS) if rotation else None
    settings = {"KeySpec": params.get("KeySpec", "Aliyun_AES_256"),
                "KeyUsage": params.get("KeyUsage", "ENCRYPT/DECRYPT"), "Origin": params.get("Origin", "Aliyun_KMS"),
                "ProtectionLevel": params.get("ProtectionLevel", "SOFTWARE"),
                "Description": params.get("Description", "")}
    key = models.create_key(ctx.store, ctx.region, ctx.account.account_id, settings, interval, params.get("Tags", ""))
    return {"KeyMetadata": _metadata(key)}


def describe_key(ctx, params):
    require(params, "KeyId")
    return {"KeyMetadata": _metadata(models.key(ctx.store, ctx.region, params["KeyId"]))}


def list_keys(ctx, params):
    page, info = _paged(params, models.keys(ctx.store, ctx.region))
    return {"Keys": {"Key": [{"KeyId": k["KeyId"], "KeyArn": k["Arn"]} for k in page]}, **info}


def create_alias(ctx, params):
    require(params, "AliasName", "KeyId")
    name = params["AliasName"]
    if not _ALIAS.match(name):
        raise ApiError(400, "InvalidParameter", f"AliasName {name!r} must start with alias/ and use "
                       "A-Z a-z 0-9 : / _ -.")
    models.create_alias(ctx.store, ctx.region, ctx.account.account_id, name, params["KeyId"])
    return {}


def list_aliases(ctx, params):
    page, info = _paged(params, models.aliases(ctx.store, ctx.region))
    return {"Aliases": {"Alias": page}, **info}


def list_aliases_by_key_id(ctx, params):
    require(params, "KeyId")
    key_id = models.key(ctx.store, ctx.region, params["KeyId"])["KeyId"]
    page, info = _paged(params, models.aliases(ctx.store, ctx.region, key_id))
    return {"Aliases": {"Alias": page}, **info}


def update_rotation_policy(ctx, params):
    require(params, "KeyId", "EnableAutomaticRotation")
    enable = flag(params, "EnableAutomaticRotation")
    interval = _rotation_seconds(params.get("RotationInterval", ""), UPDATE_POLICY_MAX_DAYS) if enable else None
    models.set_rotation(ctx.store, ctx.region, params["KeyId"], interval)
    return {}


def set_deletion_protection(ctx, params):
    require(params, "ProtectedResourceArn", "EnableDeletionProtection")
    models.set_deletion_protection(ctx.store, ctx.region, params["ProtectedResourceArn"],
                                   flag(params, "EnableDeletionProtection"),
                                   params.get("DeletionProtectionDescription", ""))
    return {}


def _set_state(state: str):
    def action(ctx, params):
        require(params, "KeyId")
        models.set_state(ctx.store, ctx.region, params["KeyId"], state)
        return {}
    return action


def schedule_key_deletion(ctx, params):
    require(params, "KeyId", "PendingWindowInDays")
    models.schedule_deletion(ctx.store, ctx.region, params["KeyId"], integer(params, "PendingWindowInDays", 30, 7, 366))
    return {}


def tag_resource(ctx, params):
    require(params, "KeyId", "Tags")
    models.tag(ctx.store, ctx.region, params["KeyId"], models.parse_tags(params["Tags"]))
    return {}


def untag_resource(ctx, params):
    require(params, "KeyId", "TagKeys")
    models.untag(ctx.store, ctx.region, params["KeyId"], set(json.loads(params["TagKeys"])))
    return {}


def list_resource_tags(ctx, params):
    require(params, "KeyId")
    key = models.key(ctx.store, ctx.region, params["KeyId"])
    return {"Tags": {"Tag": [{**t, "KeyId": key["KeyId"]} for t in key["Tags"]]}}


ACTIONS = {
    "CreateKey": create_key, "DescribeKey": describe_key, "ListKeys": list_keys, "CreateAlias": create_alias,
    "ListAliases": list_aliases, "ListAliasesByKeyId": list_aliases_by_key_id,
    "UpdateRotationPolicy": update_rotation_policy, "SetDeletionProtection": set_deletion_protection,
    "EnableKey": _set_state("Enabled"), "DisableKey": _set_state("Disabled"),
    "ScheduleKeyDeletion": schedule_key_deletion, "TagResource": tag_resource, "UntagResource": untag_resource,
    "ListResourceTags": list_resource_tags,
}
