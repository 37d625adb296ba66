"""The rule of every settings field, in words: a validator returns the problem, or None when the value is fine.

Shared by the settings file, both front ends' questions (steps/) and the tests, so
a value is valid in a step exactly when it is valid in a file. SCHEMA maps each
section's fields to their validator and whether they are required.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from wizard.core.settings import (
    EVENT_RW_CHOICES,
    MAX_RETENTION_DAYS,
    MAX_TEXT,
    MIN_RETENTION_DAYS,
    SLS_ENCRYPTION_CHOICES,
    SLS_TTL_FOREVER,
)

Validator = Callable[[Any], "str | None"]

_TRAIL_NAME = re.compile(r"^[a-z][a-z0-9_-]{5,35}$")
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")
_PROJECT = _BUCKET
_REGION = re.compile(r"^[a-z]{2,}-[a-z0-9]+(-[a-z0-9]+)*$")
_PREFIX = re.compile(r"^[A-Za-z][A-Za-z0-9/_-]{5,31}$")  # CreateTrail/UpdateTrail OssKeyPrefix
_KEY_ID = re.compile(r"^(key-[a-z0-9]{4,}[a-z0-9-]*|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")
_ALIAS = re.compile(r"^alias/[A-Za-z0-9_/-]{1,255}$")
_POLICY = re.compile(r"^[A-Za-z0-9-]{1,128}$")
_PRINCIPAL = re.compile(r"^(user|group|role):[A-Za-z0-9._@-]{1,64}$")
_EMAIL = re.compile(r"^email:[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_DINGTALK = re.compile(r"^dingtalk:env:[A-Za-z_][A-Za-z0-9_]{0,127}$")  # the token lives in the environment
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def show(value: Any) -> str:
    """A value as quoted in a message: repr for text, cut at 60 characters."""
    try:
        text = repr(value) if isinstance(value, str) else str(value)
    except RecursionError:
        return "(a value nested too deeply to show)"
    return text if len(text) <= 60 else text[:57] + "..."


def _text_problem(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"{show(value)} is not text"
    if len(value) > MAX_TEXT:
        return f"is {len(value)} characters long; at most {MAX_TEXT} are accepted"
    if _CONTROL.search(value):
        return f"{show(value)} contains control characters"
    return None


def _pattern(rule: str, pattern: re.Pattern[str]) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        problem = _text_problem(value)
        if problem:
            return problem
        return None if pattern.match(value) else f"{show(value)} is not valid: {rule}"

    return check


def _choice(choices: tuple[str, ...]) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if value in choices:
            return None
        return f"{show(value)} is not one of {', '.join(choices)}"

    return check


def _days(minimum: int, maximum: int, why: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"{show(value)} is not a whole number of days"
        if value < minimum:
            return f"{value} is below the {minimum}-day minimum required by {why}"
        if value > maximum:
            return f"{value} is above the {maximum}-day maximum"
        return None

    return check


def _boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"{show(value)} is not true or false"


validate_region = _pattern("a region id such as cn-hangzhou", _REGION)
validate_trail_name = _pattern("6-36 characters of a-z, 0-9, _ and -, starting with a lowercase letter", _TRAIL_NAME)
validate_event_rw = _choice(EVENT_RW_CHOICES)
validate_bucket = _pattern("3-63 characters of a-z, 0-9 and -, starting and ending with a letter or digit", _BUCKET)
validate_project = _pattern("3-63 characters of a-z, 0-9 and -, starting and ending with a letter or digit", _PROJECT)
validate_retention_days = _days(MIN_RETENTION_DAYS, MAX_RETENTION_DAYS, "MLPS 2.0")
validate_ttl_days = _days(MIN_RETENTION_DAYS, SLS_TTL_FOREVER, "MLPS 2.0")
validate_sls_encryption = _choice(SLS_ENCRYPTION_CHOICES)
validate_policy_name = _pattern("1-128 characters of A-Z, a-z, 0-9 and -", _POLICY)
validate_bool = _boolean


def validate_trail_region(value: Any) -> str | None:
    if value == "All":
        return None
    problem = validate_region(value)
    return f"{problem} (or \"All\")" if problem else None


PREFIX_RULE = "6-32 characters of A-Z, a-z, 0-9, -, / and _, starting with a letter (or empty for none)"


def validate_prefix(value: Any) -> str | None:
    """The trail's OssKeyPrefix, as CreateTrail and UpdateTrail accept it."""
    problem = _text_problem(value)
    if problem:
        return problem
    if value == "" or _PREFIX.match(value):
        return None
    return f"{show(value)} is not valid: {PREFIX_RULE}"


