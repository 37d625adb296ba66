"""Settings: the desired state of an account's ActionTrail setup.

The dataclasses below are the public contract (TOML schema in README.md).
Loading, saving and every validation rule live in this module too, so the
wizard steps, the CLI and the tests share one definition of "valid".
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

MIN_RETENTION_DAYS = 180  # MLPS 2.0 / Cybersecurity Law: six months of logs
DEFAULT_RETENTION_DAYS = 365  # CIS Alibaba Cloud: 365 days of Logstore retention
SLS_TTL_FOREVER = 3650


@dataclass(frozen=True)
class TrailSettings:
    name: str = "actiontrail-baseline"
    event_rw: str = "All"  # All | Read | Write
    trail_region: str = "All"  # "All" or one region id
    organization: bool = False


@dataclass(frozen=True)
class OssSettings:
    bucket: str
    prefix: str = "actiontrail"
    kms_key: str = "create"  # "create" | key id | "alias/<name>"
    retention_days: int = DEFAULT_RETENTION_DAYS
    lock: bool = True


@dataclass(frozen=True)
class SlsSettings:
    project: str
    encryption: str = "service"  # "service" | "cmk"
    kms_key: str = "create"  # only used with encryption = "cmk"
    ttl_days: int = DEFAULT_RETENTION_DAYS
    backfill: bool = True  # a new trail also delivers the last 90 days (CreateDeliveryHistoryJob)


@dataclass(frozen=True)
class AccessSettings:
    auditor_policy: str = "ActionTrailAuditorReadOnly"
    auditors: tuple[str, ...] = ()  # "user:NAME" | "group:NAME" | "role:NAME"
    admins: tuple[str, ...] = ()


@dataclass(frozen=True)
class AlertSettings:
    enabled: bool = True
    notify: tuple[str, ...] = ()  # "email:ADDR" | "dingtalk:WEBHOOK"


@dataclass(frozen=True)
class Settings:
    region: str = "cn-hangzhou"
    trail: TrailSettings = field(default_factory=TrailSettings)
    oss: OssSettings | None = None
    sls: SlsSettings | None = None
    access: AccessSettings = field(default_factory=AccessSettings)
    alerts: AlertSettings = field(default_factory=AlertSettings)

    @property
    def logstore_name(self) -> str:
        """ActionTrail's fixed Logstore name for this trail."""
        return f"actiontrail_{self.trail.name}"


# --------------------------------------------------------------------------- validation

MAX_RETENTION_DAYS = 25550  # OSS WORM upper bound (70 years)
MAX_TEXT = 1024  # longest value any text field accepts, so a 10 kB paste is a clean error

EVENT_RW_CHOICES = ("All", "Read", "Write")
SLS_ENCRYPTION_CHOICES = ("service", "cmk")

