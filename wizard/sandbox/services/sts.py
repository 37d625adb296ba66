"""STS 2015-04-01: GetCallerIdentity, which the wizard uses to learn the account id."""

from __future__ import annotations

from ..http.rpc import rpc_service


def get_caller_identity(ctx, params):
    account = ctx.account.account_id
    return {"AccountId": account, "UserId": account, "Arn": f"acs:ram::{account}:root", "IdentityType": "Account",
            "PrincipalId": account}


_service = rpc_service({"GetCallerIdentity": get_caller_identity}, "2015-04-01")
operation, handle, render_error = _service.operation, _service.handle, _service.render_error
