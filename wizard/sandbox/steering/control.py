"""The control endpoint, on the sandbox's own address under /_sandbox/: tests steer a running sandbox.

    GET    /_sandbox/health      {"ok": true, "account_id": ..., "ca_bundle": ...}
    GET    /_sandbox/credentials the sandbox's own (fake) access key and CA bundle path, for `--sandbox-url`
    GET    /_sandbox/ca.pem      the CA certificate itself (PEM), for a client on another machine
    GET    /_sandbox/requests    the request log (no secrets), oldest first
    GET    /_sandbox/connections {"tls_connections": N, "by_host": {...}}: HTTPS tunnels accepted so far
    POST   /_sandbox/faults      {"specs": ["CreateTrail#1=503:ServiceUnavailable"]}
    DELETE /_sandbox/faults      clear every armed fault
    POST   /_sandbox/clock       {"advance_seconds": 86400}
    POST   /_sandbox/latency     {"ms": 200}
    POST   /_sandbox/accounts    {} a new, empty account: {"account_id", "access_key_id", "access_key_secret"};
                                 sign with that key to act as it (GET lists the account ids)
    POST   /_sandbox/resource-directory  {"managed_by": "<account id>", "delegated_services": ["actiontrail.aliyuncs.com"]}
                                 this account joins a directory another account manages (a member; a delegated
                                 administrator of the listed services); or {"members": [ids]}: accounts join the
                                 directory this account manages (InitResourceDirectory first)
    GET    /_sandbox/events      {"events": [...]}: every event recorded, oldest first (`?after=<key>` for the newer
                                 ones; each carries its "key"), of every account
    POST   /_sandbox/events      {"events": [{"eventName": "ConsoleSignin", "additionalEventData": {...}, ...}],
                                 "account_id": optional}: console events no API call can make, recorded now
    GET    /_sandbox/notifications  {"notifications": [...]}: every alert notification, oldest first (alert,
                                 channels and recipients, the matched events); nobody is contacted
    POST   /_sandbox/starter     {"state": "messy"}: the account gains the messy starter's RAM principals and
                                 attachments (admin rights attached to users, a *:* policy); nothing is removed

A request that changes state must say `Content-Type: application/json` (415 otherwise), so a web page
cannot steer the sandbox with a cross-site form post; its body must be a JSON object of the documented
fields and types (400 otherwise, naming the field).
"""

from __future__ import annotations

import json
import math

from ..http.protocol import Request, Response
from ..services.resourcemanager import models as resourcemanager
from ..state import clock
from .faults import FaultSpecError


class _BadBody(ValueError):
    pass


def _json(status: int, data) -> Response:
    return Response(status, {"Content-Type": "application/json"}, json.dumps(data).encode())


def _body(request: Request) -> dict:
    try:
        body = json.loads(request.body.decode("utf-8") or "{}")
    except ValueError:
        raise _BadBody("the body is not JSON") from None
    if not isinstance(body, dict):
        raise _BadBody("the body must be a JSON object")
    return body


def _number(body: dict, field: str, default: float, low: float, high: float) -> float:
    value = body.get(field, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not low <= value <= high:
        raise _BadBody(f"{field} must be a number from {low:g} to {high:g}, not {value!r}")
    return value


def _strings(body: dict, field: str) -> list[str]:
    value = body.get(field, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _BadBody(f"{field} must be a list of strings")
    return value


def handle(server, request: Request) -> Response:
    path = request.path.rstrip("/")
    if request.method not in ("GET", "HEAD"):
        content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        if content_type != "application/json":
            return _json(415, {"error": "state-changing control requests need Content-Type: application/json"})
    try:
        body = _body(request) if request.method not in ("GET", "HEAD") else {}
        return _route(server, request.method, path, body, request.query)
    except _BadBody as error:
        return _json(400, {"error": str(error)})


def _route(server, method: str, path: str, body: dict, request_query: dict | None = None) -> Response:
    request_query = request_query or {}
    if method == "GET":
        answer = _read(server, path, request_query)
        if answer is not None:
            return answer
    if path == "/_sandbox/faults":
        if method == "DELETE":
            server.clear_faults()
            return _json(200, {"faults": []})
        if method == "POST":
            try:
                server.arm_fault(*_strings(body, "specs"))
            except FaultSpecError as error:
                return _json(400, {"error": str(error)})
            return _json(200, {"faults": server.faults.describe()})
    if path == "/_sandbox/clock" and method == "POST":
        server.advance_clock(_number(body, "advance_seconds", 0, 0, 100 * 365 * 86400))
        return _json(200, {"clock_offset": clock.offset(server.store)})
    if path == "/_sandbox/latency" and method == "POST":
        server.latency_ms = int(_number(body, "ms", 0, 0, 60_000))
        return _json(200, {"latency_ms": server.latency_ms})
    if path == "/_sandbox/accounts" and method == "POST":
        made = server.create_account()
        return _json(200, {"account_id": made.account_id, "access_key_id": made.access_key_id,
                           "access_key_secret": made.access_key_secret})
    if path == "/_sandbox/resource-directory" and method == "POST":
        return _resource_directory(server, body)
    if path == "/_sandbox/events" and method == "POST":
        from ..events.recorder import InjectError

        try:
            return _json(200, {"events": server.recorder.inject(body)})
        except InjectError as error:
            return _json(400, {"error": str(error)})
    if path == "/_sandbox/starter" and method == "POST":
        if body.get("state") != "messy":
            return _json(400, {"error": "state must be \"messy\" (a new account starts well run)"})
        return _json(200, server.make_messy())
    return _json(404, {"error": f"no control endpoint {method} {path}"})


def _read(server, path: str, query: dict) -> Response | None:
    if path == "/_sandbox/health":
        return _json(200, {"ok": True, "account_id": server.account.account_id, "ca_bundle": server.ca_bundle})
    if path == "/_sandbox/credentials":
        return _json(200, {"access_key_id": server.account.access_key_id,
                           "access_key_secret": server.account.access_key_secret, "ca_bundle": server.ca_bundle})
    if path == "/_sandbox/ca.pem":
        return Response(200, {"Content-Type": "application/x-pem-file"}, server.ca.pem())
    if path == "/_sandbox/requests":
        return _json(200, server.requests())
    if path == "/_sandbox/connections":
        return _json(200, {"tls_connections": server.tls_connections, "by_host": server.tls_connections_by_host()})
    if path == "/_sandbox/faults":
        return _json(200, {"faults": server.faults.describe()})
    if path == "/_sandbox/accounts":
        return _json(200, {"accounts": server.account_ids()})
    if path == "/_sandbox/events":
        return _json(200, {"events": server.events(query.get("after", ""))})
    if path == "/_sandbox/notifications":
        return _json(200, {"notifications": server.notifications()})
    return None


def _resource_directory(server, body: dict) -> Response:
    try:
        if body.get("members"):
            return _json(200, resourcemanager.add_members(server.store, _strings(body, "members")))
        if not str(body.get("managed_by", "")).isdigit():
            return _json(400, {"error": "managed_by must be the management account's id (digits)"})
        return _json(200, server.join_resource_directory(str(body["managed_by"]),
                                                         _strings(body, "delegated_services")))
    except ValueError as error:
        return _json(400, {"error": str(error)})
