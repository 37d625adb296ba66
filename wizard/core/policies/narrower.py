"""Does a RAM policy grant no more than another? What lets a hand-narrowed auditor policy stand.

Conservative by design: `grants_within(narrow, wide)` is True only when every
action on every resource that `narrow` allows is allowed by one statement of
`wide` under conditions `narrow` also imposes (the same keys, values no wider).
A NotAction, NotResource or anything it cannot read makes it False, and then the
wizard treats the policy as different, as it always did. Deny statements only
take rights away, so they never make a policy wider. Wildcards: `*` in the wide
document matches any run of characters; in the narrow one it is matched as
written (so `oss:Get*` is within `oss:*` and `oss:Get*`, never within `oss:GetObject`).
Shared by the audit (AT-RAM-AUDITOR) and the plan: they must agree.
"""

from __future__ import annotations

import json
import re
from typing import Any

from wizard.core.policies.lint import as_list


def _document(text: str | dict) -> dict | None:
    try:
        document = json.loads(text) if isinstance(text, str) else text
    except ValueError:
        return None
    return document if isinstance(document, dict) else None


def _allows(document: dict) -> list[dict] | None:
    """The Allow statements, or None when one cannot be judged."""
    found = []
    for statement in as_list(document.get("Statement", [])):
        if not isinstance(statement, dict):
            return None
        if statement.get("Effect") == "Deny":
            continue
        if statement.get("Effect") != "Allow" or "NotAction" in statement or "NotResource" in statement:
            return None
        found.append(statement)
    return found


def _covers(pattern: str, value: str, case_insensitive: bool = False) -> bool:
    """`pattern` (a RAM wildcard, only `*`) matches `value` taken literally."""
    regex = ".*".join(re.escape(part) for part in pattern.split("*"))
    return re.fullmatch(regex, value, re.IGNORECASE if case_insensitive else 0) is not None


def _conditions(statement: dict) -> dict[tuple[str, str], list[str]] | None:
    found: dict[tuple[str, str], list[str]] = {}
    condition = statement.get("Condition", {})
    if not isinstance(condition, dict):
        return None
    for operator, pairs in condition.items():
        if not isinstance(pairs, dict):
            return None
        for key, values in pairs.items():
            found[(str(operator), str(key).lower())] = [str(v) for v in as_list(values)]
    return found


def _statement_within(narrow: dict, action: str, resource: str, wide: dict) -> bool:
    if not any(_covers(str(a), action, True) for a in as_list(wide.get("Action", []))):
        return False
    if not any(_covers(str(r), resource) for r in as_list(wide.get("Resource", []))):
        return False
    mine, theirs = _conditions(narrow), _conditions(wide)
    if mine is None or theirs is None:
        return False
    for key, allowed in theirs.items():  # every condition of the wide grant binds the narrow one too, no wider
        if key not in mine or not all(any(_covers(a, v) for a in allowed) for v in mine[key]):
            return False
    return True


def grants_within(narrow: str | dict, wide: str | dict) -> bool:
    """True when `narrow` allows nothing that `wide` does not (judged statement by statement)."""
    small, large = _document(narrow), _document(wide)
    if small is None or large is None:
        return False
    mine, theirs = _allows(small), _allows(large)
    if mine is None or theirs is None:
        return False
    for statement in mine:
        actions, resources = as_list(statement.get("Action", [])), as_list(statement.get("Resource", []))
        if not actions or not resources:
            return False
        for action in actions:
            for resource in resources:
                if not any(_statement_within(statement, str(action), str(resource), other) for other in theirs):
                    return False
    return True


def grants_anything(document: str | dict[str, Any]) -> bool:
    """Does the policy allow at least one action on one resource?"""
    parsed = _document(document)
    allows = _allows(parsed) if parsed is not None else None
    return bool(allows) and any(as_list(s.get("Action", [])) and as_list(s.get("Resource", [])) for s in allows)
