"""Log Service (SLS) 2020-12-30: route by method, path and host, verify the signature, answer in SLS's JSON.

The project is the virtual host (`<project>.<region>.log.aliyuncs.com`); project-less calls
(CreateProject, ListProject, alert resource records) go to `<region>.log.aliyuncs.com`. Errors are
`{"errorCode", "errorMessage"}` with the `x-log-requestid` header, which the Tea gateway turns into
TeaException(code, data.requestId).

Handler modules by resource (projects, logstores, logs, alerts, records) parse and render; models.py owns the
state; wire.py, auth.py and encryption.py hold what they share (bodies and paging, signatures, encrypt_conf).
"""

from __future__ import annotations

import json
import re
from email.utils import formatdate

from ...http.protocol import ApiError, Request, Response
from ...http.routing import route
from ...iam.gate import sls_gate
from . import alerts, auth, logs, logstores, models, projects, records
from .wire import body_of

_NAME = r"(?P<name>[^/]+)"
_RESOURCE, _RECORD = r"(?P<resource>[^/]+)", r"(?P<record_id>[^/]+)"
# (method, path, project host: True / False / None for either, ?action=, operation, handler)
_ROUTES = tuple(
    (method, re.compile(f"^{path}$"), on_project, action, operation, handler)
    for method, path, on_project, action, operation, handler in (
        ("POST", "/", None, None, "CreateProject", projects.create_project),
        ("GET", "/", True, None, "GetProject", projects.get_project),
        ("GET", "/", False, None, "ListProject", projects.list_project),
        ("POST", "/logstores", True, None, "CreateLogStore", logstores.create_logstore),
        ("GET", "/logstores", True, None, "ListLogStores", logstores.list_logstores),
        ("GET", f"/logstores/{_NAME}", True, None, "GetLogStore", logstores.get_logstore),
        ("PUT", f"/logstores/{_NAME}", True, None, "UpdateLogStore", logstores.update_logstore),
        ("PUT", f"/logstores/{_NAME}/encryption", True, None, "UpdateLogStoreEncryption",
         logstores.update_logstore_encryption),
        ("POST", f"/logstores/{_NAME}/index", True, None, "CreateIndex", logs.create_index),
        ("POST", f"/logstores/{_NAME}/shards/lb", True, None, "PutLogs", logs.put_logs),
        ("POST", f"/logstores/{_NAME}/logs", True, None, "GetLogsV2", logs.get_logs),
        ("POST", "/alerts", True, None, "CreateAlert", alerts.create_alert),
        ("GET", "/alerts", True, None, "ListAlerts", alerts.list_alerts),
        ("GET", f"/alerts/{_NAME}", True, None, "GetAlert", alerts.get_alert),
        ("PUT", f"/alerts/{_NAME}", True, "enable", "EnableAlert", alerts.enable_alert),
        ("PUT", f"/alerts/{_NAME}", True, "disable", "DisableAlert", alerts.disable_alert),
        ("PUT", f"/alerts/{_NAME}", True, None, "UpdateAlert", alerts.update_alert),
        ("DELETE", f"/alerts/{_NAME}", True, None, "DeleteAlert", alerts.delete_alert),
        ("PUT", f"/resources/{_RESOURCE}/records", False, None, "UpsertResourceRecord", records.upsert_records),
        ("POST", f"/resources/{_RESOURCE}/records", False, None, "CreateResourceRecord", records.create_record),
        ("GET", f"/resources/{_RESOURCE}/records", False, None, "ListResourceRecord", records.list_records),
        ("GET", f"/resources/{_RESOURCE}/records/{_RECORD}", False, None, "GetResourceRecord", records.get_record),
        ("PUT", f"/resources/{_RESOURCE}/records/{_RECORD}", False, None, "UpdateResourceRecord",
         records.update_record),
        ("DELETE", f"/resources/{_RESOURCE}/records/{_RECORD}", False, None, "DeleteResourceRecord",
         records.delete_record),
    )
)


def _match(request: Request):
    """(operation, handler, path arguments) of a request, or None when SLS has no such API."""
    target = route(request.host)
    on_project = bool(target and target.subdomain)
    path = request.path.rstrip("/") or "/"
    action = request.query.get("action")
    for method, pattern, wants_project, wants_action, operation_name, handler in _ROUTES:
        found = pattern.match(path)
        if (method == request.method and found and wants_project in (None, on_project)
                and wants_action in (None, action)):
            return operation_name, handler, found.groupdict()
    return None


def operation(request: Request) -> str:
    matched = _match(request)
    return matched[0] if matched else f"{request.method} {request.path}"


def _headers(ctx) -> dict[str, str]:
    return {"Content-Type": "application/json", "Server": "AliyunSLS", "x-log-time": str(int(ctx.now())),
            "Date": formatdate(usegmt=True), "x-log-requestid": ctx.request_id().replace("-", "")[:24]}


def render_error(ctx, request: Request, error: ApiError) -> Response:
    body = {"errorCode": error.code, "errorMessage": error.message}
    return Response(error.status, _headers(ctx), json.dumps(body).encode())


def _named_in_body(request: Request) -> dict:
    """The body's fields RAM authorisation names resources by (a body that is not JSON is refused later)."""
    try:
        return body_of(request) if request.method in ("POST", "PUT") and request.body else {}
    except ApiError:
        return {}


def handle(ctx, request: Request) -> Response:
    try:
        auth.verify(request, ctx.secret_for, ctx.token_problem)
        matched = _match(request)
        if matched is None:
            raise ApiError(404, "RequestNotSupported", f"{request.method} {request.path} is not an SLS API here.")
        operation_name, handler, path_args = matched
        body = _named_in_body(request)
        project = ctx.subdomain or str(body.get("projectName") or "")
        sls_gate(ctx, request, operation_name, path_args, body, models.owner_of(ctx.store, project) if project else "")
        result = handler(ctx, request, **path_args)
    except ApiError as error:
        return render_error(ctx, request, error)
    return Response(200, _headers(ctx), b"" if result is None else json.dumps(result).encode())
