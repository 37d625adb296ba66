"""The marker: one harmless call the trail records, whose RequestId `verify` then looks for.

GetTrailStatus when the trail records reads (the auditor's policy allows it), else UpdateTrail with only the
trail's name: a write that changes nothing. Retried like every call (cloud/retry.py); a refusal is a CloudError
naming the RAM action it needed.
"""

from __future__ import annotations

from dataclasses import dataclass

from wizard.cloud.errors import required
from wizard.cloud.retry import RetryPolicy
from wizard.cloud.session import Session
from wizard.core.delivery import Marker


@dataclass(frozen=True)
class Made:
    request_id: str
    is_logging: bool | None = None  # a GetTrailStatus marker says whether the trail records at all


def make_marker(session: Session, marker: Marker, retry: RetryPolicy | None = None) -> Made:
    from alibabacloud_actiontrail20200706 import models

    client = session.actiontrail()
    retry = retry or RetryPolicy(attempts=3, base_delay=0.2, max_delay=1.0)
    if marker.api == "GetTrailStatus":
        request = models.GetTrailStatusRequest(name=marker.params["Name"],
                                               is_organization_trail=bool(marker.params.get("IsOrganizationTrail")))
        body = retry.run(lambda: client.get_trail_status(request).body, "actiontrail", "GetTrailStatus")
        return Made(str(required(body.request_id, "RequestId")), bool(body.is_logging))
    if marker.api == "UpdateTrail":
        request = models.UpdateTrailRequest(name=marker.params["Name"])
        body = retry.run(lambda: client.update_trail(request).body, "actiontrail", "UpdateTrail")
        return Made(str(required(body.request_id, "RequestId")))
    raise ValueError(f"no marker call {marker.api}")
