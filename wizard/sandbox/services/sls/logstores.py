"""SLS Logstores: create with ttl/shardCount/encrypt_conf, get, update, list, and UpdateLogStoreEncryption."""

from __future__ import annotations

from ...http.protocol import ApiError
from . import encryption, models
from .wire import LOGSTORE_NAME, body_of, page, project_name, require_int

TTL_RANGE = (1, 3650)  # days; 3650 keeps data for good
_KEPT_AS_SENT = ("autoSplit", "maxSplitShard", "appendMeta", "enable_tracking", "hot_ttl", "infrequentAccessTTL",
                 "mode", "telemetryType", "resourceGroupId")


# UpdateLogStore sends the whole setting (logstoreName and ttl required): what it leaves out takes its default,
# as in a PUT. Defaults the SDK states: appendMeta false, enable_tracking false; autoSplit off and the tiered TTLs
# gone (all data hot) are the sandbox's reading. mode and telemetryType are kept (a type is not reset by omission),
# encrypt_conf too (it has its own one-way rules), and shardCount is never updated (SplitShard does that).
REPLACED_DEFAULTS = {"appendMeta": False, "enable_tracking": False, "autoSplit": False, "maxSplitShard": None,
                     "hot_ttl": None, "infrequentAccessTTL": None}


def _kept(body: dict) -> dict:
    return {field: body[field] for field in _KEPT_AS_SENT if body.get(field) is not None}


def create_logstore(ctx, request, **_):
    body = body_of(request)
    name = body.get("logstoreName")
    if not isinstance(name, str) or not LOGSTORE_NAME.match(name):
        raise ApiError(400, "ParameterInvalid", f"logstoreName {name!r} is invalid: 3-63 characters of a-z, 0-9, "
                       "_ and -, starting and ending with a letter or digit.")
    ttl = require_int(body, "ttl", *TTL_RANGE)
    shards = require_int(body, "shardCount", 1, 256)
    conf = encryption.changed(None, encryption.from_encrypt_conf(body["encrypt_conf"])) \
        if body.get("encrypt_conf") is not None else None
    models.create_logstore(ctx.store, ctx.region, project_name(ctx), name, ttl, shards, conf, _kept(body))
    return None


def get_logstore(ctx, request, name: str):
    return models.existing_logstore(ctx.store, ctx.region, project_name(ctx), name)


def update_logstore(ctx, request, name: str):
    """The whole setting is replaced (REPLACED_DEFAULTS for what the body leaves out); the shard count is not
    (SLS splits shards instead); encrypt_conf follows the same once-set rule as UpdateLogStoreEncryption."""
    body = body_of(request)
    if body.get("logstoreName") != name:
        raise ApiError(400, "ParameterInvalid", f"logstoreName {body.get('logstoreName')!r} in the body must name "
                       f"the Logstore {name} of the path.")
    ttl = require_int(body, "ttl", *TTL_RANGE)
    conf = encryption.from_encrypt_conf(body["encrypt_conf"]) if body.get("encrypt_conf") is not None else None
    models.update_logstore(ctx.store, ctx.region, project_name(ctx), name, ttl, conf,
                           {**REPLACED_DEFAULTS, **_kept(body)})
    return None


def update_logstore_encryption(ctx, request, name: str):
    conf = encryption.from_update_body(body_of(request))
    models.set_logstore_encryption(ctx.store, ctx.region, project_name(ctx), name, conf)
    return None


def list_logstores(ctx, request, **_):
    found = models.logstores(ctx.store, ctx.region, project_name(ctx))
    query = request.query
    wanted, mode = query.get("logstoreName", ""), query.get("mode", "")
    telemetry = query.get("telemetryType", "")
    names = [s["logstoreName"] for s in found
             if wanted in s["logstoreName"] and (not mode or s.get("mode") == mode)
             and (not telemetry or s.get("telemetryType", "") == telemetry)]
    paged = page(request, names)
    return {"count": paged["count"], "total": paged["total"], "logstores": paged["_items"]}
