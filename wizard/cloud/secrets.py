"""Secrets the settings refer to (dingtalk:env:NAME), read from the environment only where a call sends them.

Settings, plans, journals and saved files hold `${env:NAME}`; the value is read at
the moment of the call that needs it, checked, and remembered by wizard.core.redact
so that no message can show it afterwards. `unresolved` says, before anything is
written, which references cannot be read, naming the field and the variable.
"""

from __future__ import annotations

import os
import re

import json

from wizard.core.alerts.notify import DINGTALK_WEBHOOK, OTHER_TOKEN, UNREAD_TOKEN, WEBHOOKS, webhook_id, webhook_url
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


def webhook_as_planned(record: tuple[str, str, str], settings: Settings) -> tuple[str, str, str]:
    """A DingTalk recipient record as read, with its token replaced before it reaches Observed: by the settings'
    reference when it is the token the variable holds (the audit then compares it as planned), by a stand-in
    when the variable is unset here (an auditor's machine: the token cannot be compared). Another token is
    masked too, so a secret read from the cloud is never kept, and the audit sees a URL that is not the planned one."""
    resource, record_id, text = record
    references = {webhook_id(t.partition(":")[2]): t.partition(":")[2] for t in settings.alerts.notify
                  if t.startswith("dingtalk:")}
    if resource != WEBHOOKS or record_id not in references:
        return record
    try:
        value = json.loads(text)
    except ValueError:
        return record
    url = value.get("url") if isinstance(value, dict) else None
    if not isinstance(url, str) or not url.startswith(DINGTALK_WEBHOOK):
        return record
    reference = references[record_id]
    raw = os.environ.get(reference.removeprefix("env:")) if reference.startswith("env:") else None
    token = url[len(DINGTALK_WEBHOOK):]
    if raw is not None and _problem(reference.removeprefix("env:"), raw) is None:
        value["url"] = webhook_url(reference) if token == _token(raw) else DINGTALK_WEBHOOK + OTHER_TOKEN
    else:
        value["url"] = DINGTALK_WEBHOOK + UNREAD_TOKEN
    if token:
        remember(token)
    return resource, record_id, json.dumps(value, separators=(",", ":"), sort_keys=True)
