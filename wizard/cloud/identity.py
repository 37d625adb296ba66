"""Who the credentials belong to: GetCallerIdentity, the only call needed to start."""

from __future__ import annotations

from wizard.cloud.errors import CloudError, required
from wizard.cloud.permission import remember_caller


def caller_identity(session) -> tuple[str, str]:
    """(account id, caller ARN)."""
    try:
        body = session.sts().get_caller_identity().body
    except Exception as error:  # noqa: BLE001 - nothing can be read without an identity
        raise CloudError.from_sdk(error, "sts", "GetCallerIdentity") from None
    try:
        account = required(body.account_id, "AccountId")
        remember_caller(body.arn or "")
        return account, body.arn or ""
    except CloudError as error:
        raise CloudError.from_sdk(error, "sts", "GetCallerIdentity") from None
