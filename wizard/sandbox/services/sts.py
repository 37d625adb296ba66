"""STS: placeholder until the RPC layer lands (helper S1 replaces this file)."""

from ..protocol import Response


def handle(ctx, request):
    import json
    body = {"RequestId": ctx.request_id(), "AccountId": ctx.account.account_id,
            "Arn": f"acs:ram::{ctx.account.account_id}:root", "UserId": ctx.account.account_id,
            "IdentityType": "Account", "PrincipalId": ctx.account.account_id}
    return Response(200, {"Content-Type": "application/json"}, json.dumps(body).encode())
