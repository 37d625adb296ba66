"""Onboarding end to end, as a user runs it: apply each shipped example on the sandbox's starter account, audit it
compliant under every benchmark, apply again with zero writes; the OSS-only shape meets the best practice and fails
CIS where it must; and a drifted account audited to exactly its failing rules, then fixed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alibabacloud_actiontrail20200706 import models as at
from alibabacloud_oss_v2 import models as oss

from tests.support.cli import run, writes
from tests.support.clients import actiontrail_client, oss_client, sls_client
from tests.support.drift import drifted_setup


pytestmark = pytest.mark.usefixtures("private_state_dirs")  # tests/conftest.py: this test's own journal and settings


EXAMPLES = sorted(str(p.relative_to(Path(__file__).resolve().parents[2]))
                  for p in (Path(__file__).resolve().parents[2] / "examples").glob("*.toml"))


@pytest.mark.parametrize("config", EXAMPLES)
def test_each_shipped_example_onboards_compliant_under_every_benchmark_then_rerun_changes_nothing(sandbox, config):
    first = run(sandbox, "apply", "--config", config, "--yes")
    assert first.code == 0, first.out + first.err
    assert "0 failed" in first.out and "COMPLIANT" in first.out
    for benchmark in ("all", "best-practice", "mlps", "cis"):
        audit = run(sandbox, "audit", "--config", config, "--format", "json", "--benchmark", benchmark)
        report = json.loads(audit.out)
        assert audit.code == 0, [(f["rule"], f["status"], f["evidence"]) for f in report["findings"]
                                 if f["status"] not in ("pass", "skip")]
        assert report["verdict"] == "COMPLIANT" and report["benchmark"] == benchmark and report["sandbox"] is True
        assert {v["verdict"] for v in report["frameworks"].values()} == {"COMPLIANT"}
    before = len(sandbox.requests())
    again = run(sandbox, "apply", "--config", config, "--yes")
    assert again.code == 0 and "No changes" in again.out
    assert writes(sandbox, before) == []
    assert not [w for w in writes(sandbox) if w.startswith(("Delete", "Stop", "Abort", "Detach", "Disable"))]


def test_the_oss_only_shape_meets_the_best_practice_and_fails_cis_and_mlps_where_they_ask_for_log_service(sandbox):
    config = "tests/data/settings/oss-only.toml"
    assert run(sandbox, "apply", "--config", config, "--yes").code == 2  # applied, but not compliant everywhere
    verdicts = {}
    for benchmark in ("best-practice", "mlps", "cis"):
        audit = run(sandbox, "audit", "--config", config, "--format", "json", "--benchmark", benchmark)
        verdicts[benchmark] = (audit.code, {f["rule"] for f in json.loads(audit.out)["findings"]
                                            if f["status"] == "fail"})
    assert verdicts == {"best-practice": (0, set()), "mlps": (2, {"AT-ALERTS"}),
                        "cis": (2, {"AT-ALERTS", "AT-SLS-TTL"})}


def test_offline_and_online_plans_agree_on_an_empty_account(sandbox):
    offline = run(sandbox, "plan", "--config", "examples/baseline.toml", "--format", "json", "--offline")
    online = run(sandbox, "plan", "--config", "examples/baseline.toml", "--format", "json")
    assert offline.code == online.code == 2
    # the starter account is well run: its admin group exists, holds the admin rights and has cloud-admin in it
    admin_group = ("ram.create-admin-group", "ram.attach-admin-group", "ram.add-admin.")
    assert [a["api"] for a in json.loads(offline.out)["actions"] if not a["id"].startswith(admin_group)] == \
        [a["api"] for a in json.loads(online.out)["actions"]]
    assert writes(sandbox) == []


def test_drifted_account_audits_to_exactly_its_failures_and_apply_fixes_without_weakening(sandbox, tmp_path):
    config = "examples/baseline.toml"
    drifted_setup(sandbox, sandbox.account.account_id)
    first = run(sandbox, "audit", "--config", str(config), "--format", "json")
    failing = {f["rule"] for f in json.loads(first.out)["findings"] if f["status"] == "fail"}
    assert first.code == 2
    # AT-OSS-HTTPS-ONLY: its Deny covers the objects, not the bucket; AT-DELIVERY: never started, never delivered
    assert failing == {"AT-TRAIL-LOGGING", "AT-TRAIL-ALL-REGIONS", "AT-TRAIL-ALL-EVENTS", "AT-OSS-KMS",
                       "AT-OSS-WORM", "AT-OSS-PRIVATE", "AT-OSS-HTTPS-ONLY", "AT-SLS-TTL", "AT-KMS-ROTATION",
                       "AT-RAM-AUDITOR", "AT-ALERTS", "AT-DELIVERY"}
    before = len(sandbox.requests())
    fixed = run(sandbox, "apply", "--config", str(config), "--yes")
    assert fixed.code == 0, fixed.out + fixed.err
    assert "0 failed" in fixed.out
    applied = writes(sandbox, before)
    assert not [w for w in applied if w.startswith(("Delete", "Stop", "Abort", "Detach", "Disable"))]
    assert "CreateKey" not in applied  # the existing key is found by its alias and fixed, not replaced
    trail = actiontrail_client(sandbox).describe_trails(at.DescribeTrailsRequest()).body.trail_list[0]
    assert (trail.event_rw, trail.trail_region, trail.status) == ("All", "All", "Enable")
    worm = oss_client(sandbox).get_bucket_worm(oss.GetBucketWormRequest(bucket="acme-actiontrail"))
    assert worm.worm_configuration.state == "Locked"
    assert sls_client(sandbox).get_log_store("acme-actiontrail", "actiontrail_actiontrail-baseline").body.ttl == 365
    assert run(sandbox, "audit", "--config", str(config)).code == 0


def test_apply_refuses_without_a_terminal_and_writes_nothing(sandbox, monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    refused = run(sandbox, "apply", "--config", "examples/baseline.toml")
    assert refused.code == 1 and "stdin is not a terminal" in refused.err
    assert writes(sandbox) == []


def test_bad_credentials_are_a_clear_error(sandbox, monkeypatch):
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", sandbox.account.access_key_id)
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "not-the-secret")
    result = run(sandbox, "audit", "--config", "examples/baseline.toml")
    assert result.code == 1
    assert "SignatureDoesNotMatch" in result.err and "hint:" in result.err and "Traceback" not in result.err
