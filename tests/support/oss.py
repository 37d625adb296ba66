"""The OSS sandbox tests' helpers: the service error an oss-v2 call raised, bucket encryption set in one call,
and the sandbox clock moved on (WORM retention and expiry are days long)."""

from __future__ import annotations

import alibabacloud_oss_v2 as oss
import pytest


def service_error(excinfo) -> oss.exceptions.ServiceError:
    error = excinfo.value.unwrap() if isinstance(excinfo.value, oss.exceptions.OperationError) else excinfo.value
    assert isinstance(error, oss.exceptions.ServiceError), error
    return error


def put_sse(client, algorithm, key_id=None, bucket="trail-logs"):
    return client.put_bucket_encryption(oss.PutBucketEncryptionRequest(
        bucket=bucket,
        server_side_encryption_rule=oss.ServerSideEncryptionRule(
            apply_server_side_encryption_by_default=oss.ApplyServerSideEncryptionByDefault(
                sse_algorithm=algorithm, kms_master_key_id=key_id)),
    ))


def error_of(call) -> oss.exceptions.ServiceError:
    with pytest.raises(oss.exceptions.OperationError) as excinfo:
        call()
    return service_error(excinfo)


def advance_clock(sandbox, seconds: float) -> None:
    """Move the sandbox clock forward (the contract's meta key that Context.now() reads)."""
    offset = float(sandbox.store.meta("clock_offset", "0") or 0)
    sandbox.store.set_meta("clock_offset", str(offset + seconds))
