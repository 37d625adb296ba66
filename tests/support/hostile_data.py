"""Hostile strings in every text field of a record: what the screens must show as text, never as markup.

`hostile_text` draws strings made of what breaks markup and terminals (brackets, closing tags, backslashes,
quotes, control characters, bidi overrides, very long runs); `hostile_copy` rebuilds a record (a dataclass,
with its tuples, lists and dicts) with a drawn string in place of every string it holds, keys included.
Enums keep their value (a verdict is a verdict), and so do the fields named in `keep` (ids a widget keys on).
"""

from __future__ import annotations

import dataclasses
import itertools
from enum import Enum
from typing import Any, Callable

from hypothesis import strategies as st

FRAGMENTS = ["[", "]", "[/]", "[b]", "[/b]", "[red", "[@click=app.quit]", "[$accent]", "\\", "\\[", "[\\\"",
             "\\\"", "\"", "'", "=", "{", "}", "$", "${x.y}", "\x00", "\x07", "\x1b[31m", "\x1b]0;t\x07", "\r",
             "\n", "\t", "\x7f", "\x9b", "\u202e", "\u2066", "é", "桶", "🙂", "<b>", "&amp;", "%s", " ", "-", ":"]
LONG = "[" * 500 + "x" * 5000 + "[/]"  # very long, and unbalanced

hostile_text = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=4), min_size=1, max_size=12).map("".join),
    st.just(LONG),
    st.just("[/]"),
    st.just(""),
)


def corpus() -> Callable[[], str]:
    """Every fragment, then LONG, in turn: a deterministic stand-in for `hostile_text` outside hypothesis."""
    cycle = itertools.cycle([*FRAGMENTS, LONG, "[b]bold[/b] [/] \\[x] \x1b[2J"])
    return lambda: next(cycle)


def hostile_copy(value: Any, text: Callable[[], str], keep: frozenset[str] = frozenset()) -> Any:
    """`value` with every string replaced by `text()`; dataclass fields named in `keep` stay as they are."""
    if isinstance(value, Enum) or isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return text()
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, tuple):
        return tuple(hostile_copy(v, text, keep) for v in value)
    if isinstance(value, list):
        return [hostile_copy(v, text, keep) for v in value]
    if isinstance(value, dict):
        return {hostile_copy(k, text, keep): hostile_copy(v, text, keep) for k, v in value.items()}
    if dataclasses.is_dataclass(value):
        changes = {f.name: hostile_copy(getattr(value, f.name), text, keep) for f in dataclasses.fields(value)
                   if f.name not in keep and f.init}
        return dataclasses.replace(value, **changes)
    return value
