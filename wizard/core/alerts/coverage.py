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

from dataclasses import dataclass

from wizard.core.alerts.query import _KEYWORDS, _tokens


@dataclass(frozen=True)
class Term:
    field: str
    value: str  # lower-cased; "*" = present, "x*" = prefix


@dataclass(frozen=True)
class Not:
    inner: object


@dataclass(frozen=True)
class Any_:
    parts: tuple  # or


@dataclass(frozen=True)
class All:
    parts: tuple  # and


class _Tree:
    def __init__(self, query: str):
        self.tokens, self.at = _tokens(query), 0

    def _keyword(self, word: str) -> bool:
        token = self.tokens[self.at] if self.at < len(self.tokens) else None
        if token and token[0] == "bare" and token[1].lower() == word:
            self.at += 1
            return True
        return False

    def _take(self, *kinds: str):
        token = self.tokens[self.at] if self.at < len(self.tokens) else None
        if token is None or token[0] not in kinds:
            raise ValueError("unexpected end or token")
        self.at += 1
        return token

    def parse(self):
        tree = self._or()
        if self.at != len(self.tokens):
            raise ValueError("trailing tokens")
        return tree

    def _or(self):
        parts = [self._and()]
        while self._keyword("or"):
            parts.append(self._and())
        return parts[0] if len(parts) == 1 else Any_(tuple(parts))

    def _and(self):
        parts = [self._not()]
        while self._keyword("and"):
            parts.append(self._not())
        return parts[0] if len(parts) == 1 else All(tuple(parts))

    def _not(self):
        if self._keyword("not"):
            return Not(self._not())
        token = self.tokens[self.at] if self.at < len(self.tokens) else None
        if token and token[0] == "paren" and token[1] == "(":
            self.at += 1
            inner = self._or()
            if self._take("paren")[1] != ")":
                raise ValueError("expected )")
            return inner
        field = self._take("bare", "quoted")
        if field[0] == "bare" and field[1].lower() in _KEYWORDS:
            raise ValueError("unexpected keyword")
        self._take("colon")
        return Term(field[1].lower(), self._take("bare", "quoted")[1].lower())


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
        return _covers(_Tree(wide).parse(), _Tree(narrow).parse())
    except ValueError:
        return False
