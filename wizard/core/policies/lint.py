"""The policy lint: what makes a RAM policy too broad for anything near the audit trail.

Used on the wizard's own documents (they must pass) and by the audit on the
account's custom policies that touch ActionTrail, the trail's bucket or its
Logstore. Pure: a document (dict or JSON text) in, problems in words out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

MAX_POLICY_CHARS = 6144  # RAM: a policy document holds at most 6,144 characters

WRITE_VERBS = ("Create", "Put", "Delete", "Update", "Set", "Attach", "Detach", "Start", "Stop", "Enable",
               "Disable", "Abort", "Complete", "Extend", "Initiate", "Pass", "Schedule", "Tag", "Untag", "Write",
               "Post", "Append", "Restore", "Modify", "Add", "Remove", "Cancel", "Upsert", "Import", "Rotate")


@dataclass(frozen=True)
class TrailTarget:
    """What "the trail" means for the lint: its bucket, project and Logstore (any may be absent)."""

    bucket: str | None = None
    project: str | None = None
    logstore: str | None = None


def as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def _parse(document: dict | str) -> dict | None:
    if isinstance(document, dict):
        return document
    try:
        parsed = json.loads(document)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


def _allows(document: dict) -> list[tuple[int, list[str], list[str]]]:
    """(statement number, actions, resources) of each Allow statement."""
    found = []
    for index, statement in enumerate(as_list(document.get("Statement", [])), start=1):
        if isinstance(statement, dict) and statement.get("Effect") == "Allow":
            found.append((index, [str(a) for a in as_list(statement.get("Action", []))],
                          [str(r) for r in as_list(statement.get("Resource", []))]))
    return found


def is_write(action: str) -> bool:
    """A write, or a wildcard that includes writes (oss:* , oss:Put*, *)."""
    name = action.split(":", 1)[-1]
    if name in ("*", "") or "*" in name[:-1]:
        return True
    if name.endswith("*"):
        prefix = name[:-1]
        return prefix.startswith(WRITE_VERBS) or any(verb.startswith(prefix) for verb in WRITE_VERBS)
    return name.startswith(WRITE_VERBS)


def _everything(action: str) -> bool:
    return action.strip() in ("*", "*:*")


def _service(action: str) -> str:
    return "*" if _everything(action) else action.split(":", 1)[0].lower()


def _resource_part(pattern: str, service: str) -> str | None:
    """The resource segment of an ARN pattern of this service ("*" covers every service)."""
    if pattern == "*":
        return "*"
    parts = pattern.split(":", 4)
    if len(parts) == 5 and parts[0] == "acs" and parts[1] in (service, "*"):
        return parts[4]
    return None


def covers_bucket(pattern: str, bucket: str) -> bool:
    part = _resource_part(pattern, "oss")
    return part is not None and (fnmatchcase(bucket, part) or fnmatchcase(f"{bucket}/object", part))


def covers_logstore(pattern: str, project: str, logstore: str) -> bool:
    part = _resource_part(pattern, "log")
    return part is not None and any(fnmatchcase(target, part) for target in (
        f"project/{project}", f"project/{project}/logstore/{logstore}"))


def allows_full_admin(document: dict | str) -> bool:
    """Does a policy allow every action on every resource (Action "*", Resource "*": CIS 1.15)?"""
    parsed = _parse(document)
    return parsed is not None and any(any(_everything(a) for a in actions) and "*" in resources
                                      for _, actions, resources in _allows(parsed))


def touches(document: dict | str, target: TrailTarget) -> bool:
    """Does a policy allow anything on ActionTrail, the trail's bucket or its Logstore?"""
    parsed = _parse(document)
    if parsed is None:
        return False
    for _, actions, resources in _allows(parsed):
        services = {_service(a) for a in actions}
        if services & {"*", "actiontrail"}:
            return True
        if target.bucket and services & {"oss"} and any(covers_bucket(r, target.bucket) for r in resources):
            return True
        if target.project and target.logstore and services & {"log"} and any(
                covers_logstore(r, target.project, target.logstore) for r in resources):
            return True
    return False


def lint(document: dict | str, bucket: str | None = None) -> list[str]:
    """Problems of a policy document, in words; empty when it is least-privilege enough."""
    text = document if isinstance(document, str) else json.dumps(document, separators=(",", ":"))
    problems: list[str] = []
    if len(text) > MAX_POLICY_CHARS:
        problems.append(f"document is {len(text)} characters; RAM accepts at most {MAX_POLICY_CHARS}")
    parsed = _parse(text)
    if parsed is None:
        return [*problems, "document is not valid JSON"]
    for index, actions, resources in _allows(parsed):
        where = f"statement {index}"
        if any(_everything(a) for a in actions):
            problems.append(f"{where}: Action \"*\" allows everything")
        if any(a.lower() == "actiontrail:*" for a in actions):
            problems.append(f"{where}: actiontrail:* includes DeleteTrail and StopLogging")
        writes = [a for a in actions if is_write(a)]
        if "*" in resources and writes:
            problems.append(f"{where}: Resource \"*\" with write actions ({', '.join(writes)})")
        if bucket and any(a.lower() == "oss:*" for a in actions) and any(covers_bucket(r, bucket) for r in resources):
            problems.append(f"{where}: oss:* on the trail bucket {bucket}")
    return problems
