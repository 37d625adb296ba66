"""RAM policy evaluation, the wizard's own: who can do what, judged as RAM judges it.

The audit uses it for AT-RAM-ADMINS (who can stop logging, delete or update the trail, through any policy of
any user, group or role) and the tests hold it, and the sandbox's separate evaluator, to one table of the RAM
documentation's examples (tests/data/ram_policy_cases.json). The rules ("Policy elements", "Conditional
operators", "Policy evaluation logic"): an explicit Deny wins, else an Allow is needed, else the request is
implicitly denied; `*` and `?` are the only wildcards, Action names compare without case, ARNs with it;
operators AND, keys AND, values OR; a condition key the request does not carry never matches.

`context=None` asks about any request: a conditional Allow counts (some request meets it) and a conditional
Deny does not (some request escapes it), which is what "could this principal do it?" needs. Pure.
"""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable, Mapping

ALLOW, EXPLICIT_DENY, IMPLICIT_DENY = "Allow", "ExplicitDeny", "ImplicitDeny"


@dataclass(frozen=True)
class Principal:
    """Who asks, for a resource-based policy's Principal element (a role's trust policy, a bucket policy)."""

    account_id: str
    arn: str = ""
    principal_id: str = ""
    service: str = ""


def _items(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def wildcard(pattern: str, text: str, fold: bool = False) -> bool:
    """`*` any run of characters, `?` one; everything else literal."""
    parts = ["." if ch == "?" else ".*" if ch == "*" else re.escape(ch) for ch in str(pattern)]
    return re.fullmatch("".join(parts), str(text), re.S | (re.I if fold else 0)) is not None


def _as_time(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        pass
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).timestamp()


def _as_number(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def _ip_in(address: str, network: str) -> bool:
    try:
        return ipaddress.ip_address(address) in ipaddress.ip_network(network, strict=False)
    except ValueError:
        return False


_ORDER = {"Equals": lambda a, b: a == b, "LessThan": lambda a, b: a < b, "LessThanEquals": lambda a, b: a <= b,
          "GreaterThan": lambda a, b: a > b, "GreaterThanEquals": lambda a, b: a >= b}


def _operator_holds(operator: str, actual: str, wanted: list[str]) -> bool | None:
    """None for an operator RAM does not have."""
    if operator.startswith("String"):
        rest, negate = operator[len("String"):], False
        if rest.startswith("Not"):
            rest, negate = rest[3:], True
        if rest == "Equals":
            hit = actual in wanted
        elif rest == "EqualsIgnoreCase":
            hit = actual.lower() in {w.lower() for w in wanted}
        elif rest == "Like":
            hit = any(wildcard(w, actual) for w in wanted)
        else:
            return None
        return hit != negate
    for family, parse in (("Numeric", _as_number), ("Date", _as_time)):
        if operator.startswith(family):
            test = operator[len(family):]
            negate = test == "NotEquals"
            compare = _ORDER.get("Equals" if negate else test)
            if compare is None:
                return None
            have = parse(actual)
            hit = have is not None and any((w := parse(v)) is not None and compare(have, w) for v in wanted)
            return hit != negate
    if operator == "Bool":
        return actual.lower() in {w.lower() for w in wanted}
    if operator in ("IpAddress", "NotIpAddress"):
        hit = any(_ip_in(actual, w) for w in wanted)
        return hit if operator == "IpAddress" else not hit
    return None


def _strings(raw: Any) -> list[str]:
    return ["true" if v is True else "false" if v is False else str(v) for v in _items(raw)]


def condition_met(condition: Any, context: Mapping[str, str]) -> bool:
    if not condition:
        return True
    if not isinstance(condition, dict):
        return False
    keys = {str(k).lower(): v for k, v in context.items()}
    for operator, entries in condition.items():
        if not isinstance(entries, dict):
            return False
        for key, wanted in entries.items():
            actual = keys.get(str(key).lower())
            if actual is None or not _operator_holds(str(operator), str(actual), _strings(wanted)):
                return False
    return True


def _principal_named(element: Any, who: Principal | None) -> bool:
    if who is None:
        return False
    if isinstance(element, dict):
        if who.service:
            return who.service.lower() in {str(s).lower() for s in _items(element.get("Service", []))}
        return any(str(p) in ("*", who.arn, f"acs:ram::{who.account_id}:root") for p in _items(element.get("RAM", [])))
    return not who.service and any(str(p) in ("*", who.account_id, who.principal_id, who.arn) for p in _items(element))


def _matches(statement: dict, action: str, resource: str | None, context: Mapping[str, str] | None,
             principal: Principal | None, resource_based: bool) -> bool:
    if "Action" in statement:
        named = any(wildcard(a, action, fold=True) for a in _items(statement["Action"]))
    elif "NotAction" in statement:
        named = not any(wildcard(a, action, fold=True) for a in _items(statement["NotAction"]))
    else:
        return False
    if not named:
        return False
    if resource is not None:
        if "Resource" in statement:
            covered = any(wildcard(r, resource) for r in _items(statement["Resource"]))
        elif "NotResource" in statement:
            covered = not any(wildcard(r, resource) for r in _items(statement["NotResource"]))
        else:
            return False
        if not covered:
            return False
    if resource_based and not _principal_named(statement.get("Principal"), principal):
        return False
    if context is None:  # any request: a conditional Allow may apply, a conditional Deny may not
        return statement["Effect"] == "Allow" or not statement.get("Condition")
    return condition_met(statement.get("Condition"), context)


def statements(document: str | dict | None) -> list[dict]:
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except ValueError:
            return []
    if not isinstance(document, dict):
        return []
    return [s for s in _items(document.get("Statement", [])) if isinstance(s, dict)
            and s.get("Effect") in ("Allow", "Deny")]


def decide(documents: Iterable[str | dict | None], action: str, resource: str | None,
           context: Mapping[str, str] | None = None, principal: Principal | None = None,
           resource_based: bool = False) -> str:
    """Allow, ExplicitDeny or ImplicitDeny for one action on one resource under a set of policy documents."""
    allowed = False
    for document in documents:
        for statement in statements(document):
            if _matches(statement, action, resource, context, principal, resource_based):
                if statement["Effect"] == "Deny":
                    return EXPLICIT_DENY
                allowed = True
    return ALLOW if allowed else IMPLICIT_DENY
