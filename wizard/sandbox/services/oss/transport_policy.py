"""The bucket policy's acs:SecureTransport condition, honoured per request now that the sandbox speaks HTTPS.

A Deny statement of the bucket's policy whose condition is `Bool acs:SecureTransport false` refuses
(403 AccessDenied) a request that came over plain HTTP, when its Action and Resource match the request.
Only that condition is evaluated here: the rest of bucket-policy and RAM authorisation is issue 16's.

Assumption (the bucket-policy pages say a policy applies to other accounts and RAM users): the bucket
owner's root account is not subject to its own bucket policy, so the sandbox account's own key is never
refused by it; a RAM user's key or another account's is.
"""

from __future__ import annotations

import json
from fnmatch import fnmatchcase
from typing import Any

from ...http.protocol import ApiError
from ...state.context import Context


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def _insecure_only(statement: dict) -> bool:
    values = (statement.get("Condition") or {}).get("Bool", {}).get("acs:SecureTransport")
    return values is not None and [str(v).lower() for v in _as_list(values)] == ["false"]


def _matches(statement: dict, action: str, resource: str) -> bool:
    actions = [str(a) for a in _as_list(statement.get("Action", []))]
    resources = [str(r) for r in _as_list(statement.get("Resource", []))]
    principals = [str(p) for p in _as_list(statement.get("Principal", []))]
    return ("*" in principals and any(fnmatchcase(action, a) for a in actions)
            and any(fnmatchcase(resource, r) for r in resources))


def check(ctx: Context, secure: bool, bucket: dict | None, operation: str, key: str | None) -> None:
    """Refuse a plain-HTTP request that the bucket's policy denies without TLS."""
    if secure or bucket is None or not bucket.get("Policy") or ctx.caller is None:
        return
    if ctx.caller.user_name is None and ctx.caller.account_id == bucket.get("Owner"):
        return  # the owner's root account
    try:
        statements = _as_list(json.loads(bucket["Policy"]).get("Statement", []))
    except (ValueError, AttributeError):
        return
    resource = f"acs:oss:*:{bucket.get('Owner')}:{bucket['Name']}" + (f"/{key}" if key else "")
    for statement in statements:
        if isinstance(statement, dict) and statement.get("Effect") == "Deny" and _insecure_only(statement) \
                and _matches(statement, f"oss:{operation}", resource):
            raise ApiError(403, "AccessDenied", "You have no right to access this bucket: the bucket policy denies "
                           "requests that are not sent over HTTPS (acs:SecureTransport).", EC="0003-00000201")
