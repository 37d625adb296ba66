"""RAM and bucket policy documents the wizard writes, and a lint for any policy.

Pure: documents are built from Settings and the account id; nothing here calls a
cloud. `policy_json` renders the exact text that CreatePolicy/PutBucketPolicy send,
so the plan shows what will be stored.
"""

from __future__ import annotations

import json
from typing import Any

from .config import Settings

MAX_POLICY_CHARS = 6144  # RAM: a policy document holds at most 6,144 characters
HTTPS_ONLY_SID = "DenyInsecureTransport"

_WRITE_VERBS = ("Create", "Put", "Delete", "Update", "Set", "Attach", "Detach", "Start", "Stop", "Enable",
                "Disable", "Abort", "Complete", "Extend", "Initiate", "Pass", "Schedule", "Tag", "Untag", "Write",
                "Post", "Append", "Restore", "Modify", "Add", "Remove", "Cancel")


def policy_json(document: dict[str, Any]) -> str:
    """Compact, deterministic JSON: what is sent and what is compared."""
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


def same_document(left: str | dict, right: str | dict) -> bool:
    """Equal as JSON values, whatever the whitespace or key order."""
    try:
        a = json.loads(left) if isinstance(left, str) else left
        b = json.loads(right) if isinstance(right, str) else right
    except ValueError:
        return False
    return a == b


def auditor_policy(settings: Settings, account_id: str, key_arn: str | None = None) -> dict[str, Any]:
    """Read-only access to this trail's events and nothing else."""
    statements: list[dict[str, Any]] = [
        {
            "Effect": "Allow",
            "Action": ["actiontrail:LookupEvents", "actiontrail:Describe*", "actiontrail:Get*"],
            "Resource": "*",  # ActionTrail has no resource-level ARNs for these reads
        }
    ]
    if settings.oss:
        bucket, prefix = settings.oss.bucket, settings.oss.prefix
        statements += [
            {
                "Effect": "Allow",
                "Action": ["oss:GetObject"],
                "Resource": [f"acs:oss:*:{account_id}:{bucket}/{prefix}*"],
            },
            {
                "Effect": "Allow",
                "Action": ["oss:ListObjects"],
                "Resource": [f"acs:oss:*:{account_id}:{bucket}"],
                "Condition": {"StringLike": {"oss:Prefix": [f"{prefix}*"]}},
            },
            {
                "Effect": "Allow",
                "Action": ["oss:GetBucketInfo", "oss:GetBucketAcl", "oss:GetBucketWorm", "oss:GetBucketEncryption"],
                "Resource": [f"acs:oss:*:{account_id}:{bucket}"],
            },
        ]
    if settings.sls:
        logstore = (
            f"acs:log:{settings.region}:{account_id}:project/{settings.sls.project}/logstore/{settings.logstore_name}"
        )
        statements.append(
            {
                "Effect": "Allow",
                "Action": ["log:GetLogStoreLogs", "log:GetLogStoreHistogram", "log:GetLogStore", "log:GetIndex"],
                "Resource": [logstore],
            }
        )
    if key_arn:
        statements.append({"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": [key_arn]})
    return {"Version": "1", "Statement": statements}


def https_only_statement(bucket: str, account_id: str) -> dict[str, Any]:
    return {
        "Sid": HTTPS_ONLY_SID,
        "Effect": "Deny",
        "Principal": ["*"],
        "Action": ["oss:*"],
        "Resource": [f"acs:oss:*:{account_id}:{bucket}", f"acs:oss:*:{account_id}:{bucket}/*"],
        "Condition": {"Bool": {"acs:SecureTransport": ["false"]}},
    }


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def denies_insecure_transport(policy_text: str | None) -> bool:
    """Does a bucket policy deny requests that are not HTTPS?"""
    if not policy_text:
        return False
    try:
        document = json.loads(policy_text)
    except ValueError:
        return False
    for statement in _as_list(document.get("Statement", [])):
        if not isinstance(statement, dict) or statement.get("Effect") != "Deny":
            continue
        condition = statement.get("Condition", {})
        flag = condition.get("Bool", {}).get("acs:SecureTransport") if isinstance(condition, dict) else None
        if flag is not None and [str(v).lower() for v in _as_list(flag)] == ["false"]:
            return True
    return False


def with_https_only(policy_text: str | None, bucket: str, account_id: str) -> dict[str, Any]:
    """The existing bucket policy plus the HTTPS-only statement: never drops a statement."""
    document: dict[str, Any] = {"Version": "1", "Statement": []}
    if policy_text:
        document = json.loads(policy_text)
        document["Statement"] = _as_list(document.get("Statement", []))
    document["Statement"] = [*document["Statement"], https_only_statement(bucket, account_id)]
    return document


def grants_actiontrail_admin(policy_text: str) -> bool:
    """Does a policy allow every ActionTrail action (actiontrail:* or *)?"""
    try:
        document = json.loads(policy_text)
    except ValueError:
        return False
    for statement in _as_list(document.get("Statement", [])):
        if isinstance(statement, dict) and statement.get("Effect") == "Allow":
            actions = [str(a).lower() for a in _as_list(statement.get("Action", []))]
            if "*" in actions or "actiontrail:*" in actions:
                return True
    return False


def _is_write(action: str) -> bool:
    name = action.split(":", 1)[-1]
    return name == "*" or name.startswith(_WRITE_VERBS)


def lint(document: dict[str, Any] | str, bucket: str | None = None) -> list[str]:
    """Problems of a policy document, in words; empty when it is least-privilege enough."""
    text = document if isinstance(document, str) else policy_json(document)
    problems: list[str] = []
    if len(text) > MAX_POLICY_CHARS:
        problems.append(f"document is {len(text)} characters; RAM accepts at most {MAX_POLICY_CHARS}")
    try:
        parsed = json.loads(text)
    except ValueError:
        return [*problems, "document is not valid JSON"]
    for index, statement in enumerate(_as_list(parsed.get("Statement", []))):
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        where = f"statement {index + 1}"
        actions = [str(a) for a in _as_list(statement.get("Action", []))]
        resources = [str(r) for r in _as_list(statement.get("Resource", []))]
        if "*" in actions:
            problems.append(f"{where}: Action \"*\" allows everything")
        if any(a.lower() == "actiontrail:*" for a in actions):
            problems.append(f"{where}: actiontrail:* includes DeleteTrail and StopLogging")
        if "*" in resources and any(_is_write(a) for a in actions):
            problems.append(f"{where}: Resource \"*\" with write actions ({', '.join(a for a in actions if _is_write(a))})")
        if bucket and any(a.lower() == "oss:*" for a in actions) and any(bucket in r or r == "*" for r in resources):
            problems.append(f"{where}: oss:* on the trail bucket {bucket}")
    return problems
