"""Log Service (SLS) 2020-12-30, project as virtual host: route, verify, answer in SLS's JSON."""

from __future__ import annotations

import json
import re

from ...protocol import ApiError, Request, Response
from ...routing import route
from . import api, auth

# (method, path pattern, needs a project host (None: either), operation, handler)
_ROUTES = (
    ("POST", r"/", None, "CreateProject", api.create_project),
    ("GET", r"/", True, "GetProject", api.get_project),
    ("GET", r"/", False, "ListProject", api.list_project),
    ("POST", r"/logstores", True, "CreateLogStore", api.create_logstore),
    ("GET", r"/logstores", True, "ListLogStores", api.list_logstores),
    ("GET", r"/logstores/(?P<name>[^/]+)", True, "GetLogStore", api.get_logstore),
    ("PUT", r"/logstores/(?P<name>[^/]+)", True, "UpdateLogStore", api.update_logstore),
    ("PUT", r"/logstores/(?P<name>[^/]+)/encryption", True, "UpdateLogStoreEncryption",
     api.update_logstore_encryption),
    ("POST", r"/alerts", True, "CreateAlert", api.create_alert),
    ("GET", r"/alerts", True, "ListAlerts", api.list_alerts),
    ("GET", r"/alerts/(?P<name>[^/]+)", True, "GetAlert", api.get_alert),
    ("PUT", r"/alerts/(?P<name>[^/]+)", True, "UpdateAlert", api.update_alert),
)
_COMPILED = tuple((m, re.compile(f"^{p}$"), needs, op, fn) for m, p, needs, op, fn in _ROUTES)


def _host_has_project(request: Request) -> bool:
    target = route(request.host)
    return bool(target and target.subdomain)


def _match(request: Request):
    with_project = _host_has_project(request)
    path = request.path.rstrip("/") or "/"
    for method, pattern, needs_project, op, fn in _COMPILED:
        found = pattern.match(path)
        if method == request.method and found and (needs_project in (None, with_project) or path != "/"):
            if op == "UpdateAlert" and request.query.get("action") in ("enable", "disable"):
                return ("EnableAlert" if request.query["action"] == "enable" else "DisableAlert",
                        api.set_alert_state, found.groupdict())
            return op, fn, found.groupdict()
    return None


def operation(request: Request) -> str:
    matched = _match(request)
    return matched[0] if matched else f"{request.method} {request.path}"


def render_error(ctx, request: Request, error: ApiError) -> Response:
    request_id = ctx.request_id().replace("-", "")[:24]
    body = {"errorCode": error.code, "errorMessage": error.message}
    return Response(error.status, {"Content-Type": "application/json", "x-log-requestid": request_id},
                    json.dumps(body).encode())


def handle(ctx, request: Request) -> Response:
    try:
        auth.verify(request, ctx.account.secret_for)
        matched = _match(request)
        if matched is None:
            raise ApiError(404, "RequestNotSupported", f"{request.method} {request.path} is not supported here")
        _, handler, path_args = matched
        result = handler(ctx, request, **path_args)
    except ApiError as error:
        return render_error(ctx, request, error)
    request_id = ctx.request_id().replace("-", "")[:24]
    body = b"" if result is None else json.dumps(result).encode()
    return Response(200, {"Content-Type": "application/json", "x-log-requestid": request_id}, body)
