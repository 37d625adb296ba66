"""The RPC style shared by STS, ActionTrail, KMS, RAM and Resource Manager.

A service is a table of action functions `(ctx, params) -> dict`; this layer
reads the action and parameters the way the Tea clients send them, checks the
signature, lets the service's gate (RAM authorisation, iam/gate.py) refuse the
call, and renders answers and errors as the real gateway does (JSON with
RequestId; errors with Code, Message, HostId, Recommend).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable
from urllib.parse import parse_qsl

from ..state.context import Context
from . import signing_acs3
from .protocol import ApiError, Request, Response

Action = Callable[[Context, dict[str, str]], dict]
Gate = Callable[[Context, Request, str, dict[str, str]], None]  # raises ApiError to refuse


def _body_text(request: Request) -> str:
    try:
        return request.body.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "InvalidParameter", "The request body is not UTF-8.") from None


def parameters(request: Request) -> dict[str, str]:
    """Query and form body merged, as flat strings (what an action function receives).

    The body is read before the signature is checked (a v1 signature covers the form fields), so a body that
    cannot be read is a 400 whoever sent it."""
    params = dict(parse_qsl(request.raw_query, keep_blank_values=True))
    content_type = request.headers.get("content-type", "") or ""
    if request.body and content_type.startswith("application/x-www-form-urlencoded"):
        params.update(parse_qsl(_body_text(request), keep_blank_values=True))
    elif request.body and content_type.startswith("application/json"):
        try:
            body = json.loads(_body_text(request))
        except ValueError:
            raise ApiError(400, "InvalidParameter", "The request body is not a JSON object.") from None
        if not isinstance(body, dict):
            raise ApiError(400, "InvalidParameter", "The request body is not a JSON object.")
        params.update({k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()})
    for noise in ("Signature", "SignatureMethod", "SignatureVersion", "SignatureNonce", "AccessKeyId", "Timestamp",
                  "Format", "Version", "Action"):
        params.pop(noise, None)
    return params


def require(params: dict[str, str], *names: str) -> None:
    for name in names:
        if not params.get(name):
            raise ApiError(400, "MissingParameter", f"The input parameter \"{name}\" that is mandatory for "
                           "processing this request is not supplied.")


def integer(params: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    """An integer parameter within [low, high]; a bad one is the gateway's 400, never a 500."""
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, "InvalidParameter", f"The parameter {name} {raw!r} is not an integer.") from None
    if not low <= value <= high:
        raise ApiError(400, "InvalidParameter", f"The parameter {name} must be between {low} and {high}.")
    return value


def flag(params: dict[str, str], name: str, default: bool = False) -> bool:
    value = params.get(name)
    return default if value is None else value.lower() == "true"


@dataclass
class RpcService:
    actions: dict[str, Action]
    version: str
    gate: Gate | None = None

    def operation(self, request: Request) -> str:
        action = request.headers.get("x-acs-action")
        if action:
            return action
        return dict(parse_qsl(request.raw_query)).get("Action", "")

    def _version(self, request: Request) -> str:
        return request.headers.get("x-acs-version") or dict(parse_qsl(request.raw_query)).get("Version", "")

    def render_error(self, ctx: Context, request: Request, error: ApiError) -> Response:
        body = {"RequestId": ctx.request_id(), "HostId": request.host, "Code": error.code, "Message": error.message,
                "Recommend": f"https://api.aliyun.com/troubleshoot?q={error.code}", **error.extra}
        return Response(error.status, {"Content-Type": "application/json;charset=utf-8",
                                       "x-acs-request-id": body["RequestId"]}, json.dumps(body).encode())

    def handle(self, ctx: Context, request: Request) -> Response:
        try:
            params = parameters(request)
            signing_acs3.verify(request, ctx.secret_for, ctx.nonces, ctx.token_problem)
            name = self.operation(request)
            action = self.actions.get(name)
            if action is None:
                raise ApiError(404, "InvalidAction.NotFound", f"Specified api {name!r} is not found, please check "
                               "your url and method.")
            if self._version(request) != self.version:
                raise ApiError(400, "InvalidVersion", f"Specified parameter Version is not valid for {name}.")
            if self.gate is not None:
                self.gate(ctx, request, name, params)
            result = action(ctx, params)
        except ApiError as error:
            return self.render_error(ctx, request, error)
        body = {"RequestId": ctx.request_id(), **result}
        return Response(200, {"Content-Type": "application/json;charset=utf-8", "x-acs-request-id": body["RequestId"]},
                        json.dumps(body).encode())


def rpc_service(actions: dict[str, Action], version: str, gate: Gate | None = None) -> RpcService:
    return RpcService(actions, version, gate)
