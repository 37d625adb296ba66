"""One call module per service; importing this package registers every call in registry.CALLS."""

from wizard.cloud.apply.calls import actiontrail, kms, oss, rpc, sls  # noqa: F401 - they register their calls
from wizard.cloud.apply.calls.registry import ALREADY_DONE, CALLS

__all__ = ["ALREADY_DONE", "CALLS"]
