"""Discovery of SLS: a project (with its alerts), a trail's Logstore, the alerts' action policy and recipients.

The project name is all a Logstore read needs, so GetProject, ListAlerts and
GetLogStore go out together; a missing project makes the others "absent" too.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from typing import Callable

from wizard.cloud.discover.reads import Reader, Taken
from wizard.cloud.errors import CloudError, required
from wizard.cloud.session import Session
from wizard.core.observed import AlertState, LogstoreState

MISSING_PROJECT = ("ProjectNotExist",)
MISSING_RECORD = ("RecordNotExist", "ResourceRecordNotExist")
ACTION_POLICIES = "sls.alert.action_policy"
ALERT_PAGE = 200


@dataclass(frozen=True)
class ProjectRead:
    name: str
    region: str
    alerts: tuple[AlertState, ...]


def project(reader: Reader, session: Session, name: str, region: str) -> ProjectRead | Taken | None:
    """The project and its alerts; None when it does not exist, Taken when another account owns the name."""
    from alibabacloud_sls20201230 import models

    client = session.sls(region)

    def get_project():
        try:
            return _named(client.get_project(name, models.GetProjectRequest()).body, "project_name", "projectName")
        except Exception as raw:  # noqa: BLE001 - a denial may mean the name is someone else's
            error = CloudError.from_sdk(raw, "sls", "GetProject")
            if error.code == "Unauthorized" and not _listed(client, name):
                return Taken(f"sls://{name}")
            raise error from None

    found_f = reader.call("sls", "GetProject", name, get_project, MISSING_PROJECT)
    alerts_f = reader.call("sls", "ListAlerts", name, lambda: _all_alerts(client, name), MISSING_PROJECT)
    found = found_f.result()
    if isinstance(found.value, Taken):
        alerts_f.result()  # its refusal is recorded now, before discovery forgets the errors about names not ours
        return found.value
    if found.value is None and not found.failed:
        return None
    alerts = tuple(_alert(name, a) for a in (alerts_f.result().value or []))
    return ProjectRead(name, (found.value.region if found.value else None) or region, alerts)


def _listed(client, name: str) -> bool:
    """Does our own ListProject hold this project? (Project names are global: one we cannot list is another's.)"""
    from alibabacloud_sls20201230 import models

    found = client.list_project(models.ListProjectRequest(project_name=name, size=100)).body.projects or []
    return any(p.project_name == name for p in found)


def _alert(project_name: str, alert) -> AlertState:
    conf = alert.configuration
    queries = (conf.query_list if conf else None) or []
    routing = conf.policy_configuration if conf else None
    return AlertState(project=project_name, name=alert.name, enabled=(alert.status or "").upper() == "ENABLED",
                      display_name=alert.display_name or "", query=(queries[0].query or "") if queries else "",
                      action_policy=(routing.action_policy_id or "") if routing else "")


def action_policy(reader: Reader, session: Session, policy_id: str, region: str) -> Future:
    """Future[Read] of an alert action policy's primary script (None when it does not exist)."""
    import json

    from alibabacloud_sls20201230 import models

    def script() -> str:
        found = session.sls(region).get_resource_record(ACTION_POLICIES, policy_id,
                                                        models.GetResourceRecordRequest()).body
        return str(json.loads(found.value or "{}").get("primary_policy_script", ""))

    return reader.call("sls", "GetResourceRecord", f"{ACTION_POLICIES}/{policy_id}", script, MISSING_RECORD)


def resource_record(reader: Reader, session: Session, resource: str, record_id: str, region: str) -> Future:
    """Future[Read] of (resource, id, value JSON) of one SLS resource record (an alert recipient); None: absent."""
    from alibabacloud_sls20201230 import models

    def value() -> tuple[str, str, str]:
        found = session.sls(region).get_resource_record(resource, record_id, models.GetResourceRecordRequest()).body
        return resource, record_id, str(required(found, "body").value or "")

    return reader.call("sls", "GetResourceRecord", f"{resource}/{record_id}", value, MISSING_RECORD)


def _named(body, attribute: str, field: str):
    """The answer's body, if it carries the field every real one has."""
    required(getattr(required(body, "body"), attribute, None), field)
    return body


def _all_alerts(client, name: str) -> list:
    from alibabacloud_sls20201230 import models

    alerts: list = []
    while True:
        body = client.list_alerts(name, models.ListAlertsRequest(offset=len(alerts), size=ALERT_PAGE)).body
        required(body.total, "total")  # a list answer always counts its results, even zero
        alerts.extend(required(body.results, "results"))
        if not body.results or len(alerts) >= int(body.total or 0):
            return alerts


def logstore(reader: Reader, session: Session, project_name: str, name: str, region: str,
             on_key: Callable[[str, str], None] = lambda ref, region: None) -> LogstoreState | None:
    """The Logstore, or None when it (or its project) does not exist; on_key(ref, region) for a CMK."""
    client = session.sls(region)
    store = reader.call("sls", "GetLogStore", f"{project_name}/{name}",
                        lambda: _named(client.get_log_store(project_name, name).body, "ttl", "ttl"),
                        ("LogStoreNotExist", *MISSING_PROJECT)).result().value
    if store is None:
        return None
    conf = store.encrypt_conf
    cmk = conf.user_cmk_info if conf else None
    if cmk and cmk.cmk_key_id:
        on_key(cmk.cmk_key_id, cmk.region_id or region)
    return LogstoreState(name=name, ttl_days=int(store.ttl or 0), encrypted=bool(conf and conf.enable),
                         encrypt_type=(conf.encrypt_type or None) if conf else None,
                         cmk_key_id=(cmk.cmk_key_id or None) if cmk else None, settings=_settings(store))


# GetLogStore's attribute -> the field UpdateLogStore takes it back as
_SETTINGS = (("shard_count", "shardCount"), ("auto_split", "autoSplit"), ("max_split_shard", "maxSplitShard"),
             ("append_meta", "appendMeta"), ("enable_tracking", "enable_tracking"), ("hot_ttl", "hot_ttl"),
             ("infrequent_access_ttl", "infrequentAccessTTL"), ("mode", "mode"), ("telemetry_type", "telemetryType"))


def _settings(store) -> tuple[tuple[str, object], ...]:
    """What an UpdateLogStore must send back for the Logstore to keep its other settings."""
    return tuple((field, getattr(store, attribute)) for attribute, field in _SETTINGS
                 if getattr(store, attribute, None) not in (None, ""))
