"""Secrets the settings refer to (dingtalk:env:NAME), read from the environment only where a call sends them.

Settings, plans, journals and saved files hold `${env:NAME}`; the value is read at
the moment of the call that needs it, checked, and remembered by wizard.core.redact
so that no message can show it afterwards. `unresolved` says, before anything is
written, which references cannot be read, naming the field and the variable.
"""

from __future__ import annotations

import os
import re

from wizard.core.alerts.notify import DINGTALK_WEBHOOK
from wizard.core.redact import remember
from wizard.core.settings import Settings
from wizard.cloud.errors import CloudError

_REFERENCE = re.compile(r"\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def _problem(name: str, value: str | None) -> str | None:
    if value is None or not value.strip():
        return f"the environment variable {name} is not set; set it to the DingTalk robot's access token"
    if not _TOKEN.match(_token(value)):
        return (f"the environment variable {name} does not hold a DingTalk access token (letters, digits, _ and -) "
                f"nor a webhook URL {DINGTALK_WEBHOOK}...")
    return None


def _token(value: str) -> str:
    """The token itself, whether the variable holds it or the whole webhook URL."""
    value = value.strip()
    return value[len(DINGTALK_WEBHOOK):] if value.startswith(DINGTALK_WEBHOOK) else value


def resolve_references(text: str) -> str:
    """`text` with each ${env:NAME} replaced by the token the variable holds (remembered, so it is always masked)."""
    def value(match: re.Match) -> str:
        name = match.group(1)
        raw = os.environ.get(name)
        problem = _problem(name, raw)
        if problem:  # a hard stop of this call, never retried, naming the field and the variable
            raise CloudError("", "", "SecretNotSet", f"alerts.notify: dingtalk:env:{name}: {problem}")
        token = _token(raw)
        remember(token)
        return token
    return _REFERENCE.sub(value, text)


def unresolved(settings: Settings) -> list[str]:
    """Each secret reference of the settings that cannot be read now, as "field: value: problem"."""
    problems = []
    if not (settings.sls and settings.alerts.enabled):
        return problems
    for target in settings.alerts.notify:
        if target.startswith("dingtalk:env:"):
            name = target.removeprefix("dingtalk:env:")
            problem = _problem(name, os.environ.get(name))
            if problem:
                problems.append(f"alerts.notify: {target}: {problem}")
    return problems
