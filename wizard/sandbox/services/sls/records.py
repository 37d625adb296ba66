"""SLS alert resource records: users, webhook integrations, action policies (/resources/<name>/records).

Records live per region and account (the project-less endpoint), keyed by
resource name and record id; each `value` is a JSON string whose shape is
checked for the alert resources the wizard writes, as the console would. An
action policy's script must name users and webhooks that exist, and an alert
rule must name an action policy that exists: the sandbox is stricter here than
the docs promise (the real service reports "ActionPolicyNotExist" only when
the alert fires), so a wiring mistake fails the test run, not a production
alert nobody receives.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

from ...http.protocol import ApiError
from . import models
from .models import ACTION_POLICIES, USERS, WEBHOOKS
from .wire import body_of, page

MAX_BATCH = 200
_ID = re.compile(r"^[A-Za-z0-9_.@-]{1,128}$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_FIRE = re.compile(r"^fire\((?P<args>.*)\)$")
_ARG = re.compile(r'(?P<key>[a-z_]+)=(?P<value>"[^"]*"|\[[^\]]*\]|\{[^}]*\})')
WEBHOOK_TYPES = ("dingtalk", "wechat", "lark", "slack", "custom")
FIRE_TYPES = ("email", "sms", "voice", "dingtalk", "wechat", "lark", "slack", "webhook", "message_center")


def _invalid(message: str) -> ApiError:
    return ApiError(400, "ParameterInvalid", message)


def _require_global(ctx) -> None:
    if ctx.subdomain:
        raise _invalid("Resource records are managed on the region endpoint (<region>.log.aliyuncs.com).")


def record(ctx, resource: str, record_id: str) -> dict | None:
    return models.record(ctx.store, ctx.region, resource, record_id)


def _value(raw, resource: str, record_id: str) -> dict:
    try:
        value = json.loads(raw) if isinstance(raw, str) else None
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise _invalid(f"record {record_id} of {resource}: value must be a JSON object encoded as a string.")
    return value


def _check_user(ctx, record_id: str, value: dict) -> None:
    if value.get("user_id") != record_id or not value.get("user_name"):
        raise _invalid(f"user {record_id}: user_id must equal the record id and user_name is required.")
    emails = value.get("email", [])
    if not isinstance(emails, list) or not all(isinstance(e, str) and _EMAIL.match(e) for e in emails):
        raise _invalid(f"user {record_id}: email must be a list of email addresses.")


def _check_webhook(ctx, record_id: str, value: dict) -> None:
    if value.get("id") != record_id or value.get("type") not in WEBHOOK_TYPES:
        raise _invalid(f"webhook {record_id}: id must equal the record id and type be one of "
                       f"{', '.join(WEBHOOK_TYPES)}.")
    url = urlparse(str(value.get("url", "")))
    if url.scheme != "https" or not url.netloc:
        raise _invalid(f"webhook {record_id}: url must be an https URL.")
    if value["type"] == "dingtalk" and (url.netloc != "oapi.dingtalk.com" or url.path != "/robot/send"
                                        or "access_token=" not in url.query):
        raise _invalid(f"webhook {record_id}: a DingTalk webhook is https://oapi.dingtalk.com/robot/send?"
                       "access_token=...")


def _check_action_policy(ctx, record_id: str, value: dict) -> None:
    if value.get("action_policy_id") != record_id or not value.get("action_policy_name"):
        raise _invalid(f"action policy {record_id}: action_policy_id must equal the record id and "
                       "action_policy_name is required.")
    script = value.get("primary_policy_script")
    if not isinstance(script, str) or not script.strip():
        raise ApiError(400, "ActionPolicyEmpty", f"action policy {record_id}: primary_policy_script is empty.")
    for line in filter(None, (line.strip() for line in script.splitlines())):
        _check_fire(ctx, record_id, line)


def _check_fire(ctx, policy: str, line: str) -> None:
    found = _FIRE.match(line)
    args = {m.group("key"): m.group("value") for m in _ARG.finditer(found.group("args"))} if found else {}
    kind = args.get("type", "").strip('"')
    if kind not in FIRE_TYPES:
        raise _invalid(f"action policy {policy}: cannot parse {line[:60]!r} (fire(type=..., ...)).")
    for user in json.loads(args.get("users", "[]")):
        if record(ctx, USERS, user) is None:
            raise _invalid(f"action policy {policy}: user {user} does not exist.")
    webhook = args.get("webhook_id", "").strip('"')
    if kind in WEBHOOK_TYPES and (not webhook or record(ctx, WEBHOOKS, webhook) is None):
        raise _invalid(f"action policy {policy}: webhook {webhook or '(none)'} does not exist.")


def fire_lines(script: str) -> list[dict]:
    """Each fire(...) line of an action policy's script as {"type", "users", "webhook_id"} (alerting.py reads them)."""
    found = []
    for line in filter(None, (line.strip() for line in (script or "").splitlines())):
        match = _FIRE.match(line)
        args = {m.group("key"): m.group("value") for m in _ARG.finditer(match.group("args"))} if match else {}
        if args.get("type"):
            found.append({"type": args["type"].strip('"'), "users": json.loads(args.get("users", "[]")),
                          "webhook_id": args.get("webhook_id", "").strip('"')})
    return found


