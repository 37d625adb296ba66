"""Reading and writing settings: a TOML file (or the answers of the steps) -> Settings, every problem named.

Any file, even binary, huge, endless or nested to death, is a clean ConfigError
naming the field and the rule; nothing else is ever raised for a bad file.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Mapping

from wizard.core.settings import AccessSettings, AlertSettings, OssSettings, Settings, SlsSettings, TrailSettings
from wizard.core.validation import SCHEMA, show, validate_region
from wizard.errors import WizardError


@dataclass(frozen=True)
class FieldProblem:
    """One field that breaks its rule: a record, shown as "oss.retention_days: 90 is below ..."."""

    field: str  # dotted path, e.g. "oss.retention_days"
    value: Any
    message: str  # the rule, in words

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ConfigError(WizardError):
    """Every problem found in a settings file (or a set of answers), not just the first."""

    def __init__(self, problems: list[FieldProblem], source: str = "the settings"):
        self.problems, self.source = problems, source
        super().__init__(f"{source} has {len(problems)} problem(s):\n" + "\n".join(f"  {p}" for p in problems))

    def naming(self, source: str) -> "ConfigError":
        """The same problems, said of the file they came from."""
        return ConfigError(self.problems, source)


_SECTIONS = {"trail": TrailSettings, "oss": OssSettings, "sls": SlsSettings, "access": AccessSettings, "alerts": AlertSettings}


def _check_section(name: str, raw: Any, errors: list[FieldProblem]) -> dict[str, Any] | None:
    if not isinstance(raw, Mapping):
        errors.append(FieldProblem(name, raw, f"must be a table ([{name}]), not {show(raw)}"))
        return None
    fields = SCHEMA[name]
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in fields:
            errors.append(FieldProblem(f"{name}.{key}", value, f"unknown setting; known: {', '.join(fields)}"))
            continue
        problem = fields[key][0](value)
        if problem:
            errors.append(FieldProblem(f"{name}.{key}", value, problem))
            continue
        values[key] = tuple(value) if isinstance(value, list) else value
    for key, (_check, required) in fields.items():
        if required and key not in raw:
            errors.append(FieldProblem(f"{name}.{key}", None, "is required"))
    return values


def parse_settings(data: Mapping[str, Any]) -> Settings:
    """Settings from a parsed TOML mapping; raises ConfigError listing every problem."""
    errors: list[FieldProblem] = []
    if not isinstance(data, Mapping):
        raise ConfigError([FieldProblem("<file>", data, "must be a TOML table")])
    sections: dict[str, Any] = {}
    region = data.get("region", Settings.region)
    problem = validate_region(region)
    if problem:
        errors.append(FieldProblem("region", region, problem))
    for key, raw in data.items():
        if key == "region":
            continue
        if key not in SCHEMA:
            errors.append(FieldProblem(key, raw, f"unknown setting; known: region, {', '.join(SCHEMA)}"))
            continue
        values = _check_section(key, raw, errors)
        if values is not None:
            sections[key] = values
    if "oss" not in data and "sls" not in data:
        errors.append(FieldProblem("oss/sls", None, "at least one destination is required: add [oss], [sls] or both"))
    sls = sections.get("sls") or {}
    if sls.get("encryption") == "cmk" and "kms_key" not in sls and "sls" in sections:
        sls["kms_key"] = "create"
    alerts = sections.get("alerts", {})
    if alerts.get("enabled", AlertSettings.enabled) and "sls" not in data and "alerts" in data:
        errors.append(FieldProblem("alerts.enabled", True, "alerts run on Log Service: add [sls] or set enabled = false"))
    access = sections.get("access", {})
    if access.get("admin_users") and not AccessSettings(admins=access.get("admins", ())).admin_group:
        users = ", ".join(access["admin_users"])
        if "admins" in access:  # the rule spans two fields: name the one that lacks what the other needs
            errors.append(FieldProblem("access.admins", list(access["admins"]), f"has no group:NAME for "
                                       f"access.admin_users ({users}) to hold their rights through (CIS 1.16)"))
        else:
            errors.append(FieldProblem("access.admin_users", list(access["admin_users"]), "needs a group:NAME in "
                                       "access.admins to put them in (CIS 1.16: admin rights through a group)"))
    if errors:
        raise ConfigError(errors)
    built = {name: _SECTIONS[name](**values) for name, values in sections.items()}
    if "sls" not in data and "alerts" not in data:
        built["alerts"] = AlertSettings(enabled=False)
    return Settings(region=region, **built)


MAX_FILE_BYTES = 1 << 20  # a settings file is a few hundred bytes; a bigger one is a mistake


def _file_error(path: str | Path, message: str) -> ConfigError:
    return ConfigError([FieldProblem("<file>", str(path), message)], str(path))


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
    try:
        return parse_settings(data)
    except ConfigError as error:
        raise error.naming(str(path)) from None


def settings_to_mapping(settings: Settings) -> dict[str, Any]:
    """The TOML-shaped mapping of settings (absent destinations omitted)."""
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
