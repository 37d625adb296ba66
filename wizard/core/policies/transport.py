"""Does a bucket policy really refuse plain HTTP? Decoy-proof: shared by the audit (AT-OSS-HTTPS-ONLY) and the plan.

A Deny that merely mentions acs:SecureTransport proves nothing: it must deny every OSS
action ("oss:*" or "*") to every principal ("*"), on the bucket and on every object in
it, under the one condition acs:SecureTransport = false (another condition narrows it,
a NotAction/NotResource/NotPrincipal carves a hole). Several Deny statements may share
the cover (one for the bucket, one for its objects). Resources are matched as RAM
matches them: `*` any run of characters, `?` one, case-sensitive. Pure.
"""

from __future__ import annotations

import json
import re
from typing import Any

from wizard.core.policies.lint import as_list

_ALL_ACTIONS = {"*", "oss:*"}
_OBJECT_SAMPLES = ("", "q", "AliyunLogs/Actiontrail/cn-hangzhou/2024/05/01/a.json.gz")  # see _covers


def _glob(pattern: str) -> re.Pattern[str]:
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern) + r"\Z",
                      re.DOTALL)


def _covers(patterns: list[str], targets: list[str]) -> bool:
    """Some pattern matches each target. With only `*` and `?`, a pattern that matches an object key that is
    empty, one character and a long path matches every key (its tail can only be stars)."""
    compiled = [_glob(p) for p in patterns if isinstance(p, str)]
    return all(any(c.match(t) for c in compiled) for t in targets)


def _is_false(value: Any) -> bool:
    values = as_list(value)
    return len(values) == 1 and str(values[0]).lower() == "false"


def _secure_transport_only(condition: Any) -> bool:
    """The condition is exactly acs:SecureTransport = false, nothing that narrows it."""
    if not isinstance(condition, dict) or list(condition) != ["Bool"] or not isinstance(condition["Bool"], dict):
        return False
    keys = condition["Bool"]
    return len(keys) == 1 and next(iter(keys)).lower() == "acs:securetransport" and _is_false(next(iter(keys.values())))


def _mentions_secure_transport(statement: dict) -> bool:
    return "securetransport" in json.dumps(statement.get("Condition", {})).lower()


def _shortfall(statement: dict) -> str | None:
    """Why a Deny on acs:SecureTransport does not refuse plain HTTP to everyone for every action, or None."""
    for hole in ("NotAction", "NotResource", "NotPrincipal"):
        if hole in statement:
            return f"it uses {hole}, which leaves a hole"
    if not _secure_transport_only(statement.get("Condition")):
        return "its condition is not exactly acs:SecureTransport = false"
    principals = as_list(statement.get("Principal", []))
    if "*" not in principals:
        return f"it denies only {', '.join(map(str, principals)) or 'no principal'}, not every principal (*)"
    actions = {str(a).lower() for a in as_list(statement.get("Action", []))}
    if not actions & _ALL_ACTIONS:
        return f"it denies only {', '.join(sorted(actions)) or 'no action'}, not every OSS action (oss:*)"
    return None


def insecure_transport_gaps(policy_text: str | None, bucket: str, account_id: str, region: str) -> list[str]:
    """What lets a plain-HTTP request through, in words; empty when the policy refuses every one of them."""
    if not policy_text:
        return ["no bucket policy"]
    try:
        document = json.loads(policy_text)
    except ValueError:
        return ["the bucket policy is not JSON"]
    statements = [s for s in as_list(document.get("Statement", []) if isinstance(document, dict) else [])
                  if isinstance(s, dict) and s.get("Effect") == "Deny" and _mentions_secure_transport(s)]
    if not statements:
        return ["no statement denies requests where acs:SecureTransport is false"]
    problems, resources = [], []
    for statement in statements:
        why = _shortfall(statement)
        if why:
            problems.append(f"a Deny on acs:SecureTransport falls short: {why}")
        else:
            resources += [str(r) for r in as_list(statement.get("Resource", []))]
    base = f"acs:oss:{region}:{account_id or '0'}:{bucket}"
    for what, targets in (("the bucket", [base]), ("its objects", [f"{base}/{key}" for key in _OBJECT_SAMPLES])):
        if not _covers(resources, targets):
            problems.append(f"plain HTTP is not denied on {what} (no such Deny names {base}"
                            + ("/*" if what == "its objects" else "") + ")")
    return [] if _covers(resources, [base, *(f"{base}/{k}" for k in _OBJECT_SAMPLES)]) else problems


def denies_insecure_transport(policy_text: str | None, bucket: str, account_id: str, region: str) -> bool:
    """Does the bucket policy refuse every plain-HTTP request to the bucket and its objects, from anyone?"""
    return not insecure_transport_gaps(policy_text, bucket, account_id, region)
