"""Who the credentials belong to: GetCallerIdentity, the only call needed to start."""

from __future__ import annotations

from .errors import CloudError


def caller_identity(session) -> tuple[str, str]:
    """(account id, caller ARN)."""
    try:
        body = session.sts().get_caller_identity().body
    except Exception as error:  # noqa: BLE001 - nothing can be read without an identity
        raise CloudError.from_sdk(error, "sts", "GetCallerIdentity") from None
    return body.account_id, body.arn or ""
