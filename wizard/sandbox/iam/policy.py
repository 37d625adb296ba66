"""RAM policy documents evaluated as the RAM documentation describes: a statement, a document, a set of documents.

A statement applies to a request when its Action (or NotAction) names the request's RAM action, its Resource
(or NotResource) covers the resource's ARN, its Principal (resource-based policies: bucket and trust policies)
names the caller, and its Condition holds (conditions.py). Over a set of documents, "Policy evaluation logic":
an explicit Deny wins, otherwise an Allow is needed, otherwise the request is implicitly denied.

Action names compare without case, ARNs with it; `*` and `?` are the only wildcards. A statement missing Action or
Resource never applies (a trust policy is judged without a resource). Pure: documents and requests in, outcomes out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from .conditions import glob, holds

ALLOW, EXPLICIT_DENY, IMPLICIT_DENY = "Allow", "ExplicitDeny", "ImplicitDeny"


@dataclass(frozen=True)
class Caller:
    """Who asks, as a Principal element can name them (resource-based policies only)."""

    account_id: str
    arn: str = ""  # acs:ram::<account>:root | acs:ram::<account>:user/<name> | ...:assumed-role/<role>/<session>
    principal_id: str = ""  # the account id, a user id, or <role id>:<session>
    service: str = ""  # a cloud service assuming a role: log.aliyuncs.com


@dataclass(frozen=True)
class Request:
    action: str  # "oss:GetObject"
    resource: str | None  # the ARN; None: judged without a resource (a role's trust policy)
    context: Mapping[str, str] = field(default_factory=dict)  # condition keys, lower-case
    caller: Caller | None = None


@dataclass(frozen=True)
class Outcome:
    decision: str  # Allow | ExplicitDeny | ImplicitDeny
    source: str = ""  # which document decided ("" for an implicit deny)


def as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def parse(document: str | dict | None) -> dict:
    """A policy document as a dict; one that is not JSON or not an object has no statements."""
    if isinstance(document, dict):
        return document
    try:
        parsed = json.loads(document or "")
    except (TypeError, ValueError):
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _names_action(patterns: Any, action: str) -> bool:
    return any(glob(str(p), action, ignore_case=True) for p in as_list(patterns))


def _covers(patterns: Any, resource: str) -> bool:
    return any(glob(str(p), resource) for p in as_list(patterns))


def _names_caller(principal: Any, caller: Caller | None) -> bool:
    """"*", account ids, user ids or ARNs (a list), or {"RAM": [...], "Service": [...]} (a trust policy)."""
    if caller is None:
        return False
    if isinstance(principal, dict):
        ram = [str(p) for p in as_list(principal.get("RAM", []))]
        services = [str(s).lower() for s in as_list(principal.get("Service", []))]
        return (bool(caller.service) and caller.service.lower() in services) or (
            not caller.service and any(p == "*" or p in (caller.arn, f"acs:ram::{caller.account_id}:root")
                                       for p in ram))
    names = [str(p) for p in as_list(principal)]
    return not caller.service and any(n in ("*", caller.account_id, caller.principal_id, caller.arn) for n in names)


def applies(statement: Any, request: Request, resource_based: bool = False) -> bool:
    if not isinstance(statement, dict) or statement.get("Effect") not in ("Allow", "Deny"):
        return False
    if "Action" in statement:
        if not _names_action(statement["Action"], request.action):
            return False
    elif "NotAction" not in statement or _names_action(statement["NotAction"], request.action):
        return False
    if request.resource is not None:
        if "Resource" in statement:
            if not _covers(statement["Resource"], request.resource):
                return False
        elif "NotResource" not in statement or _covers(statement["NotResource"], request.resource):
            return False
    if resource_based and not _names_caller(statement.get("Principal"), request.caller):
        return False
    return holds(statement.get("Condition"), request.context)


def evaluate(documents: Iterable[tuple[str, str | dict | None]], request: Request,
             resource_based: bool = False) -> Outcome:
    """Explicit Deny wins over Allow; without an Allow the request is implicitly denied.

    `documents`: (label, document) pairs, the label naming where a decision came from."""
    allowed = ""
    for label, document in documents:
        for statement in as_list(parse(document).get("Statement", [])):
            if applies(statement, request, resource_based):
                if statement["Effect"] == "Deny":
                    return Outcome(EXPLICIT_DENY, label)
                allowed = allowed or label
    return Outcome(ALLOW, allowed) if allowed else Outcome(IMPLICIT_DENY)
