"""`actiontrail-wizard policy` as a user runs it: offline by default, the printed JSON is the document, errors
are one clear line."""

from __future__ import annotations

import json

import pytest

from tests.support.cli import ROOT, run_process
from wizard.core.policies.documents import admin_policy, auditor_policy
from wizard.core.policies.operator import operator_policy
from wizard.core.settings_file import load_settings

BASELINE = load_settings(ROOT / "examples/baseline.toml")


@pytest.mark.parametrize("kind, expected", [
    ("auditor", lambda: auditor_policy(BASELINE, "*")),
    ("admin", lambda: admin_policy(BASELINE, "*")),
    ("operator", lambda: operator_policy(BASELINE, "*", "apply")),
])
def test_offline_prints_the_document_with_the_account_as_a_wildcard(kind, expected):
    result = run_process("policy", kind, "--config", "examples/baseline.toml")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected()
    assert "account id is written as *" in result.stderr and "passes the policy lint" in result.stderr


def test_operator_plan_mode_prints_reads_only():
    result = run_process("policy", "operator", "--config", "tests/data/settings/oss-only.toml", "--mode", "plan")
    assert result.returncode == 0
    assert json.loads(result.stdout) == operator_policy(load_settings(ROOT / "tests/data/settings/oss-only.toml"), "*", "plan")


def test_an_auditor_policy_with_a_known_key_id_names_it_offline(tmp_path):
    config = tmp_path / "key.toml"
    config.write_text((ROOT / "tests/data/settings/oss-only.toml").read_text().replace('kms_key = "create"',
                                                                           'kms_key = "key-abcd1234"'))
    result = run_process("policy", "auditor", "--config", str(config))
    decrypt = next(s for s in json.loads(result.stdout)["Statement"] if s["Action"] == ["kms:Decrypt"])
    assert decrypt["Resource"] == ["acs:kms:cn-shanghai:*:key/key-abcd1234"]
    created = run_process("policy", "auditor", "--config", "tests/data/settings/oss-only.toml")
    assert "kms:Decrypt" not in created.stdout and "added once the key exists" in created.stderr


@pytest.mark.parametrize("args, words", [
    (["policy", "auditor", "--config", "examples/baseline.toml", "--mode", "plan"],
     "--mode applies to the operator policy only"),
    (["policy", "admin", "--config", "examples/baseline.toml", "--offline", "--sandbox-url", "http://127.0.0.1:9"],
     "choose --offline or a connection option"),
])
def test_mistakes_are_one_clear_line(args, words):
    result = run_process(*args)
    assert result.returncode == 1 and words in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_bad_config_names_the_field(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[oss]\nbucket = "Bad_Bucket"\n')
    result = run_process("policy", "operator", "--config", str(bad))
    assert result.returncode == 1 and "oss.bucket:" in result.stderr and "Traceback" not in result.stderr


def test_unknown_kind_is_a_usage_error():
    result = run_process("policy", "root", "--config", "examples/baseline.toml")
    assert result.returncode == 1 and "invalid choice: 'root'" in result.stderr  # a usage error: 1, never 2
