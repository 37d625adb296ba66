"""Hostile input into every settings field, the config loader and the CLI: a clear error naming the field and
the rule (or the file and what is wrong with it), never a traceback, never an API call."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tests.support.cli import run
from tests.support.hostile import VALUES, hostile_files, settings_fields
from wizard.core.settings_file import ConfigError, load_settings, parse_settings

ROOT = Path(__file__).resolve().parents[2]
BASE = tomllib.loads((ROOT / "examples" / "baseline.toml").read_text())
FIELDS = settings_fields()


def _with(field: str, value) -> dict:
    data = {k: dict(v) if isinstance(v, dict) else v for k, v in BASE.items()}
    section, _, key = field.rpartition(".")
    (data.setdefault(section, {}) if section else data)[key] = value
    return data


def _value_at(settings, field: str):
    found = settings
    for part in field.split("."):
        found = getattr(found, part)
    return found


def _judge(field: str, value) -> None:
    """Either the value is valid and lands in the settings as given, or the error names the field, briefly."""
    try:
        built = parse_settings(_with(field, value))
    except ConfigError as error:
        named = [e for e in error.problems if e.field == field]
        assert named, f"{field}: {[str(e) for e in error.problems]}"
        for problem in error.problems:
            text = str(problem)
            assert len(text) < 400 and "\n" not in text and "\x00" not in text and "\x1b" not in text, text
        return
    landed = _value_at(built, field)
    assert landed == (tuple(value) if isinstance(value, list) else value), (field, value, landed)


def test_every_settings_field_is_known_to_the_proof():
    assert {"region", "trail.name", "oss.retention_days", "sls.ttl_days", "access.auditors", "alerts.notify"} <= \
        set(FIELDS)


@pytest.mark.parametrize("field", FIELDS)
def test_every_nasty_value_in_every_field_is_a_clear_error(field):
    for value in VALUES:
        _judge(field, value)


toml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text() | st.datetimes(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)


@hsettings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FIELDS), toml_values)
def test_any_value_in_any_field_is_accepted_exactly_or_named(field, value):
    _judge(field, value)


@hsettings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=12), toml_values, max_size=6))
def test_any_shape_of_file_is_a_config_error(data):
    with pytest.raises(ConfigError):
        parse_settings({**data, "oss": data.get("oss", 1)})


def test_hostile_files_are_clean_errors(tmp_path):
    for name, path in hostile_files(tmp_path).items():
        with pytest.raises(ConfigError) as caught:
            load_settings(path)
        text = str(caught.value)
        assert len(text) < 1000, name
        assert "\x00" not in text, name


@pytest.mark.parametrize("command", [["plan", "--offline"], ["plan"], ["audit"], ["apply", "--yes"]])
def test_the_cli_refuses_hostile_files_before_any_call(sandbox, tmp_path, monkeypatch, command):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    folder = tmp_path / "files"
    folder.mkdir()
    for name, path in hostile_files(folder).items():
        result = run(sandbox, command[0], "--config", str(path), *command[1:])
        assert result.code == 1, (name, result.out)
        assert "Traceback" not in result.err and result.err.startswith("actiontrail-wizard: "), (name, result.err)
        assert str(path) in result.err, (name, result.err)
        assert len(result.err) < 2000, name
    assert sandbox.requests() == [], "a bad settings file stops everything before the first call"
