"""Masking secrets that live inside settings values (a DingTalk robot's access_token) wherever they are shown.

The executor sends the real values; the plan text, plan JSON, saved plan files
and the plan screen show them masked, so a screenshot or a pasted plan never
carries the token.
"""

from __future__ import annotations

import re
from typing import Any

MASK = "***"
_SECRET_QUERY = re.compile(r"(?i)\b((?:access_token|token|secret|sign)=)[^&\"'\s\\]+")


def redact(value: Any) -> Any:
    """The value with every secret query parameter masked (strings, lists and dicts, recursively)."""
    if isinstance(value, str):
        return _SECRET_QUERY.sub(lambda m: m.group(1) + MASK, value)
    if isinstance(value, dict):
        return {k: redact(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact(v) for v in value]
    return value
