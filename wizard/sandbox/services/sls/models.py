"""SLS state: projects, Logstores, alert rules and alert resource records, and the rules that need them.

Store kinds: "sls.project" (name; names are unique across regions and accounts, so the project, its
Logstores, alerts, indexes and logs are shared kinds and each project carries its owner), "sls.logstore" and
"sls.alert" ("<project>/<name>"), "sls.record" ("<region>/<resource>/<record id>", per account), "sls.index"
("<project>/<logstore>") and "sls.log" ("<project>/<logstore>/<sequence>").
ActionTrail calls ensure_actiontrail_logstore for a trail delivering to SLS; the
Logstore encryption rules are in encryption.py.
"""

from __future__ import annotations

from ...http.protocol import ApiError
from ...state import clock
from ...state.scope import shared
from ...state.store import Store
from . import encryption

PROJECT_KIND, LOGSTORE_KIND, ALERT_KIND = shared("sls.project", "sls.logstore", "sls.alert")
# "<project>/<logstore>/<sequence>": the logs PutLogs wrote; "<project>/<logstore>": its index (CreateIndex)
LOG_KIND, INDEX_KIND = shared("sls.log", "sls.index")
RECORD_KIND = "sls.record"  # per account
# The Logstore ActionTrail creates keeps data "permanently" (SLS help, "ActionTrail events": "By default,
# this LogStore is configured for permanent retention"), which the API shows as ttl 3650.
ACTIONTRAIL_LOGSTORE_TTL = 3650
# Alert resources (the <resource> of /resources/<resource>/records) whose records other records name.
USERS, WEBHOOKS, ACTION_POLICIES = "sls.common.user", "sls.alert.action_webhook", "sls.alert.action_policy"
BUILTIN_ACTION_POLICIES = ("sls.builtin", "sls.app.actiontrail.builtin")


def _invalid(message: str) -> ApiError:
    return ApiError(400, "ParameterInvalid", message)


# projects -----------------------------------------------------------------------------------
def project(store: Store, name: str) -> dict | None:
    """The calling account's project of that name (None when there is none, or another account owns it)."""
    found = store.get(PROJECT_KIND, name)
    return found if found is not None and found.get("owner") == store.account_id else None


def owner_of(store: Store, name: str) -> str:
    """The account owning the project of that name, whichever account asks ("" when there is none)."""
    return (store.get(PROJECT_KIND, name) or {}).get("owner", "")


def existing_project(store: Store, name: str, region: str) -> dict:
    """The project; it must exist in the endpoint's region, and belong to the caller.

    Assumption (the error table names no code for it): another account's project answers 401 Unauthorized
    with the "denied by sts or ram" message SLS gives a key that may not act on a resource."""
    found = store.get(PROJECT_KIND, name)
    if found is None or found["region"] != region:
        raise ApiError(404, "ProjectNotExist", f"Project {name} does not exist.")
    if found.get("owner") != store.account_id:
        raise ApiError(401, "Unauthorized", f"denied by sts or ram, action: log:*, resource: "
                       f"acs:log:{region}:{store.account_id}:project/{name}")
    return found


def projects(store: Store) -> list[dict]:
    """The calling account's projects."""
    return [p for p in store.list(PROJECT_KIND) if p.get("owner") == store.account_id]


def create_project(store: Store, name: str, region: str, owner: str, description: str, resource_group: str,
                   redundancy: str, recycle_bin: bool) -> None:
    with store.transaction():
        if store.get(PROJECT_KIND, name):  # whoever owns it: names are global
            raise ApiError(400, "ProjectAlreadyExist", f"Project {name} already exist.")
        now = str(int(clock.now(store)))
        store.put(PROJECT_KIND, name, {
            "projectName": name, "description": description, "region": region, "status": "Normal",
            "owner": owner, "createTime": now, "lastModifyTime": now,
            "resourceGroupId": resource_group, "dataRedundancyType": redundancy, "recycleBinEnabled": recycle_bin,
            "internetEndpoint": f"{region}.log.aliyuncs.com",
            "internalEndpoint": f"{region}-intranet.log.aliyuncs.com",
        })


# Logstores ----------------------------------------------------------------------------------
def logstore_doc(name: str, ttl: int, now: float, shard_count: int = 2, encrypt_conf: dict | None = None,
                 **extra) -> dict:
    doc = {"logstoreName": name, "ttl": ttl, "shardCount": shard_count, "autoSplit": True, "maxSplitShard": 64,
           "appendMeta": True, "enable_tracking": False, "telemetryType": "", "mode": "standard",
           "createTime": int(now), "lastModifyTime": int(now), **extra}
    if encrypt_conf:
        doc["encrypt_conf"] = encrypt_conf
    return doc