_TRAIL_NAME = re.compile(r"^[a-z][a-z0-9_-]{5,35}$")
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")
_PROJECT = _BUCKET
_REGION = re.compile(r"^[a-z]{2,}-[a-z0-9]+(-[a-z0-9]+)*$")
_PREFIX = re.compile(r"^[A-Za-z0-9_.-][A-Za-z0-9/_.-]*$")
_KEY_ID = re.compile(r"^(key-[a-z0-9]{4,}[a-z0-9-]*|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$")
_ALIAS = re.compile(r"^alias/[A-Za-z0-9_/-]{1,255}$")
_POLICY = re.compile(r"^[A-Za-z0-9-]{1,128}$")
_PRINCIPAL = re.compile(r"^(user|group|role):[A-Za-z0-9._@-]{1,64}$")
_EMAIL = re.compile(r"^email:[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_DINGTALK = re.compile(r"^dingtalk:https://oapi\.dingtalk\.com/robot/send\?access_token=[A-Za-z0-9_-]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class FieldError:
    field: str  # dotted path, e.g. "oss.retention_days"
    value: Any
    message: str  # the rule, in words

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ConfigError(Exception):
    """Every problem found in a settings file, not just the first."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def _show(value: Any) -> str:
    try:
        text = repr(value) if isinstance(value, str) else str(value)
    except RecursionError:
        return "(a value nested too deeply to show)"
    return text if len(text) <= 60 else text[:57] + "..."


def _text_problem(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"{_show(value)} is not text"
    if len(value) > MAX_TEXT:
        return f"is {len(value)} characters long; at most {MAX_TEXT} are accepted"
    if _CONTROL.search(value):
        return f"{_show(value)} contains control characters"
    return None


def _pattern(rule: str, pattern: re.Pattern[str]) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        problem = _text_problem(value)
        if problem:
            return problem
        return None if pattern.match(value) else f"{_show(value)} is not valid: {rule}"

    return check


def _choice(choices: tuple[str, ...]) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if value in choices:
            return None
        return f"{_show(value)} is not one of {', '.join(choices)}"

    return check


def _days(minimum: int, maximum: int, why: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"{_show(value)} is not a whole number of days"
        if value < minimum:
            return f"{value} is below the {minimum}-day minimum required by {why}"
        if value > maximum:
            return f"{value} is above the {maximum}-day maximum"
        return None

    return check


def _boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"{_show(value)} is not true or false"


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


def validate_prefix(value: Any) -> str | None:
    problem = _text_problem(value)
    if problem:
        return problem
    if value == "":
        return None
    if value.startswith("/"):
        return f"{_show(value)} must not start with /"
    if ".." in value.split("/"):
        return f"{_show(value)} must not contain .."
    if not _PREFIX.match(value):
        return f"{_show(value)} may only contain A-Z, a-z, 0-9, /, _, . and -"
    return None


def validate_kms_key(value: Any) -> str | None:
    problem = _text_problem(value)
    if problem:
        return problem
    if value == "create" or _KEY_ID.match(value) or _ALIAS.match(value):
        return None
    return f'{_show(value)} is not "create", a KMS key id or "alias/<name>"'


def validate_principal(value: Any) -> str | None:
    problem = _text_problem(value)
    if problem:
        return problem
    if _PRINCIPAL.match(value):
        return None
    return f"{_show(value)} is not user:NAME, group:NAME or role:NAME (NAME: 1-64 of A-Z a-z 0-9 . _ @ -)"


def validate_notify(value: Any) -> str | None:
    problem = _text_problem(value)
    if problem:
        return problem
    if _EMAIL.match(value) or _DINGTALK.match(value):
        return None
    if value.startswith("dingtalk:"):
        from wizard.core.redact import redact  # the token is a secret even in an error message

        return (f"{_show(redact(value))} is not a DingTalk robot webhook: "
                "dingtalk:https://oapi.dingtalk.com/robot/send?access_token=TOKEN")
    return f"{_show(value)} is not email:ADDRESS or dingtalk:https://... (a DingTalk robot webhook)"


def _list_of(item_check: Callable[[Any], str | None]) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if not isinstance(value, list | tuple):
            return f"{_show(value)} is not a list"
        if len(value) > 100:
            return f"has {len(value)} entries; at most 100 are accepted"
        for item in value:
            problem = item_check(item)
            if problem:
                return problem
        return None

    return check


validate_principals = _list_of(validate_principal)
validate_notify_list = _list_of(validate_notify)

# section -> field -> (validator, required)
_SCHEMA: dict[str, dict[str, tuple[Callable[[Any], str | None], bool]]] = {
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
    },
    "alerts": {
        "enabled": (validate_bool, False),
        "notify": (validate_notify_list, False),
    },
}
_SECTIONS = {"trail": TrailSettings, "oss": OssSettings, "sls": SlsSettings, "access": AccessSettings, "alerts": AlertSettings}


def _check_section(name: str, raw: Any, errors: list[FieldError]) -> dict[str, Any] | None:
    if not isinstance(raw, Mapping):
        errors.append(FieldError(name, raw, f"must be a table ([{name}]), not {_show(raw)}"))
        return None
    fields = _SCHEMA[name]
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in fields:
            errors.append(FieldError(f"{name}.{key}", value, f"unknown setting; known: {', '.join(fields)}"))
            continue
        problem = fields[key][0](value)
        if problem:
            errors.append(FieldError(f"{name}.{key}", value, problem))
            continue
        values[key] = tuple(value) if isinstance(value, list) else value
    for key, (_check, required) in fields.items():
        if required and key not in raw:
            errors.append(FieldError(f"{name}.{key}", None, "is required"))
    return values


def parse_settings(data: Mapping[str, Any]) -> Settings:
    """Settings from a parsed TOML mapping; raises ConfigError listing every problem."""
    errors: list[FieldError] = []
    if not isinstance(data, Mapping):
        raise ConfigError([FieldError("<file>", data, "must be a TOML table")])
    sections: dict[str, Any] = {}
    region = data.get("region", Settings.region)
    problem = validate_region(region)
    if problem:
        errors.append(FieldError("region", region, problem))
    for key, raw in data.items():
        if key == "region":
            continue
        if key not in _SCHEMA:
            errors.append(FieldError(key, raw, f"unknown setting; known: region, {', '.join(_SCHEMA)}"))
            continue
        values = _check_section(key, raw, errors)
        if values is not None:
            sections[key] = values
    if "oss" not in data and "sls" not in data:
        errors.append(FieldError("oss/sls", None, "at least one destination is required: add [oss], [sls] or both"))
    sls = sections.get("sls") or {}
    if sls.get("encryption") == "cmk" and "kms_key" not in sls and "sls" in sections:
        sls["kms_key"] = "create"
    alerts = sections.get("alerts", {})
    if alerts.get("enabled", AlertSettings.enabled) and "sls" not in data and "alerts" in data:
        errors.append(FieldError("alerts.enabled", True, "alerts run on Log Service: add [sls] or set enabled = false"))
    if errors:
        raise ConfigError(errors)
    built = {name: _SECTIONS[name](**values) for name, values in sections.items()}
    if "sls" not in data and "alerts" not in data:
        built["alerts"] = AlertSettings(enabled=False)
    return Settings(region=region, **built)


MAX_FILE_BYTES = 1 << 20  # a settings file is a few hundred bytes; a bigger one is a mistake


def _file_error(path: str | Path, message: str) -> ConfigError:
    return ConfigError([FieldError("<file>", str(path), message)])


def load_settings(path: str | Path) -> Settings:
    """Read and validate a settings TOML file: any file, even binary, huge or endless, is a clean ConfigError."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)  # never more: the path may be /dev/zero or a FIFO
    except OSError as exc:
        raise _file_error(path, f"cannot read {path}: {exc.__class__.__name__}: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise _file_error(path, f"{path} is larger than {MAX_FILE_BYTES // 1024} KiB; a settings file is a few "
                          "lines of TOML (see examples/baseline.toml)")
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark from a Windows editor is fine
    except UnicodeDecodeError as exc:
        raise _file_error(path, f"{path} is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                          "save it as UTF-8") from None
    if not text.strip():
        raise _file_error(path, f"{path} is empty; see examples/baseline.toml for a settings file")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _file_error(path, f"{path} is not valid TOML: {exc}") from None
    except RecursionError:
        raise _file_error(path, f"{path} nests arrays or tables too deeply to be a settings file") from None
    return parse_settings(data)


def settings_to_mapping(settings: Settings) -> dict[str, Any]:
    """The TOML-shaped mapping of settings (absent destinations omitted)."""
    from dataclasses import asdict

    data: dict[str, Any] = {"region": settings.region}
    for name in ("trail", "oss", "sls", "access", "alerts"):
        section = getattr(settings, name)
        if section is not None:
            data[name] = {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(section).items()}
    return data


def dump_settings(settings: Settings) -> str:
    import tomli_w

    return tomli_w.dumps(settings_to_mapping(settings))


def save_settings(settings: Settings, path: str | Path) -> None:
    Path(path).write_text(dump_settings(settings), encoding="utf-8")