def validate_kms_key(value: Any) -> str | None:
    problem = _text_problem(value)
    if problem:
        return problem
    if value == "create" or _KEY_ID.match(value) or _ALIAS.match(value):
        return None
    return f'{show(value)} is not "create", a KMS key id or "alias/<name>"'


def validate_principal(value: Any) -> str | None:
    problem = _text_problem(value)
    if problem:
        return problem
    if _PRINCIPAL.match(value):
        return None
    return f"{show(value)} is not user:NAME, group:NAME or role:NAME (NAME: 1-64 of A-Z a-z 0-9 . _ @ -)"


def validate_notify(value: Any) -> str | None:
    """email:ADDRESS, or dingtalk:env:NAME: a DingTalk robot's access token is a secret, so settings only name the
    environment variable that holds it (read where the call is made, wizard/cloud/secrets.py)."""
    problem = _text_problem(value)
    if problem:
        return problem
    if _EMAIL.match(value) or _DINGTALK.match(value):
        return None
    if value.startswith("dingtalk:"):
        from wizard.core.redact import redact  # the token is a secret even in an error message

        if value.startswith("dingtalk:env:"):
            return (f"{show(value)} is not valid: dingtalk:env:NAME, NAME an environment variable (letters, digits and "
                    "_, not starting with a digit) holding the robot's access token")
        shown = show(redact(value)) if "access_token=" in value else "this dingtalk: value"  # never echo a token
        return (f"{shown} holds the robot's access token in clear, and a secret is never stored in settings: put "
                "the token (or the whole webhook URL) in an environment variable, e.g. export DINGTALK_TOKEN=..., "
                "and write dingtalk:env:DINGTALK_TOKEN")
    return f"{show(value)} is not email:ADDRESS or dingtalk:env:NAME (a DingTalk robot whose token is in $NAME)"


def _list_of(item_check: Callable[[Any], str | None]) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if not isinstance(value, list | tuple):
            return f"{show(value)} is not a list"
        if len(value) > 100:
            return f"has {len(value)} entries; at most 100 are accepted"
        for item in value:
            problem = item_check(item)
            if problem:
                return problem
        return None

    return check


validate_principals = _list_of(validate_principal)


def validate_user(value: Any) -> str | None:
    problem = validate_principal(value)
    if problem or value.startswith("user:"):
        return problem
    return f"{show(value)} is not user:NAME: only RAM users are put in the admin group"


validate_users = _list_of(validate_user)
validate_notify_list = _list_of(validate_notify)

# section -> field -> (validator, required)
SCHEMA: dict[str, dict[str, tuple[Callable[[Any], str | None], bool]]] = {
    "trail": {
        "name": (validate_trail_name, False),
        "event_rw": (validate_event_rw, False),
        "trail_region": (validate_trail_region, False),
        "organization": (validate_bool, False),
    },
    "oss": {
        "bucket": (validate_bucket, True),
        "prefix": (validate_prefix, False),
        "kms_key": (validate_kms_key, False),
        "retention_days": (validate_retention_days, False),
        "lock": (validate_bool, False),
    },
    "sls": {
        "project": (validate_project, True),
        "encryption": (validate_sls_encryption, False),
        "kms_key": (validate_kms_key, False),
        "ttl_days": (validate_ttl_days, False),
        "backfill": (validate_bool, False),
    },
    "access": {
        "auditor_policy": (validate_policy_name, False),
        "auditors": (validate_principals, False),
        "admins": (validate_principals, False),
        "admin_users": (validate_users, False),
    },
    "alerts": {
        "enabled": (validate_bool, False),
        "notify": (validate_notify_list, False),
    },
}
