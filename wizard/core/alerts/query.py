"""The subset of SLS search syntax the alert rules use, parsed and matched against one log record.

Supported: `field: value` (field and value bare or double-quoted), a trailing
`*` wildcard (`NoPermission*`), `field: *` (the field is present and not
empty), `and`, `or`, `not` and parentheses; like SLS with its default
(case-insensitive) index, matching ignores case. A record is a dict; nested
JSON is searched by dotted path (event.userIdentity.type). Anything else in a
query is a ValueError naming the position, so a rule outside the subset fails
its test instead of silently matching nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

Matcher = Callable[[dict[str, str]], bool]
_TOKEN = re.compile(r'\s*(?:(?P<paren>[()])|(?P<colon>:)|"(?P<quoted>[^"]*)"|(?P<bare>[^\s():"]+))')
_KEYWORDS = ("and", "or", "not")


def flatten(record: Any, prefix: str = "") -> dict[str, str]:
    """{"event": {"userIdentity": {"type": "x"}}} -> {"event.userIdentity.type": "x"} (keys lower-cased)."""
    if isinstance(record, dict):
        flat: dict[str, str] = {}
        for key, value in record.items():
            flat.update(flatten(value, f"{prefix}{key}."))
        return flat
    if isinstance(record, bool):
        text = "true" if record else "false"
    elif record is None:
        text = ""
    else:
        text = str(record)
    return {prefix[:-1].lower(): text}


def _tokens(query: str) -> list[tuple[str, str, int]]:
    found, position = [], 0
    while position < len(query):
        match = _TOKEN.match(query, position)
        if match is None or match.end() == position:
            if query[position:].strip() == "":
                break
            raise ValueError(f"unexpected character at {position}: {query[position:position + 10]!r}")
        kind = match.lastgroup
        found.append((kind, match.group(kind), match.start(kind)))
        position = match.end()
    return found


@dataclass(frozen=True)
class Term:
    field: str  # lower-cased dotted path
    value: str  # lower-cased; "*" = present, "x*" = prefix


@dataclass(frozen=True)
class Not:
    inner: "Node"


@dataclass(frozen=True)
class Any_:
    parts: tuple  # or


@dataclass(frozen=True)
class All:
    parts: tuple  # and


Node = Term | Not | Any_ | All


class _Parser:
    def __init__(self, query: str):
        self.tokens = _tokens(query)
        self.at = 0

    def _peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _keyword(self, word: str) -> bool:
        token = self._peek()
        if token and token[0] == "bare" and token[1].lower() == word:
            self.at += 1
            return True
        return False

    def parse(self) -> Node:
        tree = self._or()
        if self._peek() is not None:
            raise ValueError(f"unexpected {self._peek()[1]!r} at {self._peek()[2]}")
        return tree

    def _or(self) -> Node:
        parts = [self._and()]
        while self._keyword("or"):
            parts.append(self._and())
        return parts[0] if len(parts) == 1 else Any_(tuple(parts))

    def _and(self) -> Node:
        parts = [self._not()]
        while self._keyword("and"):
            parts.append(self._not())
        return parts[0] if len(parts) == 1 else All(tuple(parts))

    def _not(self) -> Node:
        if self._keyword("not"):
            return Not(self._not())
        return self._atom()

    def _take(self, *kinds: str) -> tuple[str, str, int]:
        token = self._peek()
        if token is None or token[0] not in kinds:
            where = f"at {token[2]}" if token else "at the end"
            raise ValueError(f"expected {' or '.join(kinds)} {where}")
        self.at += 1
        return token

    def _atom(self) -> Node:
        token = self._peek()
        if token and token[0] == "paren" and token[1] == "(":
            self.at += 1
            inner = self._or()
            if self._take("paren")[1] != ")":
                raise ValueError("expected )")
            return inner
        field = self._take("bare", "quoted")
        if field[0] == "bare" and field[1].lower() in _KEYWORDS:
            raise ValueError(f"unexpected {field[1]!r} at {field[2]}")
        self._take("colon")
        value = self._take("bare", "quoted")
        return Term(field[1].lower(), value[1].lower())


def parse(query: str) -> Node:
    """The query as a tree (what coverage.py compares); ValueError when it leaves the supported subset."""
    return _Parser(query).parse()


def _matcher(node: Node) -> Matcher:
    if isinstance(node, Any_):
        parts = tuple(_matcher(part) for part in node.parts)
        return lambda r: any(p(r) for p in parts)
    if isinstance(node, All):
        parts = tuple(_matcher(part) for part in node.parts)
        return lambda r: all(p(r) for p in parts)
    if isinstance(node, Not):
        inner = _matcher(node.inner)
        return lambda r: not inner(r)
    field, wanted = node.field, node.value
    if wanted == "*":
        return lambda r: r.get(field, "") != ""
    if wanted.endswith("*"):
        prefix = wanted[:-1]
        return lambda r: field in r and r[field].lower().startswith(prefix)
    return lambda r: field in r and r[field].lower() == wanted


def compile_query(query: str) -> Matcher:
    """A function record (flattened) -> bool; ValueError when the query leaves the supported subset."""
    return _matcher(parse(query))


def matches(query: str, record: dict) -> bool:
    return compile_query(query)(flatten(record))