_CHECKS = {USERS: _check_user, WEBHOOKS: _check_webhook, ACTION_POLICIES: _check_action_policy}


def _write(ctx, resource: str, item, record_id: str | None = None) -> str:
    if not isinstance(item, dict):
        raise _invalid("each record must be an object with id, tag and value.")
    record_id = record_id or item.get("id") or ctx.uuid().hex[:16]
    if not _ID.match(str(record_id)):
        raise _invalid(f"record id {record_id!r} is invalid: 1-128 of A-Z a-z 0-9 _ . @ -.")
    value = _value(item.get("value"), resource, record_id)
    if resource in _CHECKS:
        _CHECKS[resource](ctx, record_id, value)
    models.write_record(ctx.store, ctx.region, resource, record_id, str(item.get("tag") or ""), item["value"])
    return record_id


def upsert_records(ctx, request, resource: str):
    _require_global(ctx)
    items = body_of(request).get("records")
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_BATCH:
        raise _invalid(f"records must hold 1 to {MAX_BATCH} records.")
    with ctx.store.transaction():
        for item in items:  # in order: a policy may name users written earlier in the same batch
            _write(ctx, resource, item)
    return None


def create_record(ctx, request, resource: str):
    _require_global(ctx)
    item = body_of(request)
    with ctx.store.transaction():
        if item.get("id") and record(ctx, resource, item["id"]):
            raise ApiError(400, "RecordAlreadyExist", f"record {item['id']} of {resource} already exists.")
        return {"id": _write(ctx, resource, item)}


def update_record(ctx, request, resource: str, record_id: str):
    _require_global(ctx)
    with ctx.store.transaction():
        models.existing_record(ctx.store, ctx.region, resource, record_id)
        _write(ctx, resource, body_of(request), record_id)
    return None


def get_record(ctx, request, resource: str, record_id: str):
    _require_global(ctx)
    return models.existing_record(ctx.store, ctx.region, resource, record_id)


def delete_record(ctx, request, resource: str, record_id: str):
    _require_global(ctx)
    models.delete_record(ctx.store, ctx.region, resource, record_id)
    return None


def list_records(ctx, request, resource: str):
    _require_global(ctx)
    ids = request.query.get("ids", "")
    wanted = set(json.loads(ids) if ids.startswith("[") else filter(None, ids.split(",")))
    found = [r for r in models.records(ctx.store, ctx.region, resource) if not wanted or r["id"] in wanted]
    paged = page(request, found)
    return {"count": paged["count"], "total": paged["total"], "items": paged["_items"]}

