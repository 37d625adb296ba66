"""CreateDeliveryHistoryJob: when it is refused, the running job that holds the account's one slot is named.

Only one history job can run per account. The API reference states the limit but
names no error code for it, so the wizard does not guess one: it lists the jobs,
and a running one is named in the message with what to do.
"""

from __future__ import annotations

from wizard.cloud.apply.calls.registry import call
from wizard.cloud.discover.history_jobs import history_jobs
from wizard.cloud.errors import CloudError
from wizard.cloud.retry import is_transient
from wizard.core.history import start_command


@call("actiontrail", "CreateDeliveryHistoryJob")
def _create_history_job(session, params: dict) -> dict:
    from alibabacloud_actiontrail20200706 import models

    try:
        body = session.actiontrail().create_delivery_history_job(
            models.CreateDeliveryHistoryJobRequest(trail_name=params["TrailName"])).body
    except Exception as raw:  # noqa: BLE001 - becomes a CloudError, enriched when another job holds the slot
        error = CloudError.from_sdk(raw, "actiontrail", "CreateDeliveryHistoryJob")
        if is_transient(error):
            raise error from None
        raise _explained(session, error, params["TrailName"]) from None
    return {"RequestId": body.request_id or "", "JobId": body.job_id}


def _explained(session, error: CloudError, trail_name: str) -> CloudError:
    try:
        running = next((j for j in history_jobs(session) if j.running), None)
    except Exception:  # noqa: BLE001 - the original error is what matters; the lookup only adds a hint
        running = None
    if running is None:
        return error
    return CloudError(error.service, error.api, error.code, error.detail, error.request_id, error.status,
                      hint=f"history job {running.job_id} (trail {running.trail_name}) is still running, and only one "
                      "history job can run per account: wait for it to finish, then run "
                      f"`{start_command(trail_name)}`. The trail itself is set up and recording")


def require_logging(session, trail_name: str, organization: bool = False) -> None:
    """An irreversible step's last precondition, read right before it: the trail records (GetTrailStatus)."""
    from alibabacloud_actiontrail20200706 import models

    body = session.actiontrail().get_trail_status(models.GetTrailStatusRequest(
        name=trail_name, is_organization_trail=organization)).body
    if not (body and body.is_logging):
        raise CloudError("actiontrail", "GetTrailStatus", "TrailNotLogging", f"trail {trail_name} is not logging, "
                         "so the WORM lock was not taken: an irreversible step runs only while the trail records",
                         getattr(body, "request_id", "") or "")
