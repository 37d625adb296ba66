"""Masking secrets wherever they are shown: a DingTalk robot's access_token, and any secret value resolved at run time.

Settings never hold the token itself (they name the environment variable that does,
`dingtalk:env:NAME`); the plan shows where it comes from (`access_token=${env:NAME}`),
never its value. The cloud layer registers each secret it resolves (`remember`), so
an error message that echoes it, with or without its `access_token=` label, is masked
too: the plan text, plan JSON, saved files, every screen and every error message.
"""

from __future__ import annotations

import re
import threading
from typing import Any

MASK = "***"
_SECRET_QUERY = re.compile(r"(?i)\b((?:access_token|token|secret|sign)=)(?!\$\{env:)[^&\"'\s\\]+")
_KNOWN: set[str] = set()  # secret values resolved in this process (only ever masked, never shown)
_LOCK = threading.Lock()
MIN_REMEMBERED = 8  # a shorter value would mask ordinary words


def remember(secret: str) -> None:
    """A secret resolved at run time: from now on it is masked wherever it appears."""
    if len(secret) >= MIN_REMEMBERED:
        with _LOCK:
            _KNOWN.add(secret)


def redact(value: Any) -> Any:
    """The value with every secret masked (strings, lists and dicts, recursively)."""
    if isinstance(value, str):
        text = _SECRET_QUERY.sub(lambda m: m.group(1) + MASK, value)
        with _LOCK:
            known = sorted(_KNOWN, key=len, reverse=True)
        for secret in known:
            text = text.replace(secret, MASK)
        return text
    if isinstance(value, dict):
        return {k: redact(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact(v) for v in value]
    return value
