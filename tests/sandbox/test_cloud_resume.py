"""A fault at any single write step, or the process killed mid-apply, then a re-run: the same end state as a
clean run, with no duplicate resources and no Delete/Stop/Abort ever sent."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from alibabacloud_actiontrail20200706 import models as at
from alibabacloud_kms20160120 import models as kms
from alibabacloud_oss_v2 import models as oss
from alibabacloud_ram20150501 import models as ram
from alibabacloud_sls20201230 import models as sls

from tests.support.cli import run, writes
from tests.support.clients import actiontrail_client, kms_client, oss_client, ram_client, sls_client
from wizard.core.observed import Observed
from wizard.core.planning.planner import plan
from wizard.core.settings_file import load_settings
from wizard.sandbox.server import SandboxServer

ROOT = Path(__file__).resolve().parents[2]
BASELINE = load_settings(ROOT / "examples/baseline.toml")
WRITE_STEPS = sorted({a.api for a in plan(BASELINE, Observed(account_id="1", region="cn-hangzhou", principals=(
    "group:security-auditors", "user:cloud-admin"))).actions if not a.optional})  # an optional step's failure does not stop the run: test_backfill.py


pytestmark = pytest.mark.usefixtures("private_state_dirs")  # tests/conftest.py: this test's own journal and settings


def _assert_converged(sandbox):
    """Audits clean and holds exactly one of everything the wizard creates; nothing was ever deleted."""
    audit = run(sandbox, "audit", "--config", "examples/baseline.toml", "--format", "json")
    assert audit.code == 0, audit.out
    keys = kms_client(sandbox).list_keys(kms.ListKeysRequest(page_size=100)).body
    assert keys.total_count == 1, "exactly one KMS key"
    aliases = kms_client(sandbox).list_aliases(kms.ListAliasesRequest()).body.aliases.alias
    assert [a.alias_name for a in aliases] == ["alias/actiontrail-actiontrail-baseline"]
    trails = actiontrail_client(sandbox).describe_trails(at.DescribeTrailsRequest()).body.trail_list
    assert [t.name for t in trails] == ["actiontrail-baseline"]
    buckets = oss_client(sandbox).list_buckets(oss.ListBucketsRequest()).buckets
    assert [b.name for b in buckets] == ["acme-actiontrail"]
    projects = sls_client(sandbox).list_project(sls.ListProjectRequest()).body.projects
    assert [p.project_name for p in projects] == ["acme-actiontrail"]
    custom = ram_client(sandbox).list_policies(ram.ListPoliciesRequest(policy_type="Custom")).body.policies.policy
    assert [p.policy_name for p in custom] == ["ActionTrailAuditorReadOnly"]
    sent = writes(sandbox)
    assert not [w for w in sent if w.startswith(("Delete", "Stop", "Abort", "Detach", "Disable", "Schedule"))]


@pytest.mark.parametrize("api", WRITE_STEPS)
def test_hard_fault_at_each_write_step_then_rerun_converges(bare_sandbox, api):
    sandbox = bare_sandbox  # no admin group yet: every write step of the plan runs
    sandbox.arm_fault(f"{api}#1=400:InvalidParameter.Injected")
    failed = run(sandbox, "apply", "--config", "examples/baseline.toml", "--yes")
    assert failed.code == 1
    assert f"{api} failed: InvalidParameter.Injected" in failed.err and "RequestId" in failed.err
    assert "then resume with: actiontrail-wizard apply --config" in failed.err and "Traceback" not in failed.err
    sandbox.clear_faults()
    again = run(sandbox, "apply", "--config", "examples/baseline.toml", "--yes")
    assert again.code == 0, again.out + again.err
    assert "Resuming" in again.out
    _assert_converged(sandbox)


def test_transient_faults_are_retried_within_one_run(sandbox):
    sandbox.arm_fault("CreateTrail#1=503:ServiceUnavailable", "PutBucketEncryption#1=400:Throttling.User",
                      "CreateLogStore#1=drop")
    result = run(sandbox, "apply", "--config", "examples/baseline.toml", "--yes")
    assert result.code == 0, result.out + result.err
    assert "ServiceUnavailable, retrying" in result.out and "Throttling.User, retrying" in result.out
    _assert_converged(sandbox)


def test_killed_mid_apply_then_rerun_converges(tmp_path):
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_DATA_HOME": str(tmp_path / "data")}
    with SandboxServer(tmp_path / "s.db", latency_ms=40) as sandbox:
        process = subprocess.Popen([sys.executable, "-m", "wizard", "apply", "--config", "examples/baseline.toml",
                                    "--yes", "--sandbox-url", sandbox.url], cwd=ROOT, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        done = 0
        for line in process.stdout:
            done += ": done" in line
            if done == 9:  # between two actions, well before the end
                process.send_signal(signal.SIGKILL)
                break
        process.wait(timeout=30)
        assert process.returncode == -signal.SIGKILL
        sandbox.latency_ms = 0
        again = subprocess.run([sys.executable, "-m", "wizard", "apply", "--config", "examples/baseline.toml",
                                "--yes", "--sandbox-url", sandbox.url], cwd=ROOT, env=env, capture_output=True,
                               text=True, timeout=120)
        assert again.returncode == 0, again.stdout + again.stderr
        resumed = re.search(r"Resuming: an earlier run stopped after (\d+) action\(s\)", again.stdout)
        assert resumed and int(resumed.group(1)) >= 9, again.stdout  # calls in flight at the kill may have landed
        _assert_converged(sandbox)


def test_crash_between_create_key_and_alias_adopts_the_key(sandbox):
    sandbox.arm_fault("CreateAlias#1=400:InvalidParameter.Injected")
    assert run(sandbox, "apply", "--config", "examples/baseline.toml", "--yes").code == 1
    sandbox.clear_faults()
    assert run(sandbox, "apply", "--config", "examples/baseline.toml", "--yes").code == 0
    _assert_converged(sandbox)
    assert writes(sandbox).count("CreateKey") == 1  # the re-run adopted the tagged key instead of a second one


def test_canary_secret_never_leaves(tmp_path, monkeypatch):
    canary = "CANARYsecretZ9x8y7w6v5u4t3s2r1"
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    with SandboxServer(tmp_path / "s.db", access_key_secret=canary) as sandbox:
        outputs = [run(sandbox, "plan", "--config", "examples/baseline.toml", "--format", "json"),
                   run(sandbox, "apply", "--config", "examples/baseline.toml", "--yes"),
                   run(sandbox, "audit", "--config", "examples/baseline.toml"),
                   run(sandbox, "audit", "--config", "examples/baseline.toml", "--format", "json")]
        sandbox.arm_fault("DescribeTrails#1=500:InternalError")
        outputs.append(run(sandbox, "plan", "--config", "examples/baseline.toml"))
        log = json.dumps(sandbox.requests())
    journals = "".join(p.read_text() for p in (tmp_path / "state").rglob("*.jsonl"))
    assert journals, "the journal was written"
    for text in [o.out + o.err for o in outputs] + [journals, log]:
        assert canary not in text
