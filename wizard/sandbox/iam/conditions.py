"""RAM's condition operators (string, number, date, Boolean, IP address), as the "Conditional operators" page lists them.

A Condition block holds operators, each holding condition keys, each holding one value or a list. The page's rules:
the operators of a block and the keys of an operator must all hold (AND); a key holds when the request's value
matches any of the listed values (OR). Where the page is silent the sandbox decides, recorded in FIDELITY.md:
a key the request does not carry (an unknown key) never matches, for every operator, the negated ones too; an
unknown operator never matches; key names compare without case, operator names exactly.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import datetime, timezone
from typing import Any, Callable, Mapping

Values = list[str]


def glob(pattern: str, value: str, ignore_case: bool = False) -> bool:
    """RAM's wildcards: * any run of characters (also none), ? one character; nothing else is special."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, re.DOTALL | (re.IGNORECASE if ignore_case else 0)) is not None


def _number(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def _date(text: str) -> float | None:
    """ISO 8601 (Z or an offset such as +08:00, as the page's acs:CurrentTime example) or epoch seconds."""
    if _number(text) is not None:
        return float(text)
    try:
        parsed = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)).timestamp()


def _in_network(address: str, network: str) -> bool:
    try:
        return ipaddress.ip_address(address) in ipaddress.ip_network(network, strict=False)
    except ValueError:
        return False


def _compare(parse: Callable[[str], float | None], test: Callable[[float, float], bool]):
    def holds(actual: str, expected: Values) -> bool:
        have = parse(actual)
        return have is not None and any(want is not None and test(have, want) for want in map(parse, expected))
    return holds


def _negated(positive):
    def holds(actual: str, expected: Values) -> bool:
        return not positive(actual, expected)
    return holds


_STRING_EQUALS = lambda a, e: a in e  # noqa: E731
_STRING_EQUALS_IC = lambda a, e: a.lower() in [v.lower() for v in e]  # noqa: E731
_STRING_LIKE = lambda a, e: any(glob(v, a) for v in e)  # noqa: E731
_NUMERIC = {"Equals": lambda a, b: a == b, "LessThan": lambda a, b: a < b, "LessThanEquals": lambda a, b: a <= b,
            "GreaterThan": lambda a, b: a > b, "GreaterThanEquals": lambda a, b: a >= b}
_IP = lambda a, e: any(_in_network(a, v) for v in e)  # noqa: E731

OPERATORS: dict[str, Callable[[str, Values], bool]] = {
    "StringEquals": _STRING_EQUALS, "StringNotEquals": _negated(_STRING_EQUALS),
    "StringEqualsIgnoreCase": _STRING_EQUALS_IC, "StringNotEqualsIgnoreCase": _negated(_STRING_EQUALS_IC),
    "StringLike": _STRING_LIKE, "StringNotLike": _negated(_STRING_LIKE),
    **{f"Numeric{name}": _compare(_number, test) for name, test in _NUMERIC.items()},
    "NumericNotEquals": _negated(_compare(_number, _NUMERIC["Equals"])),
    **{f"Date{name}": _compare(_date, test) for name, test in _NUMERIC.items()},
    "DateNotEquals": _negated(_compare(_date, _NUMERIC["Equals"])),
    "Bool": lambda a, e: a.lower() in [str(v).lower() for v in e],
    "IpAddress": _IP, "NotIpAddress": _negated(_IP),
}


def _values(raw: Any) -> Values:
    items = raw if isinstance(raw, list) else [raw]
    return ["true" if v is True else "false" if v is False else str(v) for v in items]


def holds(condition: Any, context: Mapping[str, str]) -> bool:
    """Does a statement's Condition block hold for a request whose condition keys are `context` (lower-case keys)?"""
    if condition in (None, {}):
        return True
    if not isinstance(condition, dict):
        return False
    for operator, block in condition.items():
        test = OPERATORS.get(operator)
        if test is None or not isinstance(block, dict):
            return False
        for key, expected in block.items():
            actual = context.get(str(key).lower())
            if actual is None or not test(actual, _values(expected)):
                return False
    return True
