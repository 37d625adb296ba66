"""Reads that failed, and what they mean: a rule never passes, and a plan is never made, on a part not read.

Shared by the audit (a failed read makes the rules that depend on it fail) and the
plan (a failed read it depends on blocks it: "absent" and "not read" must never mix).
"""

from __future__ import annotations

from wizard.core.observed import FailedRead, Observed
from wizard.core.settings import Settings

_BUCKET_READS = ("GetBucket", "ListObjects", "GetObject")  # GetObject names bucket/key
_PROJECT_READS = ("GetProject", "ListAlerts", "GetLogStore", "GetLogsV2")


def blocking_read_errors(settings: Settings, observed: Observed) -> list[FailedRead]:
    """The failed reads the plan depends on. Another trail's bucket or project (which the least-privilege
    operator policy does not grant) only ever concerns that trail's findings, so it does not stop the plan."""
    bucket = settings.oss.bucket if settings.oss else None
    project = settings.sls.project if settings.sls else None

    def matters(what: str) -> bool:
        api, _, target = what.partition(" ")
        if api.startswith(_BUCKET_READS):
            return target.split("/")[0] == bucket
        if api in _PROJECT_READS:
            return target.split("/")[0] == project
        return True
    return [e for e in observed.read_errors if matters(e.what)]


def read_error(observed: Observed, *needles: str) -> str | None:
    """\"could not read X: CODE\" for the first failed read whose target names one of the needles."""
    for error in observed.read_errors:
        if any(needle in error.what for needle in needles):
            return f"could not read {error.what}: {error.code}"
    return None