def ensure_actiontrail_logstore(store: Store, project_name: str, logstore: str, now: float) -> None:
    """The Logstore a trail delivering to SLS writes to.

    Assumption (the docs are silent): when a Logstore of that name already
    exists, ActionTrail uses it as it is: its TTL and encryption are kept. That
    is why the wizard creates it first, encrypted and with its TTL.
    """
    key = f"{project_name}/{logstore}"
    with store.transaction():
        if store.get(LOGSTORE_KIND, key) is None:
            store.put(LOGSTORE_KIND, key, logstore_doc(logstore, ACTIONTRAIL_LOGSTORE_TTL, now))


def existing_logstore(store: Store, region: str, project_name: str, name: str) -> dict:
    existing_project(store, project_name, region)
    found = store.get(LOGSTORE_KIND, f"{project_name}/{name}")
    if found is None:
        raise ApiError(404, "LogStoreNotExist", f"Logstore {name} does not exist.")
    return found


def logstore_exists(store: Store, project_name: str, name: str) -> bool:
    return store.get(LOGSTORE_KIND, f"{project_name}/{name}") is not None


def logstores(store: Store, region: str, project_name: str) -> list[dict]:
    existing_project(store, project_name, region)
    return store.list(LOGSTORE_KIND, f"{project_name}/")


def create_logstore(store: Store, region: str, project_name: str, name: str, ttl: int, shards: int,
                    conf: dict | None, extra: dict) -> None:
    with store.transaction():
        found = existing_project(store, project_name, region)
        if store.get(LOGSTORE_KIND, f"{project_name}/{name}"):
            raise ApiError(400, "LogStoreAlreadyExist", f"Logstore {name} already exists.")
        if conf:
            encryption.check_key_usable(store, conf, found["region"])
        store.put(LOGSTORE_KIND, f"{project_name}/{name}",
                  logstore_doc(name, ttl, clock.now(store), shards, conf, **extra))


def _new_encryption(store: Store, region: str, current: dict, conf: dict) -> dict:
    old = current.get("encrypt_conf")
    new = encryption.changed(old, conf)
    if not old:
        encryption.check_key_usable(store, new, region)
    return new


def update_logstore(store: Store, region: str, project_name: str, name: str, ttl: int | None, conf: dict | None,
                    kept: dict) -> None:
    """A new TTL, encryption (once set, only `enable` may change) and the settings kept as sent."""
    with store.transaction():
        found = existing_logstore(store, region, project_name, name)
        if ttl is not None:
            found["ttl"] = ttl
        if conf is not None:
            found["encrypt_conf"] = _new_encryption(store, region, found, conf)
        found.update({k: v for k, v in kept.items() if v is not None})
        for field in [k for k, v in kept.items() if v is None]:
            found.pop(field, None)
        found["lastModifyTime"] = int(clock.now(store))
        store.put(LOGSTORE_KIND, f"{project_name}/{name}", found)


def set_logstore_encryption(store: Store, region: str, project_name: str, name: str, conf: dict) -> None:
    with store.transaction():
        found = existing_logstore(store, region, project_name, name)
        found["encrypt_conf"] = _new_encryption(store, region, found, conf)
        found["lastModifyTime"] = int(clock.now(store))
        store.put(LOGSTORE_KIND, f"{project_name}/{name}", found)


# alert rules --------------------------------------------------------------------------------
def existing_alert(store: Store, region: str, project_name: str, name: str) -> dict:
    existing_project(store, project_name, region)
    found = store.get(ALERT_KIND, f"{project_name}/{name}")
    if found is None:
        raise ApiError(404, "JobNotExist", f"Job {name} does not exist.")
    return found


def alerts(store: Store, region: str, project_name: str) -> list[dict]:
    existing_project(store, project_name, region)
    return store.list(ALERT_KIND, f"{project_name}/")


def create_alert(store: Store, region: str, project_name: str, name: str, definition: dict) -> None:
    with store.transaction():
        existing_project(store, project_name, region)
        if store.get(ALERT_KIND, f"{project_name}/{name}"):
            raise ApiError(400, "JobAlreadyExist", f"Job {name} already exists.")
        now = int(clock.now(store))
        store.put(ALERT_KIND, f"{project_name}/{name}", {"name": name, **definition, "status": "ENABLED",
                                                         "createTime": now, "lastModifiedTime": now})


def update_alert(store: Store, region: str, project_name: str, name: str, changes: dict) -> None:
    """Replace the alert's definition (`changes`) or its status."""
    with store.transaction():
        found = existing_alert(store, region, project_name, name)
        found.update(changes)
        found["lastModifiedTime"] = int(clock.now(store))
        store.put(ALERT_KIND, f"{project_name}/{name}", found)


def delete_alert(store: Store, region: str, project_name: str, name: str) -> None:
    with store.transaction():
        existing_alert(store, region, project_name, name)
        store.delete(ALERT_KIND, f"{project_name}/{name}")


# alert resource records ---------------------------------------------------------------------
def record(store: Store, region: str, resource: str, record_id: str) -> dict | None:
    return store.get(RECORD_KIND, f"{region}/{resource}/{record_id}")


def existing_record(store: Store, region: str, resource: str, record_id: str) -> dict:
    found = record(store, region, resource, record_id)
    if found is None:
        raise ApiError(404, "RecordNotExist", f"record {record_id} of {resource} does not exist.")
    return found


