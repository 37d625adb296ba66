"""Does one alert query fire on every event another fires on? What lets an alert widened by hand stand.

`covers(wide, narrow)` is sound and conservative: True only when the structure of
the two queries (the subset query.py matches: terms, `*` prefixes, and/or/not)
proves every event matching `narrow` matches `wide`: `narrow or more`, more names
in a list (`(A or B) and (C or D or E)` within `(A or B) and (C or D or E or F)`),
a shorter prefix. Anything it cannot prove, or a query outside the subset, is
False, and then the alert is brought back to its rule as before. Shared by the
audit (AT-ALERTS) and the plan (UpdateAlert): they must agree.
"""

from __future__ import annotations

from wizard.core.alerts.query import All, Any_, Not, Term, parse


def _term_covers(wide: Term, narrow: Term) -> bool:
    if wide.field != narrow.field:
        return False
    if wide.value == "*":
        return narrow.value != ""
    if wide.value.endswith("*"):
        return narrow.value != "*" and narrow.value.startswith(wide.value[:-1])
    return wide.value == narrow.value


def _covers(wide, narrow) -> bool:
    if wide == narrow:
        return True
    if isinstance(narrow, Any_):
        return all(_covers(wide, part) for part in narrow.parts)
    if isinstance(wide, All):
        return all(_covers(part, narrow) for part in wide.parts)
    if isinstance(wide, Any_) and any(_covers(part, narrow) for part in wide.parts):
        return True
    if isinstance(narrow, All) and any(_covers(wide, part) for part in narrow.parts):
        return True
    if isinstance(wide, Not) and isinstance(narrow, Not):
        return _covers(narrow.inner, wide.inner)
    if isinstance(wide, Term) and isinstance(narrow, Term):
        return _term_covers(wide, narrow)
    return False


def covers(wide: str, narrow: str) -> bool:
    """True when every event `narrow` fires on, `wide` fires on too (as far as the structure proves it)."""
    try:
        return _covers(parse(wide), parse(narrow))
    except ValueError:
        return False
