"""The approved settings, as the account itself remembers them: who approved what, and when.

When an apply succeeds, its last write records the settings the operator approved
(never a secret: a DingTalk robot is a `dingtalk:env:NAME` reference) in the account:

* with OSS delivery, an object per approval in the log bucket, beside (never under)
  the trail's `AliyunLogs/` folder: `actiontrail-wizard/approved-settings/<trail>/<time>-<apply id>.json`,
  written with x-oss-forbid-overwrite, so that with the bucket's WORM retention the
  records are an append-only history that auditors read like the logs;
* with Log Service only, a log per approval in the Logstore `actiontrail-wizard-approvals`
  of the trail's project (topic: the trail), kept for good (TTL 3650) and append-only
  like any Logstore.

`audit`, `plan` and the wizard without a settings file start from the latest record.
Pure: the record as data and text, and its parsing; discovery reads it, the planner
writes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from wizard.core.settings import Settings
from wizard.core.settings_file import ConfigError, parse_settings, settings_to_mapping

RECORD_FORMAT = "actiontrail-wizard/approved-settings/1"
RECORD_PREFIX = "actiontrail-wizard/approved-settings/"
APPROVALS_LOGSTORE = "actiontrail-wizard-approvals"
APPROVALS_TTL_DAYS = 3650  # Log Service keeps the approvals for good
APPLY_TIME = "${apply.Time}"  # resolved by the executor: the apply's start, UTC, ISO 8601 basic (20260102T030405Z)
APPLY_ID = "${apply.Id}"  # resolved by the executor: a random id of this apply, so no two applies share a key
CALLER = "${account.Arn}"  # resolved by the executor: who ran the apply (GetCallerIdentity's Arn)
MAX_RECORD_BYTES = 64 * 1024  # a record is a few hundred bytes; anything larger is not one


def record_prefix(trail: str) -> str:
    return f"{RECORD_PREFIX}{trail}/"


def record_key(trail: str, stamp: str = APPLY_TIME, apply_id: str = APPLY_ID) -> str:
    """One object per approval; the time sorts them, so the last key is the latest approval, and the apply's own
    id keeps two applies of the same second apart (a key that exists is this apply's own, written already)."""
    return f"{record_prefix(trail)}{stamp}-{apply_id}.json"


@dataclass(frozen=True)
class Approval:
    settings: Settings
    approved_at: str  # UTC, ISO 8601 basic (20260102T030405Z)
    approved_by: str  # the ARN that ran the apply
    where: str  # oss://bucket/key or sls://project/logstore
    tool_version: str = ""

    @property
    def when(self) -> str:
        """2026-01-02 03:04 UTC, for people."""
        at = self.approved_at
        if len(at) >= 15 and at[8] == "T":
            return f"{at[0:4]}-{at[4:6]}-{at[6:8]} {at[9:11]}:{at[11:13]} UTC"
        return at

    def describe(self) -> str:
        return f"approved {self.when} by {self.approved_by} (recorded at {self.where})"


@dataclass(frozen=True)
class ApprovalState:
    """What the account remembers: the latest approval, or none; read by discovery."""

    latest: Approval | None = None
    where: str = ""  # where approvals are kept (oss://bucket/prefix, sls://project/logstore)
    problem: str = ""  # the latest record exists but could not be understood
    store_missing: bool = False  # Log Service: the approvals Logstore does not exist yet
    index_missing: bool = False  # Log Service: it has no index yet (GetLogs needs one)

    def approves(self, settings: Settings) -> bool:
        """The latest record holds exactly these settings: nothing new to record."""
        return self.latest is not None and self.latest.settings == settings


def record_document(settings: Settings, tool_version: str) -> dict[str, Any]:
    """The record as planned: the time and the approver are filled in by the executor."""
    return {"format": RECORD_FORMAT, "tool": "actiontrail-wizard", "tool_version": tool_version,
            "approved_at": APPLY_TIME, "approved_by": CALLER, "trail": settings.trail.name,
            "region": settings.region, "settings": settings_to_mapping(settings)}


def record_text(settings: Settings, tool_version: str) -> str:
    return json.dumps(record_document(settings, tool_version), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def log_contents(settings: Settings, tool_version: str) -> list[dict[str, str]]:
    """The record as one log (Log Service): every field a string, the settings as JSON text."""
    document = record_document(settings, tool_version)
    return [{"key": k, "value": v if isinstance(v, str) else json.dumps(v, sort_keys=True, separators=(",", ":"))}
            for k, v in document.items()]


def parse_record(document: Any, where: str) -> Approval:
    """An Approval from a record (the object's JSON, or a log's fields); ValueError naming what is wrong."""
    if isinstance(document, (str, bytes)):
        if len(document) > MAX_RECORD_BYTES:
            raise ValueError("it is larger than any record")
        try:
            document = json.loads(document)
        except (ValueError, RecursionError):
            raise ValueError("it is not JSON") from None
    if not isinstance(document, dict) or document.get("format") != RECORD_FORMAT:
        raise ValueError(f"it is not an {RECORD_FORMAT} record")
    raw = document.get("settings")
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raise ValueError("its settings are not JSON") from None
    try:
        settings = parse_settings(raw if isinstance(raw, dict) else {})
    except ConfigError as error:
        raise ValueError("its settings are not valid: " + "; ".join(str(p) for p in error.problems[:3])) from None
    at, by = document.get("approved_at"), document.get("approved_by")
    if not (isinstance(at, str) and at and isinstance(by, str) and by):
        raise ValueError("it does not say when and by whom the settings were approved")
    return Approval(settings, at, by, where, str(document.get("tool_version") or ""))
