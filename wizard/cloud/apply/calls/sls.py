"""Log Service calls (Tea ROA client): the project, the Logstore, its encryption, the alerts and who they notify."""

from __future__ import annotations

from wizard.cloud.apply.calls.registry import call, from_the_service
from wizard.cloud.errors import CloudError

TAKEN_HINT = ("the project name belongs to another Alibaba Cloud account (SLS project names are global): choose "
              "another sls.project")


def _sls_done(response) -> dict:
    headers = getattr(response, "headers", None) or {}
    return {"RequestId": from_the_service(headers.get("x-log-requestid", ""), "x-log-requestid")}


@call("sls", "CreateProject")
def _create_project(session, p):
    """Create the project. ProjectAlreadyExist is "done" only when the project is ours (a resumed run made it);
    project names are global, so it may be another account's, and then nothing we plan can use it."""
    from alibabacloud_sls20201230 import models

    try:
        return _sls_done(session.sls().create_project(models.CreateProjectRequest().from_map(p)))
    except Exception as raw:  # noqa: BLE001 - becomes a CloudError below
        error = CloudError.from_sdk(raw, "sls", "CreateProject")
        if error.code != "ProjectAlreadyExist":
            raise error from None
    try:
        session.sls().get_project(p["projectName"], models.GetProjectRequest())
    except Exception:  # noqa: BLE001 - not readable by us: someone else's
        raise CloudError("sls", "CreateProject", error.code, error.detail, error.request_id, error.status,
                         hint=TAKEN_HINT) from None
    return {"RequestId": error.request_id, "AlreadyExisted": True}


@call("sls", "CreateLogStore")
def _create_logstore(session, p):
    from alibabacloud_sls20201230 import models

    body = {k: v for k, v in p.items() if k != "project"}
    return _sls_done(session.sls().create_log_store(p["project"], models.CreateLogStoreRequest().from_map(body)))


@call("sls", "UpdateLogStore")
def _update_logstore(session, p):
    from alibabacloud_sls20201230 import models

    body = {k: v for k, v in p.items() if k not in ("project", "logstore")}
    return _sls_done(session.sls().update_log_store(p["project"], p["logstore"],
                                                    models.UpdateLogStoreRequest().from_map(body)))


@call("sls", "UpdateLogStoreEncryption")
def _update_logstore_encryption(session, p):
    from alibabacloud_sls20201230 import models

    body = {k: v for k, v in p.items() if k not in ("project", "logstore")}
    return _sls_done(session.sls().update_log_store_encryption(
        p["project"], p["logstore"], models.UpdateLogStoreEncryptionRequest().from_map(body)))


@call("sls", "CreateAlert")
def _create_alert(session, p):
    from alibabacloud_sls20201230 import models

    body = {k: v for k, v in p.items() if k != "project"}
    return _sls_done(session.sls().create_alert(p["project"], models.CreateAlertRequest().from_map(body)))


@call("sls", "EnableAlert")
def _enable_alert(session, p):
    return _sls_done(session.sls().enable_alert(p["project"], p["alertName"]))



@call("sls", "UpdateAlert")
def _update_alert(session, p):
    from alibabacloud_sls20201230 import models

    body = models.UpdateAlertRequest().from_map({k: v for k, v in p.items() if k not in ("project", "alertName")})
    return _sls_done(session.sls().update_alert(p["project"], p["alertName"], body))


@call("sls", "CreateIndex")
def _create_index(session, p):
    from alibabacloud_sls20201230 import models

    return _sls_done(session.sls().create_index(p["project"], p["logstore"],
                                                models.CreateIndexRequest(body=models.Index().from_map(p["index"]))))


@call("sls", "PutLogs")
def _put_logs(session, p):
    """One log (the approved settings), stamped now; the topic names the trail it belongs to."""
    import time

    from alibabacloud_sls20201230 import models

    item = models.LogItem(time=int(time.time()), contents=[models.LogContent(key=c["key"], value=c["value"])
                                                           for c in p["contents"]])
    group = models.LogGroup(topic=p["topic"], source="", log_tags=[], log_items=[item])
    return _sls_done(session.sls().put_logs(p["project"], p["logstore"], models.PutLogsRequest(body=group)))


@call("sls", "UpsertResourceRecord")
def _upsert_resource_record(session, p):
    """Alert users, webhooks and action policies: an upsert, so a resumed run simply writes them again. A DingTalk
    token (${env:NAME}) is read here, just before it is sent, and nowhere else."""
    from alibabacloud_sls20201230 import models

    from wizard.cloud.secrets import resolve_references

    records = [{**r, "value": resolve_references(r["value"])} for r in p["records"]]
    request = models.UpsertResourceRecordRequest().from_map({"records": records})
    return _sls_done(session.sls().upsert_resource_record(p["resourceName"], request))