def records(store: Store, region: str, resource: str) -> list[dict]:
    return store.list(RECORD_KIND, f"{region}/{resource}/")


def write_record(store: Store, region: str, resource: str, record_id: str, tag: str, value: str) -> None:
    """Create or replace a record; a replaced record keeps its createTime."""
    now = int(clock.now(store))
    existing = record(store, region, resource, record_id)
    store.put(RECORD_KIND, f"{region}/{resource}/{record_id}", {
        "id": record_id, "tag": tag, "value": value,
        "createTime": existing["createTime"] if existing else now, "lastModifyTime": now})


def delete_record(store: Store, region: str, resource: str, record_id: str) -> None:
    with store.transaction():
        existing_record(store, region, resource, record_id)
        store.delete(RECORD_KIND, f"{region}/{resource}/{record_id}")


def check_action_policy_exists(store: Store, region: str, policy_id: str) -> None:
    """An alert rule may only name an action policy that exists (built-in ones always do)."""
    if policy_id and not policy_id.startswith(BUILTIN_ACTION_POLICIES) and record(store, region, ACTION_POLICIES,
                                                                                   policy_id) is None:
        raise _invalid(f"configuration.policyConfiguration.actionPolicyId {policy_id} does not exist "
                       "(create it with UpsertResourceRecord on sls.alert.action_policy first).")


# indexes and logs (PutLogs, GetLogs) ------------------------------------------------------------
def set_index(store: Store, region: str, project_name: str, name: str, index: dict) -> None:
    """CreateIndex: a Logstore has at most one index configuration."""
    with store.transaction():
        existing_logstore(store, region, project_name, name)
        if store.get(INDEX_KIND, f"{project_name}/{name}"):
            raise ApiError(400, "IndexAlreadyExist", f"log store index of {name} is already created.")
        store.put(INDEX_KIND, f"{project_name}/{name}", index)


def append_logs(store: Store, region: str, project_name: str, name: str, topic: str, source: str,
                logs: list[dict]) -> None:
    """PutLogs: each log keeps its time and fields; received order breaks ties in time."""
    with store.transaction():
        existing_logstore(store, region, project_name, name)
        count = int(store.meta(f"{LOG_KIND}/{project_name}/{name}", "0") or 0)
        for log in logs:
            count += 1
            store.put(LOG_KIND, f"{project_name}/{name}/{count:012d}", {**log, "__topic__": topic,
                                                                         "__source__": source, "_seq": count})
        store.set_meta(f"{LOG_KIND}/{project_name}/{name}", str(count))


ACTIONTRAIL_INDEX = {"line": {"token": [",", " ", ";", "=", "(", ")", "[", "]", "{", "}", "?", "@", "&", "<", ">", "/",
                              ":", "\n", "\t"], "caseSensitive": False},
                     "keys": {"event": {"type": "json", "caseSensitive": False, "jsonKeys": {}}}}


def deliver_actiontrail_logs(store: Store, region: str, project_name: str, name: str, topic: str, source: str,
                             logs: list[dict]) -> None:
    """ActionTrail's delivery into its Logstore: the Logstore must still exist, its encryption key be usable;
    the index ActionTrail's Logstore comes with (the `event` field as JSON) is added when the Logstore has none."""
    with store.transaction():
        found = existing_logstore(store, region, project_name, name)
        if found.get("encrypt_conf"):
            encryption.check_key_usable(store, found["encrypt_conf"], region)
        if store.get(INDEX_KIND, f"{project_name}/{name}") is None:
            store.put(INDEX_KIND, f"{project_name}/{name}", ACTIONTRAIL_INDEX)
        append_logs(store, region, project_name, name, topic, source, logs)


def log_count(store: Store, project_name: str, name: str) -> int:
    """How many logs the Logstore has received (their sequence numbers run 1..count)."""
    return int(store.meta(f"{LOG_KIND}/{project_name}/{name}", "0") or 0)


def logs_after(store: Store, project_name: str, name: str, seen: int) -> list[dict]:
    """The logs received after the first `seen` ones, in arrival order."""
    prefix = f"{project_name}/{name}/"
    return store.between(LOG_KIND, f"{prefix}{seen:012d}", f"{prefix}{'9' * 12}")


def query_logs(store: Store, region: str, project_name: str, name: str, start: int, end: int,
               topic: str | None) -> list[dict]:
    """The logs of [start, end) (their __time__), oldest first; GetLogs needs the Logstore's index."""
    existing_logstore(store, region, project_name, name)
    if store.get(INDEX_KIND, f"{project_name}/{name}") is None:
        raise ApiError(400, "IndexConfigNotExist", "The index configuration does not exist for this logstore.")
    logs = [log for log in store.list(LOG_KIND, f"{project_name}/{name}/")
            if start <= int(log["__time__"]) < end and (topic is None or log["__topic__"] == topic)]
    return sorted(logs, key=lambda log: (int(log["__time__"]), log["_seq"]))
