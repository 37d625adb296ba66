"""STS handlers: who is calling, as the signing key resolves (the account's root, or one of its RAM users)."""

from __future__ import annotations

from ..ram import models as ram


def get_caller_identity(ctx, params):
    account = ctx.account_id
    user = ctx.caller.user_name if ctx.caller else None
    if user:
        found = ram.find_entity(ctx.store, "User", user) or {}
        user_id = found.get("UserId", "")
        return {"AccountId": account, "UserId": user_id, "Arn": f"acs:ram::{account}:user/{user}",
                "IdentityType": "RAMUser", "PrincipalId": user_id}
    return {"AccountId": account, "UserId": account, "Arn": f"acs:ram::{account}:root", "IdentityType": "Account",
            "PrincipalId": account}


ACTIONS = {"GetCallerIdentity": get_caller_identity}
