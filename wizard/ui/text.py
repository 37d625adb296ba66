"""Text from data, never markup: every name, parameter, id and message reaches a widget through here.

A bucket name, a policy document or a cloud error can hold anything, "[/b]" and backslashes included;
parsed as markup they crash the screen (MarkupError) or restyle it. So screens build `Content` from
plain strings and (text, style) pairs (`line`), and table cells are `rich.text.Text` (`cell`): neither
is ever parsed. Control characters and bidi overrides are shown as escapes (`printable`), so a hostile
value cannot move the cursor, ring the bell or reverse the line it sits on.
"""

from __future__ import annotations

import re
from typing import Any, Union

from rich.text import Text
from textual.content import Content

Part = Union[str, tuple[str, str], Content]
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
CELL_WIDTH = 120  # a table cell shows this much; the detail views show everything


def printable(value: Any) -> str:
    """The value as a string with control characters and bidi overrides written as escapes (tabs as spaces)."""
    text = value if isinstance(value, str) else "" if value is None else str(value)
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                            else f"\\u{ord(m.group()):04x}", text.replace("\t", "    "))


def line(*parts: Part) -> Content:
    """Content from plain strings, (text, style) pairs and other Content: the strings are never parsed."""
    assembled: list[Part] = []
    for part in parts:
        if isinstance(part, Content):
            assembled.append(part)
        elif isinstance(part, tuple):
            assembled.append((printable(part[0]), part[1]))
        else:
            assembled.append(printable(part))
    return Content.assemble(*assembled)


def cell(value: Any, style: str = "", width: int = CELL_WIDTH) -> Text:
    """A table cell: one line of plain text, cut at `width` with an ellipsis."""
    text = printable(value).replace("\n", " ")
    if len(text) > width:
        text = text[:max(0, width - 1)] + "…"
    return Text(text, style=style, no_wrap=True, end="")
