"""SLS documents in the sandbox store, and the Logstore ActionTrail creates for a trail."""

from __future__ import annotations

PROJECT_KIND = "sls.project"
LOGSTORE_KIND = "sls.logstore"
ALERT_KIND = "sls.alert"
# The Logstore ActionTrail creates keeps data "permanently" (SLS help, "ActionTrail events": "By default,
# this LogStore is configured for permanent retention"), which the API shows as ttl 3650.
ACTIONTRAIL_LOGSTORE_TTL = 3650


def logstore_doc(name: str, ttl: int, now: float, shard_count: int = 2, encrypt_conf: dict | None = None,
                 **extra) -> dict:
    doc = {"logstoreName": name, "ttl": ttl, "shardCount": shard_count, "autoSplit": True, "maxSplitShard": 64,
           "appendMeta": True, "enable_tracking": False, "telemetryType": "", "mode": "standard",
           "createTime": int(now), "lastModifyTime": int(now), **extra}
    if encrypt_conf:
        doc["encrypt_conf"] = encrypt_conf
    return doc


def ensure_actiontrail_logstore(store, project: str, logstore: str, now: float) -> None:
    """The Logstore a trail delivering to SLS writes to.

    Assumption (the docs are silent): when a Logstore of that name already
    exists, ActionTrail uses it as it is: its TTL and encryption are kept. That
    is why the wizard creates it first, encrypted and with its TTL.
    """
    key = f"{project}/{logstore}"
    with store.transaction():
        if store.get(LOGSTORE_KIND, key) is None:
            store.put(LOGSTORE_KIND, key, logstore_doc(logstore, ACTIONTRAIL_LOGSTORE_TTL, now))
