"""STS handlers: who is calling (GetCallerIdentity), and AssumeRole's temporary keys for a RAM role.

GetCallerIdentity needs no permission. AssumeRole needs both halves that "How RAM evaluates policies when a role
is assumed" names: the caller's sts:AssumeRole on the role's ARN (checked by the gate, iam/) and the role's trust
policy naming the caller (checked here). The key it issues ("STS." id, a secret and a security token every request
must carry) acts as the role's session until it expires on the sandbox clock; an optional Policy narrows the session.
"""

from __future__ import annotations

import re

from ...http.protocol import ApiError
from ...http.rpc import integer, require
from ...iam.identity import identity_of
from ...iam.policy import ALLOW, Request, evaluate
from ...state import clock
from ..ram import models as ram

_SESSION_NAME = re.compile(r"^[A-Za-z0-9.@_-]{2,64}$")
MIN_DURATION = 900


def get_caller_identity(ctx, params):
    identity = identity_of(ctx.store, ctx.caller) if ctx.caller else None
    account = ctx.account_id
    if identity is None or identity.type == "root-account":
        return {"AccountId": account, "UserId": account, "Arn": f"acs:ram::{account}:root", "IdentityType": "Account",
                "PrincipalId": account}
    if identity.type == "ram-user":
        return {"AccountId": account, "UserId": identity.principal_id, "Arn": identity.arn, "IdentityType": "RAMUser",
                "PrincipalId": identity.principal_id}
    role_id = identity.principal_id.split(":", 1)[0]
    return {"AccountId": account, "UserId": identity.principal_id, "Arn": identity.arn,
            "IdentityType": "AssumedRoleUser", "PrincipalId": identity.principal_id, "RoleId": role_id}


def _role_of(ctx, arn: str) -> dict:
    parts = arn.split(":", 4)
    if len(parts) != 5 or parts[0] != "acs" or parts[1] != "ram" or not parts[4].startswith("role/"):
        raise ApiError(400, "InvalidParameter.RoleArn", f"The parameter RoleArn {arn!r} is not a role ARN.")
    if parts[3] != ctx.account_id:
        raise ApiError(403, "NoPermission", "You are not authorized to assume a role of another account here.")
    found = ram.role_by_arn(ctx.store, arn)
    if found is None:
        raise ApiError(404, "EntityNotExist.Role", f"The role does not exist: {arn}")
    return found


def _checked_policy(text: str | None) -> str:
    if not text:
        return ""
    try:
        return ram.checked_document(text)
    except ApiError:
        raise ApiError(400, "InvalidParameter.PolicyGrammar", "The parameter Policy has not passed grammar check.") \
            from None


def assume_role(ctx, params):
    require(params, "RoleArn", "RoleSessionName")
    session = params["RoleSessionName"]
    if not _SESSION_NAME.match(session):
        raise ApiError(400, "InvalidParameter.RoleSessionName", "RoleSessionName must be 2-64 of A-Z a-z 0-9 . @ - _.")
    role = _role_of(ctx, params["RoleArn"])
    maximum = int(role.get("MaxSessionDuration") or 3600)
    duration = integer(params, "DurationSeconds", 3600 if maximum >= 3600 else maximum, MIN_DURATION, maximum)
    caller = identity_of(ctx.store, ctx.caller)
    trusted = evaluate([("AssumeRolePolicy", role.get("AssumeRolePolicyDocument"))],
                       Request("sts:AssumeRole", None, {}, caller.caller), resource_based=True)
    if trusted.decision != ALLOW:
        raise ApiError(403, "NoPermission", f"You are not authorized to assume role {params['RoleArn']}: its trust "
                       "policy does not name you.")
    expires = ctx.now() + duration
    key = ctx.accounts.create_session_key(ctx.account_id, f"assumed-role/{role['RoleName']}/{session}", expires,
                                          _checked_policy(params.get("Policy")))
    arn = f"acs:ram::{ctx.account_id}:role/{role['RoleName'].lower()}/{session}"
    return {"Credentials": {"AccessKeyId": key.access_key_id, "AccessKeySecret": key.access_key_secret,
                            "SecurityToken": key.security_token, "Expiration": clock.iso_seconds(expires)},
            "AssumedRoleUser": {"AssumedRoleId": f"{role['RoleId']}:{session}", "Arn": arn},
            "SourceIdentity": params.get("SourceIdentity", "")}


ACTIONS = {"GetCallerIdentity": get_caller_identity, "AssumeRole": assume_role}
