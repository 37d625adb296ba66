"""The CLI as a user runs it: a real subprocess, real exit codes, no traceback on a mistake."""

from __future__ import annotations

import json

import pytest

from tests.support.cli import run_process
from tests.support.factories import SHAPES


def test_version_and_help():
    from wizard import __version__

    assert run_process("--version").stdout.strip() == f"actiontrail-wizard {__version__}"
    helped = run_process("--help")
    assert helped.returncode == 0 and "plan" in helped.stdout and "exit codes" in helped.stdout


@pytest.mark.parametrize("example", ["baseline", "oss-only"])
def test_offline_plan_prints_the_full_onboarding_and_exits_2(example):
    result = run_process("plan", "--config", SHAPES[example], "--offline")
    assert result.returncode == 2, result.stderr
    out = result.stdout
    for api in ("CreateServiceLinkedRole", "CreateKey", "PutBucket", "PutBucketEncryption", "InitiateBucketWorm",
                "CompleteBucketWorm", "CreateTrail", "StartLogging", "CreatePolicy"):
        assert f" {api} " in out, api
    assert "IRREVERSIBLE" in out and "why: " in out
    assert out.index("CreateKey") < out.index("PutBucketEncryption") < out.index("CreateTrail") < \
        out.index("StartLogging")
    assert ("CreateLogStore" in out) == (example == "baseline")


def test_offline_plan_json_shape():
    result = run_process("plan", "--config", "examples/baseline.toml", "--offline", "--format", "json")
    assert result.returncode == 2
    data = json.loads(result.stdout)
    assert set(data) == {"changes", "actions", "blocked"}
    assert data["changes"] == len(data["actions"]) > 10
    first = data["actions"][0]
    assert {"service", "api", "params", "reason", "irreversible"} <= set(first)
    assert [a["api"] for a in data["actions"] if a["irreversible"]] == ["CompleteBucketWorm"]


def test_bad_config_lists_field_errors_without_traceback(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[trail]\nname = "X"\n[oss]\nbucket = "acme-at"\nretention_days = 90\nsurprise = 1\n')
    result = run_process("plan", "--config", str(bad), "--offline")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "oss.retention_days: 90 is below the 180-day minimum required by MLPS 2.0" in result.stderr
    assert "trail.name:" in result.stderr and "oss.surprise: unknown setting" in result.stderr
    assert result.stdout == ""


def test_missing_config_file_is_a_clear_error(tmp_path):
    result = run_process("plan", "--config", str(tmp_path / "nope.toml"), "--offline")
    assert result.returncode == 1 and "cannot read" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [("apply",), ("audit", "--format", "pdf"), ("--no-such-option",),
                                  ("apply", "--config")])
def test_usage_errors_exit_1_with_usage(args):
    """Exit 2 means changes pending / rules failing (Terraform's -detailed-exitcode): a typo is an error, 1."""
    result = run_process(*args)
    assert result.returncode == 1, result.stderr
    assert "usage: actiontrail-wizard" in result.stderr and "error:" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_offline_plan_needs_a_settings_file():
    """Without --config a plan starts from the account's approved settings; offline there is no account."""
    result = run_process("plan", "--offline")
    assert result.returncode == 1 and "plan --offline needs --config FILE" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_benchmark_choices_are_the_cores():
    from wizard.commands.benchmarks import BENCHMARKS
    from wizard.core.frameworks import BENCHMARKS as CORE

    assert BENCHMARKS == CORE
