"""Where each protocol hands a signed request to RAM authorisation: the facts it knows, and its own denial.

RPC services pass `rpc_gate(service)` to their RpcService (http/rpc.py calls it after the signature, before the
action); OSS and SLS call `oss_gate` / `sls_gate` from their handle() the same way. A refusal becomes the
service's ApiError (denials.py); the request log reads the outcome from ctx.authorization.

The service packages import this module while they are being imported, and authorisation reads RAM's state
(services/ram): so authorize.py is imported when the first request is judged, never at import time.
"""

from __future__ import annotations

from typing import Callable

from ..http.protocol import ApiError, Request
from .needs import Facts


def _checked(service: str, ctx, facts: Facts, resource_policy: str | None = None, wanted=None) -> None:
    from .authorize import authorize
    from .denials import Denied, as_api_error

    try:
        authorize(ctx, facts, resource_policy, wanted)
    except Denied as denied:
        raise as_api_error(service, denied) from None


def rpc_gate(service: str, resolve_key: Callable | None = None):
    """The gate of an RPC service; `resolve_key(ctx, ref)` names KMS keys (id, ARN or alias -> key id)."""
    def gate(ctx, request: Request, operation: str, params: dict) -> None:
        own = ctx.caller.user_name if ctx.caller else None
        facts = Facts(service, operation, ctx.region, ctx.account_id, {**params, "_caller_user": own or ""},
                      resolve_key=(lambda ref: resolve_key(ctx, ref)) if resolve_key else (lambda ref: None),
                      secure=request.secure, source_ip=request.client)
        _checked(service, ctx, facts)
    return gate


def oss_gate(ctx, request: Request, operation: str, bucket: dict | None, bucket_name: str | None,
             key: str | None) -> None:
    """OSS: the bucket's owner and region name the ARN; its bucket policy is the resource-based policy."""
    facts = Facts("oss", operation, (bucket or {}).get("Region") or ctx.region, ctx.account_id, dict(request.query),
                  owner=(bucket or {}).get("Owner", ""), bucket=bucket_name or "", key=key or "",
                  secure=request.secure, source_ip=request.client)
    _checked("oss", ctx, facts, (bucket or {}).get("Policy") or None)


def oss_object_key(ctx, request: Request, operation: str, action: str, bucket: dict, key_id: str) -> None:
    """An object encrypted with a customer key: the caller also needs `action` (kms:Decrypt to read it,
    kms:GenerateDataKey to write it) on that key, the OSS server-side encryption page says."""
    from .needs import Need

    region, owner = bucket.get("Region") or ctx.region, bucket.get("Owner") or ctx.account_id
    arn = key_id if key_id.startswith("acs:kms:") else f"acs:kms:{region}:{owner}:key/{key_id}"
    facts = Facts("oss", operation, region, ctx.account_id, {}, owner=owner, secure=request.secure,
                  source_ip=request.client)
    _checked("oss", ctx, facts, None, [Need(action, (arn,))])


def sls_gate(ctx, request: Request, operation: str, path_args: dict, body: dict, owner: str) -> None:
    """SLS: the project of the host (or of CreateProject's body), its owner, the path's names, the body's fields."""
    params = {**request.query, **path_args, **{k: body[k] for k in ("projectName", "logstoreName", "encrypt_conf",
                                                                     "userCmkInfo") if k in body}}
    facts = Facts("sls", operation, ctx.region, ctx.account_id, params, owner=owner,
                  project=ctx.subdomain or str(body.get("projectName") or ""), secure=request.secure,
                  source_ip=request.client)
    _checked("sls", ctx, facts)


__all__ = ["ApiError", "oss_gate", "oss_object_key", "rpc_gate", "sls_gate"]
