"""SLS Logstores: create with ttl/shardCount/encrypt_conf, get, update, list, and UpdateLogStoreEncryption."""

from __future__ import annotations

from ...http.protocol import ApiError
from . import encryption
from .state import LOGSTORE_KIND, logstore_doc
from .wire import LOGSTORE_NAME, body_of, page, project_of, require_int

TTL_RANGE = (1, 3650)  # days; 3650 keeps data for good
_KEPT_AS_SENT = ("autoSplit", "maxSplitShard", "appendMeta", "enable_tracking", "hot_ttl", "infrequentAccessTTL",
                 "mode", "telemetryType", "resourceGroupId")


def _key(ctx, name: str) -> str:
    return f"{ctx.subdomain}/{name}"


def _existing(ctx, name: str) -> dict:
    project_of(ctx)
    store = ctx.store.get(LOGSTORE_KIND, _key(ctx, name))
    if store is None:
        raise ApiError(404, "LogStoreNotExist", f"Logstore {name} does not exist.")
    return store


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
    with ctx.store.transaction():
        project = project_of(ctx)
        if ctx.store.get(LOGSTORE_KIND, _key(ctx, name)):
            raise ApiError(400, "LogStoreAlreadyExist", f"Logstore {name} already exists.")
        if conf:
            encryption.check_key_usable(ctx.store, conf, project["region"])
        extra = {field: body[field] for field in _KEPT_AS_SENT if body.get(field) is not None}
        ctx.store.put(LOGSTORE_KIND, _key(ctx, name), logstore_doc(name, ttl, ctx.now(), shards, conf, **extra))
    return None


def get_logstore(ctx, request, name: str):
    return _existing(ctx, name)


def update_logstore(ctx, request, name: str):
    """TTL and the settings kept as sent change; the shard count does not (SLS splits shards instead);
    encrypt_conf follows the same once-set rule as UpdateLogStoreEncryption."""
    body = body_of(request)
    if body.get("logstoreName") not in (None, name):
        raise ApiError(400, "ParameterInvalid", f"logstoreName {body['logstoreName']} in the body does not match "
                       f"the Logstore {name} in the path.")
    ttl = require_int(body, "ttl", *TTL_RANGE) if body.get("ttl") is not None else None
    conf = encryption.from_encrypt_conf(body["encrypt_conf"]) if body.get("encrypt_conf") is not None else None
    with ctx.store.transaction():
        store = _existing(ctx, name)
        if ttl is not None:
            store["ttl"] = ttl
        if conf is not None:
            store["encrypt_conf"] = _new_encryption(ctx, store, conf)
        store.update({field: body[field] for field in _KEPT_AS_SENT if body.get(field) is not None})
        store["lastModifyTime"] = int(ctx.now())
        ctx.store.put(LOGSTORE_KIND, _key(ctx, name), store)
    return None


def update_logstore_encryption(ctx, request, name: str):
    conf = encryption.from_update_body(body_of(request))
    with ctx.store.transaction():
        store = _existing(ctx, name)
        store["encrypt_conf"] = _new_encryption(ctx, store, conf)
        store["lastModifyTime"] = int(ctx.now())
        ctx.store.put(LOGSTORE_KIND, _key(ctx, name), store)
    return None


def _new_encryption(ctx, store: dict, conf: dict) -> dict:
    old = store.get("encrypt_conf")
    new = encryption.changed(old, conf)
    if not old:
        encryption.check_key_usable(ctx.store, new, ctx.region)
    return new


def list_logstores(ctx, request, **_):
    project_of(ctx)
    query = request.query
    wanted, mode = query.get("logstoreName", ""), query.get("mode", "")
    telemetry = query.get("telemetryType", "")
    names = [s["logstoreName"] for s in ctx.store.list(LOGSTORE_KIND, f"{ctx.subdomain}/")
             if wanted in s["logstoreName"] and (not mode or s.get("mode") == mode)
             and (not telemetry or s.get("telemetryType", "") == telemetry)]
    paged = page(request, names)
    return {"count": paged["count"], "total": paged["total"], "logstores": paged["_items"]}
