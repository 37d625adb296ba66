"""Discovery of one SLS project: the trail's Logstore and the project's alerts."""

from __future__ import annotations

from ..observed import AlertState, LogstoreState, ProjectState
from .reads import Reader
from .session import Session

def project(reader: Reader, session: Session, name: str,
            logstore: str) -> tuple[ProjectState, tuple[AlertState, ...]] | None:
    """The project with the trail's Logstore, and the project's alerts; None when it does not exist."""
    from alibabacloud_sls20201230 import models

    client = session.sls()
    found = reader.read("sls", "GetProject", name, lambda: client.get_project(name, models.GetProjectRequest()).body,
                        absent=("ProjectNotExist",))
    if found.value is None:
        return None
    store_f = reader.submit(reader.read, "sls", "GetLogStore", f"{name}/{logstore}",
                            lambda: client.get_log_store(name, logstore).body, ("LogStoreNotExist",))
    alerts_f = reader.submit(reader.read, "sls", "ListAlerts", name, lambda: client.list_alerts(
        name, models.ListAlertsRequest(offset=0, size=200)).body.results)
    store = store_f.result().value
    logstores = ()
    if store is not None:
        conf = store.encrypt_conf
        cmk = conf.user_cmk_info if conf else None
        logstores = (LogstoreState(name=logstore, ttl_days=int(store.ttl or 0), encrypted=bool(conf and conf.enable),
                                   encrypt_type=conf.encrypt_type if conf else None,
                                   cmk_key_id=cmk.cmk_key_id if cmk else None),)
    alerts = tuple(AlertState(project=name, name=a.name, enabled=(a.status or "").upper() == "ENABLED",
                              display_name=a.display_name or "") for a in (alerts_f.result().value or []))
    return ProjectState(name=name, region=found.value.region or session.region, logstores=logstores), alerts
