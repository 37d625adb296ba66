"""The SLS search statement subset a Logstore is queried with (GetLogs, the alert rules): `field: value`, a trailing
`*` wildcard, `field: *` (the field is present and not empty), `and` / `or` / `not`, parentheses, double-quoted
fields and values, a bare word searched in every value, and `*` for every log.

Field names and values are matched without regard to case (the ActionTrail Logstore's index is not case
sensitive); a JSON-indexed field (`event`) is searched by its nested keys, `event.userIdentity.type`. A statement
outside the subset is a ValueError naming where it stops (the service answers it as ParameterInvalid).
SLS search syntax: https://www.alibabacloud.com/help/en/sls/user-guide/search-syntax
"""

from __future__ import annotations

import json
import re
from typing import Callable

Predicate = Callable[[dict], bool]
_TOKEN = re.compile(r'\s*(?:(?P<open>\()|(?P<close>\))|(?P<colon>:)|"(?P<quoted>[^"]*)"|(?P<word>[^\s():"]+))')
_OPERATORS = ("and", "or", "not")


def flatten(log: dict) -> dict[str, str]:
    """Field -> value, lower-cased keys; a JSON object value is spread into its dotted keys."""
    flat: dict[str, str] = {}

    def walk(prefix: str, value) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, list):
            for inner in value:
                walk(prefix, inner)
        else:
            text = "" if value is None else (json.dumps(value) if isinstance(value, bool) else str(value))
            key = prefix.lower()
            flat[key] = f"{flat[key]}\n{text}" if key in flat else text

    for key, value in log.items():
        parsed = None
        if isinstance(value, str) and value.startswith("{"):
            try:
                parsed = json.loads(value)
            except ValueError:
                parsed = None
        walk(str(key), parsed if isinstance(parsed, dict) else value)
    return flat


def _tokens(statement: str) -> list[tuple[str, str]]:
    found, at = [], 0
    statement = statement.rstrip()
    while at < len(statement):
        match = _TOKEN.match(statement, at)
        if not match or match.end() == at:
            raise ValueError(f"cannot read the query from {statement[at:at + 20]!r}")
        kind = match.lastgroup
        found.append((kind, match.group(kind)))
        at = match.end()
    return found


def _value_matches(pattern: str, values: str) -> bool:
    pattern = pattern.lower()
    for value in values.lower().split("\n"):
        if pattern == "*":
            if value != "":
                return True
        elif pattern.endswith("*") and value.startswith(pattern[:-1]):
            return True
        elif value == pattern:
            return True
    return False


class _Parser:
    def __init__(self, statement: str):
        self.tokens, self.at = _tokens(statement), 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise ValueError("the query ends too early")
        self.at += 1
        return token

    def _is(self, word: str) -> bool:
        token = self.peek()
        return token is not None and token[0] == "word" and token[1].lower() == word

    def expression(self) -> Predicate:
        left = self.conjunction()
        while self._is("or"):
            self.take()
            right, first = self.conjunction(), left
            left = lambda log, a=first, b=right: a(log) or b(log)  # noqa: E731
        return left

    def conjunction(self) -> Predicate:
        left = self.negation()
        while self._is("and") or self._is("not"):
            if self._is("and"):
                self.take()
            right, first = self.negation(), left
            left = lambda log, a=first, b=right: a(log) and b(log)  # noqa: E731
        return left

    def negation(self) -> Predicate:
        if self._is("not"):
            self.take()
            inner = self.negation()
            return lambda log: not inner(log)
        return self.term()

    def term(self) -> Predicate:
        kind, text = self.take()
        if kind == "open":
            inner = self.expression()
            if self.take()[0] != "close":
                raise ValueError("a parenthesis is not closed")
            return inner
        if kind not in ("word", "quoted") or (kind == "word" and text.lower() in _OPERATORS):
            raise ValueError(f"expected a field or a word, not {text!r}")
        if self.peek() and self.peek()[0] == "colon":
            self.take()
            value_kind, value = self.take()
            if value_kind not in ("word", "quoted"):
                raise ValueError(f"the field {text} needs a value")
            field = text.lower()
            return lambda log: field in log and _value_matches(value, log[field])
        if text == "*":
            return lambda log: True
        word = text.lower()
        return lambda log: any(word in value.lower() for value in log.values())


def compile_query(statement: str) -> Predicate:
    """A predicate over flattened logs; "" and "*" match every log."""
    statement = (statement or "*").split("|", 1)[0].strip() or "*"  # the analytic part after | is not run here
    parser = _Parser(statement)
    predicate = parser.expression()
    if parser.peek() is not None:
        raise ValueError(f"unexpected {parser.peek()[1]!r} in the query")
    return predicate


def matching(logs: list[dict], statement: str) -> list[dict]:
    predicate = compile_query(statement)
    return [log for log in logs if predicate(flatten(log))]
