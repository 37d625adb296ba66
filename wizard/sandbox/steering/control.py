"""The control endpoint, on the sandbox's own address under /_sandbox/: tests steer a running sandbox.

    GET    /_sandbox/health      {"ok": true, "account_id": ...}
    GET    /_sandbox/credentials the sandbox's own (fake) access key, for `--sandbox-url`
    GET    /_sandbox/requests    the request log (no secrets), oldest first
    POST   /_sandbox/faults      {"specs": ["CreateTrail#1=503:ServiceUnavailable"]}
    DELETE /_sandbox/faults      clear every armed fault
    POST   /_sandbox/clock       {"advance_seconds": 86400}
    POST   /_sandbox/latency     {"ms": 200}
    POST   /_sandbox/resource-directory  {"managed_by": "<account id>", "delegated_services": ["actiontrail.aliyuncs.com"]}
                                 this account joins a directory another account manages (a member; a delegated
                                 administrator of the listed services); or {"members": [ids]}: accounts join the
                                 directory this account manages (InitResourceDirectory first)
    POST   /_sandbox/starter     {"state": "messy"}: the account gains the messy starter's RAM principals and
                                 attachments (admin rights attached to users, a *:* policy); nothing is removed
"""

from __future__ import annotations

import json

from ..http.protocol import Request, Response
from ..services.resourcemanager import models as resourcemanager
from ..state import clock
from .faults import FaultSpecError


def _json(status: int, data) -> Response:
    return Response(status, {"Content-Type": "application/json"}, json.dumps(data).encode())


def handle(server, request: Request) -> Response:
    path = request.path.rstrip("/")
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return _json(400, {"error": "the body is not JSON"})
    if path == "/_sandbox/health" and request.method == "GET":
        return _json(200, {"ok": True, "account_id": server.account.account_id})
    if path == "/_sandbox/credentials" and request.method == "GET":
        return _json(200, {"access_key_id": server.account.access_key_id,
                           "access_key_secret": server.account.access_key_secret})
    if path == "/_sandbox/requests" and request.method == "GET":
        return _json(200, server.requests())
    if path == "/_sandbox/faults":
        if request.method == "DELETE":
            server.clear_faults()
            return _json(200, {"faults": []})
        if request.method == "POST":
            try:
                server.arm_fault(*body.get("specs", []))
            except FaultSpecError as error:
                return _json(400, {"error": str(error)})
            return _json(200, {"faults": server.faults.describe()})
        if request.method == "GET":
            return _json(200, {"faults": server.faults.describe()})
    if path == "/_sandbox/clock" and request.method == "POST":
        server.advance_clock(float(body.get("advance_seconds", 0)))
        return _json(200, {"clock_offset": clock.offset(server.store)})
    if path == "/_sandbox/latency" and request.method == "POST":
        server.latency_ms = int(body.get("ms", 0))
        return _json(200, {"latency_ms": server.latency_ms})
    if path == "/_sandbox/resource-directory" and request.method == "POST":
        return _resource_directory(server, body)
    if path == "/_sandbox/starter" and request.method == "POST":
        if body.get("state") != "messy":
            return _json(400, {"error": "state must be \"messy\" (a new account starts well run)"})
        return _json(200, server.make_messy())
    return _json(404, {"error": f"no control endpoint {request.method} {path}"})


def _resource_directory(server, body: dict) -> Response:
    try:
        if body.get("members"):
            return _json(200, resourcemanager.add_members(server.store, body["members"]))
        if not str(body.get("managed_by", "")).isdigit():
            return _json(400, {"error": "managed_by must be the management account's id (digits)"})
        return _json(200, server.join_resource_directory(str(body["managed_by"]),
                                                         body.get("delegated_services", ())))
    except ValueError as error:
        return _json(400, {"error": str(error)})
