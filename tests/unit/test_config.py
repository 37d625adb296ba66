"""Settings: every validation rule with good and bad values, messages that name field and rule, TOML round-trip."""

from __future__ import annotations

import pytest

from tests.support.factories import BASELINE, settings
from wizard.core.settings_file import ConfigError, dump_settings, load_settings, parse_settings


def _errors(data) -> dict[str, str]:
    with pytest.raises(ConfigError) as caught:
        parse_settings(data)
    return {e.field: str(e) for e in caught.value.problems}


def _with(section, key, value):
    data = {k: dict(v) if isinstance(v, dict) else v for k, v in BASELINE.items()}
    if section is None:
        data[key] = value
    else:
        data[section][key] = value
    return data


GOOD = [
    (None, "region", "cn-shanghai"), (None, "region", "ap-southeast-1"),
    ("trail", "name", "abcdef"), ("trail", "name", "a" * 36), ("trail", "name", "trail_01-x"),
    ("trail", "event_rw", "Read"), ("trail", "event_rw", "Write"), ("trail", "trail_region", "cn-beijing"),
    ("trail", "organization", True),
    ("oss", "bucket", "abc"), ("oss", "bucket", "a" * 63), ("oss", "prefix", ""), ("oss", "prefix", "logs/at"),
    ("oss", "kms_key", "key-hzz62f1cb66fy3nre0j5"), ("oss", "kms_key", "alias/my-key"),
    ("oss", "kms_key", "12345678-1234-1234-1234-123456789012"),
    ("oss", "retention_days", 180), ("oss", "retention_days", 25550), ("oss", "lock", False),
    ("sls", "project", "my-project-1"), ("sls", "encryption", "cmk"), ("sls", "ttl_days", 3650),
    ("sls", "ttl_days", 180), ("sls", "backfill", False), ("access", "auditor_policy", "Auditors-1"),
    ("access", "auditors", ["user:alice", "role:audit.role", "group:g@x"]), ("access", "admins", ["group:ops", "role:admin"]),
    ("access", "admin_users", []), ("access", "admin_users", ["user:a", "user:b.c"]),
    ("alerts", "notify", ["email:a.b@example.co.uk", "dingtalk:env:DINGTALK_TOKEN"]),
    ("alerts", "enabled", False),
]


@pytest.mark.parametrize(("section", "key", "value"), GOOD)
def test_good_values_are_accepted(section, key, value):
    parse_settings(_with(section, key, value))


BAD = [
    (None, "region", "Hangzhou", "region"),
    ("trail", "name", "short", "6-36 characters"), ("trail", "name", "a" * 37, "6-36 characters"),
    ("trail", "name", "1trail", "starting with a lowercase letter"), ("trail", "name", "Trail-Name", "lowercase"),
    ("trail", "event_rw", "all", "not one of All, Read, Write"), ("trail", "trail_region", "everywhere", "region id"),
    ("trail", "organization", "yes", "not true or false"),
    ("oss", "bucket", "ab", "3-63 characters"), ("oss", "bucket", "Acme", "3-63 characters"),
    ("oss", "bucket", "-acme", "starting and ending"), ("oss", "bucket", "a" * 64, "3-63 characters"),
    ("oss", "prefix", "/abs/logs", "starting with a letter"), ("oss", "prefix", "abc/../def", "6-32 characters"),
    ("oss", "prefix", "a b c d e", "6-32 characters"), ("oss", "prefix", "logs", "6-32 characters"),
    ("oss", "prefix", "1logs-here", "starting with a letter"), ("oss", "prefix", "a" * 33, "6-32 characters"),
    ("oss", "prefix", "act.trail", "6-32 characters"), ("oss", "kms_key", "my key", "not \"create\""),
    ("oss", "retention_days", 90, "90 is below the 180-day minimum required by MLPS 2.0"),
    ("oss", "retention_days", 30000, "above the 25550-day maximum"),
    ("oss", "retention_days", "365", "not a whole number"), ("oss", "retention_days", True, "not a whole number"),
    ("oss", "retention_days", 365.5, "not a whole number"), ("oss", "retention_days", -1, "below the 180-day"),
    ("oss", "lock", 1, "not true or false"),
    ("sls", "project", "p", "3-63 characters"), ("sls", "encryption", "none", "not one of service, cmk"),
    ("sls", "ttl_days", 30, "30 is below the 180-day minimum"), ("sls", "ttl_days", 3651, "3650-day maximum"),
    ("sls", "backfill", "yes", "not true or false"), ("sls", "backfill", 1, "not true or false"),
    ("access", "auditor_policy", "bad name!", "1-128 characters"), ("access", "auditor_policy", "a" * 129, "1-128"),
    ("access", "auditors", ["alice"], "not user:NAME"), ("access", "auditors", "user:alice", "not a list"),
    ("access", "admins", ["user:"], "not user:NAME"),
    ("access", "admin_users", ["group:admins"], "not user:NAME: only RAM users"),
    ("access", "admins", ["user:cloud-admin"], "has no group:NAME for access.admin_users (user:cloud-admin)"),
    ("alerts", "notify", ["secops@example.com"], "not email:ADDRESS"),
    ("alerts", "notify", ["dingtalk:http://insecure"], "dingtalk:env:"),
    ("alerts", "notify", ["dingtalk:https://oapi.dingtalk.com/robot/send?access_token=x"], "never stored"),
    ("alerts", "notify", ["dingtalk:env:1X"], "environment variable"),
    ("alerts", "enabled", "true", "not true or false"),
]


