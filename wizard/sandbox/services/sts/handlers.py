"""STS handlers: who is calling (always the sandbox account's root identity)."""

from __future__ import annotations


def get_caller_identity(ctx, params):
    account = ctx.account.account_id
    return {"AccountId": account, "UserId": account, "Arn": f"acs:ram::{account}:root", "IdentityType": "Account",
            "PrincipalId": account}


ACTIONS = {"GetCallerIdentity": get_caller_identity}
