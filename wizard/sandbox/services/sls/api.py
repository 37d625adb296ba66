"""SLS 2020-12-30 operations on projects, Logstores and alerts (JSON bodies, SLS error codes)."""

from __future__ import annotations

import json
import re

from ...protocol import ApiError
from .state import ALERT_KIND, LOGSTORE_KIND, PROJECT_KIND, logstore_doc

_PROJECT = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")
_LOGSTORE = re.compile(r"^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$")
_ALERT = re.compile(r"^[a-z0-9][a-z0-9_-]{2,62}[a-z0-9]$")


def _body(request) -> dict:
    if not request.body:
        return {}
    try:
        data = json.loads(request.body)
    except ValueError:
        raise ApiError(400, "PostBodyInvalid", "The request body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise ApiError(400, "PostBodyInvalid", "The request body must be a JSON object.")
    return data


def _page(request, items: list) -> tuple[list, int]:
    query = request.query
    offset, size = int(query.get("offset", 0) or 0), int(query.get("size", 100) or 100)
    return items[offset:offset + size], len(items)


def _project(ctx) -> dict:
    if not ctx.subdomain:
        raise ApiError(400, "ParameterInvalid", "The project is missing from the host name.")
    project = ctx.store.get(PROJECT_KIND, ctx.subdomain)
    if project is None or project["region"] != ctx.region:
        raise ApiError(404, "ProjectNotExist", f"Project {ctx.subdomain} does not exist")
    return project


def _ttl(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 3650:
        raise ApiError(400, "ParameterInvalid", f"ttl must be an integer between 1 and 3650, not {value!r}")
    return value


def _encrypt_conf(conf) -> dict:
    if not isinstance(conf, dict) or not isinstance(conf.get("enable"), bool):
        raise ApiError(400, "ParameterInvalid", "encrypt_conf needs a boolean enable")
    kind = conf.get("encrypt_type", "default")
    if kind not in ("default", "aes_gcm", "sm4_gcm", "m4_gcm"):
        raise ApiError(400, "ParameterInvalid", f"encrypt_type {kind} is not supported")
    clean = {"enable": conf["enable"], "encrypt_type": kind}
    cmk = conf.get("user_cmk_info")
    if cmk:
        if not all(cmk.get(k) for k in ("cmk_key_id", "arn", "region_id")):
            raise ApiError(400, "ParameterInvalid", "user_cmk_info needs cmk_key_id, arn and region_id")
        clean["user_cmk_info"] = {k: cmk[k] for k in ("cmk_key_id", "arn", "region_id")}
    return clean


# ---------------------------------------------------------------- projects
def create_project(ctx, request):
    body = _body(request)
    name = body.get("projectName", "")
    if not _PROJECT.match(str(name)):
        raise ApiError(400, "ParameterInvalid", f"project name {name!r} is invalid: 3-63 of a-z, 0-9 and -")
    with ctx.store.transaction():
        if ctx.store.get(PROJECT_KIND, name):
            raise ApiError(400, "ProjectAlreadyExist", f"Project {name} already exist")
        now = int(ctx.now())
        ctx.store.put(PROJECT_KIND, name, {
            "projectName": name, "description": body.get("description", ""), "region": ctx.region,
            "status": "Normal", "owner": ctx.account.account_id, "createTime": str(now), "lastModifyTime": str(now),
            "resourceGroupId": body.get("resourceGroupId", "rg-default"),
            "dataRedundancyType": body.get("dataRedundancyType", "LRS"),
        })
    return None


def get_project(ctx, request):
    return _project(ctx)


def list_project(ctx, request):
    wanted = request.query.get("projectName", "")
    projects = [p for p in ctx.store.list(PROJECT_KIND) if p["region"] == ctx.region and wanted in p["projectName"]]
    page, total = _page(request, projects)
    return {"count": len(page), "total": total, "projects": page}


# ---------------------------------------------------------------- logstores
def _logstore_key(ctx, name: str) -> str:
    return f"{ctx.subdomain}/{name}"


def _logstore(ctx, name: str) -> dict:
    _project(ctx)
    store = ctx.store.get(LOGSTORE_KIND, _logstore_key(ctx, name))
    if store is None:
        raise ApiError(404, "LogStoreNotExist", f"logstore {name} does not exist")
    return store


def create_logstore(ctx, request):
    body = _body(request)
    name = str(body.get("logstoreName", ""))
    if not _LOGSTORE.match(name):
        raise ApiError(400, "ParameterInvalid", f"logstore name {name!r} is invalid: 3-63 of a-z, 0-9, _ and -")
    ttl = _ttl(body.get("ttl"))
    shards = body.get("shardCount", 2)
    if not isinstance(shards, int) or not 1 <= shards <= 256:
        raise ApiError(400, "ParameterInvalid", "shardCount must be between 1 and 256")
    conf = _encrypt_conf(body["encrypt_conf"]) if body.get("encrypt_conf") is not None else None
    with ctx.store.transaction():
        _project(ctx)
        if ctx.store.get(LOGSTORE_KIND, _logstore_key(ctx, name)):
            raise ApiError(400, "LogStoreAlreadyExist", f"logstore {name} already exists")
        extra = {k: body[k] for k in ("autoSplit", "maxSplitShard", "appendMeta", "hot_ttl", "mode") if k in body}
        ctx.store.put(LOGSTORE_KIND, _logstore_key(ctx, name),
                      {**logstore_doc(name, ttl, ctx.now(), shards, conf), **extra})
    return None


def get_logstore(ctx, request, name):
    return _logstore(ctx, name)


def update_logstore(ctx, request, name):
    body = _body(request)
    with ctx.store.transaction():
        store = _logstore(ctx, name)
        if "ttl" in body:
            store["ttl"] = _ttl(body["ttl"])
        if body.get("encrypt_conf") is not None:
            store["encrypt_conf"] = _changed_encryption(store.get("encrypt_conf"), _encrypt_conf(body["encrypt_conf"]))
        for field in ("autoSplit", "maxSplitShard", "appendMeta", "hot_ttl"):
            if field in body:
                store[field] = body[field]
        store["lastModifyTime"] = int(ctx.now())
        ctx.store.put(LOGSTORE_KIND, _logstore_key(ctx, name), store)
    return None


def _changed_encryption(old: dict | None, new: dict) -> dict:
    """Once encryption is set, only `enable` may change."""
    if old and (old.get("encrypt_type") != new.get("encrypt_type")
                or old.get("user_cmk_info") != new.get("user_cmk_info")):
        raise ApiError(400, "ParameterInvalid", "encrypt_type and user_cmk_info cannot be changed once encryption "
                       "is configured; only enable can")
    return new


def update_logstore_encryption(ctx, request, name):
    body = _body(request)
    if not isinstance(body.get("enable"), bool):
        raise ApiError(400, "ParameterInvalid", "enable is required")
    conf = _encrypt_conf({"enable": body["enable"], "encrypt_type": body.get("encryptType", "default"),
                          "user_cmk_info": body.get("userCmkInfo")})
    with ctx.store.transaction():
        store = _logstore(ctx, name)
        store["encrypt_conf"] = _changed_encryption(store.get("encrypt_conf"), conf)
        store["lastModifyTime"] = int(ctx.now())
        ctx.store.put(LOGSTORE_KIND, _logstore_key(ctx, name), store)
    return None


def list_logstores(ctx, request):
    _project(ctx)
    wanted = request.query.get("logstoreName", "")
    names = [s["logstoreName"] for s in ctx.store.list(LOGSTORE_KIND, f"{ctx.subdomain}/")
             if wanted in s["logstoreName"]]
    page, total = _page(request, names)
    return {"count": len(page), "total": total, "logstores": page}


# ---------------------------------------------------------------- alerts
def _alert_key(ctx, name: str) -> str:
    return f"{ctx.subdomain}/{name}"


def _alert(ctx, name: str) -> dict:
    _project(ctx)
    alert = ctx.store.get(ALERT_KIND, _alert_key(ctx, name))
    if alert is None:
        raise ApiError(404, "JobNotExist", f"job {name} does not exist")
    return alert


def create_alert(ctx, request):
    body = _body(request)
    name = str(body.get("name", ""))
    if not _ALERT.match(name):
        raise ApiError(400, "ParameterInvalid", f"alert name {name!r} is invalid: 4-64 of a-z, 0-9, _ and -")
    if not isinstance(body.get("configuration"), dict) or not body.get("displayName"):
        raise ApiError(400, "ParameterInvalid", "displayName and configuration are required")
    if not isinstance(body.get("schedule"), dict):
        raise ApiError(400, "ParameterInvalid", "schedule is required")
    with ctx.store.transaction():
        _project(ctx)
        if ctx.store.get(ALERT_KIND, _alert_key(ctx, name)):
            raise ApiError(400, "JobAlreadyExist", f"job {name} already exists")
        now = int(ctx.now())
        ctx.store.put(ALERT_KIND, _alert_key(ctx, name), {
            "name": name, "displayName": body["displayName"], "description": body.get("description", ""),
            "configuration": body["configuration"], "schedule": body["schedule"], "status": "ENABLED",
            "createTime": now, "lastModifiedTime": now, "type": "Alert"})
    return None


def get_alert(ctx, request, name):
    return _alert(ctx, name)


def update_alert(ctx, request, name):
    body = _body(request)
    with ctx.store.transaction():
        alert = _alert(ctx, name)
        for field in ("displayName", "description", "configuration", "schedule"):
            if field in body:
                alert[field] = body[field]
        alert["lastModifiedTime"] = int(ctx.now())
        ctx.store.put(ALERT_KIND, _alert_key(ctx, name), alert)
    return None


def set_alert_state(ctx, request, name):
    action = request.query.get("action")
    if action not in ("enable", "disable"):
        raise ApiError(400, "ParameterInvalid", "action must be enable or disable")
    with ctx.store.transaction():
        alert = _alert(ctx, name)
        alert["status"] = "ENABLED" if action == "enable" else "DISABLED"
        ctx.store.put(ALERT_KIND, _alert_key(ctx, name), alert)
    return None


def list_alerts(ctx, request):
    _project(ctx)
    alerts = ctx.store.list(ALERT_KIND, f"{ctx.subdomain}/")
    page, total = _page(request, alerts)
    return {"count": len(page), "total": total, "results": page}