@pytest.mark.parametrize(("section", "key", "value", "words"), BAD)
def test_bad_values_name_the_field_and_the_rule(section, key, value, words):
    field = key if section is None else f"{section}.{key}"
    errors = _errors(_with(section, key, value))
    assert field in errors, errors
    assert words in errors[field]
    assert errors[field].startswith(f"{field}: ")


def test_admin_users_without_an_admin_group_is_named_on_admin_users():
    data = _with("access", "admin_users", ["user:cloud-admin"])
    data["access"].pop("admins")
    assert _errors(data) == {"access.admin_users": "access.admin_users: needs a group:NAME in access.admins to put "
                             "them in (CIS 1.16: admin rights through a group)"}


def test_the_mlps_message_reads_as_documented():
    errors = _errors(_with("oss", "retention_days", 90))
    assert errors["oss.retention_days"] == "oss.retention_days: 90 is below the 180-day minimum required by MLPS 2.0"


@pytest.mark.parametrize("value", ["a\x00b", "x" * 10_000, "bucket\nname", "../etc/passwd", "$(rm -rf /)", "桶桶桶"])
def test_hostile_text_is_a_clean_error(value):
    for section, key in (("trail", "name"), ("oss", "bucket"), ("oss", "prefix"), ("sls", "project"),
                         ("access", "auditor_policy"), ("oss", "kms_key")):
        errors = _errors(_with(section, key, value))
        assert f"{section}.{key}" in errors


def test_all_problems_are_reported_at_once():
    data = _with("oss", "retention_days", 90)
    data["trail"] = {"name": "X"}
    data["sls"] = {"project": "p", "ttl_days": 5}
    assert {"oss.retention_days", "trail.name", "sls.project", "sls.ttl_days"} <= set(_errors(data))


def test_unknown_keys_are_errors_at_every_level():
    data = _with("oss", "retension_days", 365)
    data["extra"] = 1
    errors = _errors(data)
    assert "oss.retension_days" in errors and "unknown setting" in errors["oss.retension_days"]
    assert "extra" in errors


def test_at_least_one_destination_is_required():
    data = {k: v for k, v in BASELINE.items() if k not in ("oss", "sls", "alerts")}
    assert "at least one destination" in _errors(data)["oss/sls"]


def test_required_fields_and_section_types():
    assert "is required" in _errors(_with(None, "oss", {"prefix": "x"}))["oss.bucket"]
    assert "must be a table" in _errors(_with(None, "sls", "acme"))["sls"]


def test_alerts_need_sls():
    data = {k: v for k, v in BASELINE.items() if k != "sls"}
    assert "alerts run on Log Service" in _errors(data)["alerts.enabled"]


def test_oss_only_without_alerts_section_defaults_alerts_off():
    data = {k: v for k, v in BASELINE.items() if k not in ("sls", "alerts")}
    assert parse_settings(data).alerts.enabled is False


def test_defaults_are_the_best_practice():
    s = parse_settings({"oss": {"bucket": "acme-at"}})
    assert (s.trail.event_rw, s.trail.trail_region, s.oss.retention_days, s.oss.lock, s.oss.kms_key) == \
        ("All", "All", 365, True, "create")


def test_round_trip_through_toml(tmp_path):
    original = settings()
    path = tmp_path / "s.toml"
    path.write_text(dump_settings(original))
    assert load_settings(path) == original


def test_backfill_defaults_on_and_an_off_switch_round_trips(tmp_path):
    assert settings().sls.backfill is True
    off = settings(sls={"backfill": False}, trail={"organization": True})
    path = tmp_path / "off.toml"
    path.write_text(dump_settings(off))
    assert "backfill = false" in path.read_text() and "organization = true" in path.read_text()
    assert load_settings(path) == off and load_settings(path).sls.backfill is False


def test_unreadable_and_malformed_files_are_config_errors(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[oss\nbucket = ")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(bad)
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ConfigError):
        load_settings(binary)
