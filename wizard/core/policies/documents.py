"""RAM and bucket policy documents the wizard writes: auditor, admin, the bucket's HTTPS-only statement.

Pure: documents are built from Settings and the account id; nothing here calls a
cloud. `policy_json` renders the exact text that CreatePolicy/PutBucketPolicy send,
so the plan shows what will be stored. The operator policy is in
operator.py, the lint in lint.py.
"""

from __future__ import annotations

import json
from typing import Any

from wizard.core.approval import APPROVALS_LOGSTORE, record_prefix
from wizard.core.policies.lint import MAX_POLICY_CHARS, as_list, lint
from wizard.core.settings import Settings

__all__ = ["MAX_POLICY_CHARS", "lint", "policy_json", "readable_json", "same_document", "auditor_policy",
           "admin_policy"]

HTTPS_ONLY_SID = "DenyInsecureTransport"


def policy_json(document: dict[str, Any]) -> str:
    """Compact, deterministic JSON: what is sent and what is compared."""
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


def readable_json(document: dict[str, Any]) -> str:
    """One statement per line, for people: the operator policy stays well inside RAM's 6,144 characters even as
    printed (indenting every name would push it over), and a diff shows which statement changed."""
    statements = document.get("Statement")
    if not isinstance(statements, list) or not statements:
        return json.dumps(document, indent=2, ensure_ascii=False)
    head = {key: value for key, value in document.items() if key != "Statement"}
    lines = [f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}," for key, value in head.items()]
    body = ",\n".join(f"    {json.dumps(statement, ensure_ascii=False, separators=(',', ':'))}"
                      for statement in statements)  # compact within a statement: the largest plan stays inside
    return "{\n" + "\n".join(lines) + ("\n" if lines else "") + '  "Statement": [\n' + body + "\n  ]\n}"


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
            # Event lookup spans every region, so the region is "*"; the account keeps it to this account.
            "Resource": [f"acs:actiontrail:*:{account_id}:*"],
        }
    ]
    if settings.oss:
        bucket, prefix = settings.oss.bucket, settings.oss.prefix
        records = record_prefix(settings.trail.name)
        statements += [
            {
                "Effect": "Allow",
                "Action": ["oss:GetObject"],
                "Resource": [f"acs:oss:*:{account_id}:{bucket}/{prefix}*",
                             f"acs:oss:*:{account_id}:{bucket}/{records}*"],  # and what was approved, when, by whom
            },
            {
                "Effect": "Allow",
                "Action": ["oss:ListObjects"],
                "Resource": [f"acs:oss:*:{account_id}:{bucket}"],
                "Condition": {"StringLike": {"oss:Prefix": [f"{prefix}*", f"{records}*"]}},
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
                "Resource": [logstore] + ([] if settings.oss else [logstore.rsplit("/", 1)[0] + "/" + APPROVALS_LOGSTORE]),
            }
        )
    if key_arn:
        statements.append({"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": [key_arn]})
    return {"Version": "1", "Statement": statements}




def trail_arn(settings: Settings, account_id: str) -> str:
    return f"acs:actiontrail:{settings.region}:{account_id}:trail/{settings.trail.name}"


def trail_scope(account_id: str) -> str:
    """What every ActionTrail action is authorised on: the account, never one trail (operation-level
    authorisation, "All Resources" on ActionTrail's RAM authorization page)."""
    return f"acs:actiontrail:*:{account_id}:*"


ADMIN_ALLOWED = ("actiontrail:StartLogging", "actiontrail:GetTrailStatus", "actiontrail:DescribeTrails",
                 "actiontrail:LookupEvents", "actiontrail:CreateDeliveryHistoryJob",
                 "actiontrail:GetDeliveryHistoryJob", "actiontrail:ListDeliveryHistoryJobs")
ADMIN_DENIED = ("actiontrail:DeleteTrail", "actiontrail:StopLogging", "actiontrail:UpdateTrail")
CANNOT_NARROW = ("No RAM policy can let a holder change a trail yet forbid narrowing it: ActionTrail authorises "
                 "every action on the whole account (not on one trail) and has no condition key for UpdateTrail's "
                 "EventRW, TrailRegion or destinations. So the admin policy keeps the trail running and readable "
                 "and denies UpdateTrail with StopLogging and DeleteTrail; changes to the trail are made by "
                 "`apply` under the operator policy, from a plan a human reviewed. Whoever holds UpdateTrail (the "
                 "operator policy included) can narrow or redirect the trail: AT-RAM-ADMINS names every such "
                 "principal, and the at-trail-changes alert fires on UpdateTrail.")


def admin_policy(settings: Settings, account_id: str) -> dict[str, Any]:
    """Keep the trail logging, read it, run its backfill; never stop, delete or change it (CANNOT_NARROW says why
    UpdateTrail is denied too). An explicit Deny wins in RAM, so a broader policy granted later cannot undo it."""
    scope = trail_scope(account_id)
    statements: list[dict[str, Any]] = [
        {"Effect": "Allow", "Action": list(ADMIN_ALLOWED), "Resource": [scope]},
        {"Effect": "Deny", "Action": list(ADMIN_DENIED), "Resource": [scope]},
    ]
    return {"Version": "1", "Statement": statements}


def https_only_statement(bucket: str, account_id: str, sid: str = HTTPS_ONLY_SID) -> dict[str, Any]:
    """Deny every OSS action on the bucket and its objects, to everyone, over plain HTTP (CIS 5.4)."""
    return {
        "Sid": sid,
        "Effect": "Deny",
        "Principal": ["*"],
        "Action": ["oss:*"],
        "Resource": [f"acs:oss:*:{account_id}:{bucket}", f"acs:oss:*:{account_id}:{bucket}/*"],
        "Condition": {"Bool": {"acs:SecureTransport": ["false"]}},
    }


def with_https_only(policy_text: str | None, bucket: str, account_id: str) -> dict[str, Any]:
    """The existing bucket policy plus the HTTPS-only statement: never drops a statement."""
    document: dict[str, Any] = {"Version": "1", "Statement": []}
    if policy_text:
        document = json.loads(policy_text)
        document["Statement"] = as_list(document.get("Statement", []))
    taken = {str(statement.get("Sid")) for statement in document["Statement"] if isinstance(statement, dict)}
    sid = HTTPS_ONLY_SID if HTTPS_ONLY_SID not in taken else f"{HTTPS_ONLY_SID}Everywhere"  # a decoy may hold ours
    document["Statement"] = [*document["Statement"], https_only_statement(bucket, account_id, sid)]
    return document


def grants_actiontrail_admin(policy_text: str) -> bool:
    """Does a policy allow every ActionTrail action (actiontrail:* or *)?"""
    try:
        document = json.loads(policy_text)
    except ValueError:
        return False
    for statement in as_list(document.get("Statement", []) if isinstance(document, dict) else []):
        if isinstance(statement, dict) and statement.get("Effect") == "Allow":
            actions = [str(a).lower() for a in as_list(statement.get("Action", []))]
            if {"*", "*:*", "actiontrail:*"} & set(actions):
                return True
    return False
