"""The operator policy proven by execution: the wizard runs as a RAM user holding exactly `policy operator` for
each plan shape, and the sandbox authorises every call by that policy (FIDELITY.md, "Authorisation by RAM policy").

Sufficient: the run succeeds, RAM refused nothing, and the account then audits clean (as the same user).
`--mode plan` lets `plan` and `audit` run and refuses `apply` at its first write.
Minimality is the table test in test_operator_policy_minimal.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from alibabacloud_sls20201230 import models as sls

from tests.support.clients import resourcemanager_client, sls_client
from tests.support.drift import drifted_setup
from tests.support.iam import approving, denials, document_of, run_as, user_in_group_with

ROOT = Path(__file__).resolve().parents[2]
BASELINE = (ROOT / "examples/baseline.toml").read_text()
OSS_ONLY = (ROOT / "tests/data/settings/oss-only.toml").read_text()
SLS_ONLY = BASELINE[:BASELINE.index("[oss]")] + BASELINE[BASELINE.index("[sls]"):]
TOKEN = "SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd"


def _write(tmp_path, text: str, *changes: tuple[str, str]) -> Path:
    """The settings, approving the operators' group in access.admins: the operator policy holds UpdateTrail (it has
    to, to fix drift), so its holders can change the trail and AT-RAM-ADMINS names them unless the settings do."""
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    text = approving(text, OPERATORS)
    path = tmp_path / "settings.toml"
    path.write_text(text)
    return path


def _sls_project(sandbox):
    sls_client(sandbox).create_project(sls.CreateProjectRequest(project_name="acme-actiontrail", description="x"))


SHAPES = {
    # name: (settings text, changes, what the root does first)
    "onboarding": (BASELINE, (), None),  # with the history backfill and email alerts
    "drift-fixes": (BASELINE, (), lambda sandbox: drifted_setup(sandbox, sandbox.account.account_id)),
    "oss-only": (OSS_ONLY, (), None),  # judged against the best practice: MLPS and CIS ask for Log Service too
    "sls-only": (SLS_ONLY, (), None),
    "sls-cmk": (SLS_ONLY, (('encryption = "service"', 'encryption = "cmk"'),), None),
    "organization": (BASELINE, (("organization = false", "organization = true"),),
                     lambda sandbox: resourcemanager_client(sandbox).init_resource_directory()),
    "alerts-email-dingtalk": (SLS_ONLY, (('notify = ["email:secops@example.com"]',
                                          'notify = ["email:secops@example.com", "dingtalk:env:ATW_OP_DINGTALK"]'),),
                              None),
}


@pytest.fixture(autouse=True)
def _private(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("ATW_OP_DINGTALK", TOKEN)


OPERATORS = "actiontrail-operators"
BEST = ("--benchmark", "best-practice")


def _operator(sandbox, config, mode="apply"):
    """The operator holds the policy through its group (CIS 1.16), as a demanding account would set it up."""
    return user_in_group_with(sandbox, "operator", OPERATORS, document_of(sandbox, "operator", config, "--mode", mode))


@pytest.mark.parametrize("shape", list(SHAPES))
def test_the_operator_policy_is_enough_for_each_plan_shape_and_the_account_then_audits_clean(
        sandbox, tmp_path, monkeypatch, shape):
    text, changes, before = SHAPES[shape]
    config = _write(tmp_path, text, *changes)
    if before:
        before(sandbox)
    operator = _operator(sandbox, config)
    start = len(sandbox.requests())
    benchmark = ("--benchmark", "best-practice") if text is OSS_ONLY else ()
    applied = run_as(sandbox, operator, monkeypatch, "apply", "--config", str(config), "--yes", *benchmark)
    assert applied.code == 0, applied.out[-3000:] + applied.err
    assert denials(sandbox, start) == [], "RAM refused nothing the operator asked"
    assert {r["principal"] for r in sandbox.requests()[start:] if not r["operation"].startswith("_")} \
        == {"user/operator"}, "every call was the operator's"
    audited = run_as(sandbox, operator, monkeypatch, "audit", "--config", str(config), *benchmark)
    assert audited.code == 0, audited.out[-3000:] + audited.err
    assert denials(sandbox, start) == []


def test_lock_false_then_apply_lock_worm_runs_under_the_operator_policy(sandbox, tmp_path, monkeypatch):
    config = _write(tmp_path, OSS_ONLY, ("lock = true", "lock = false"))
    operator = _operator(sandbox, config)
    first = run_as(sandbox, operator, monkeypatch, "apply", "--config", str(config), "--yes", *BEST)
    assert first.code == 2 and "WORM policy is InProgress" in first.out, first.out[-2000:] + first.err
    assert "CompleteBucketWorm" not in [r["operation"] for r in sandbox.requests()]
    locked = run_as(sandbox, operator, monkeypatch, "apply", "--config", str(config), "--yes", "--lock-worm", *BEST)
    assert locked.code == 0, locked.out[-2000:] + locked.err
    assert "CompleteBucketWorm" in [r["operation"] for r in sandbox.requests()]
    assert denials(sandbox) == []


def test_mode_plan_lets_plan_and_audit_run_and_nothing_else(sandbox, tmp_path, monkeypatch):
    config = _write(tmp_path, BASELINE)
    reader = _operator(sandbox, config, mode="plan")
    planned = run_as(sandbox, reader, monkeypatch, "plan", "--config", str(config))
    assert planned.code == 2 and "CreateTrail" in planned.out, planned.out[-2000:] + planned.err
    audited = run_as(sandbox, reader, monkeypatch, "audit", "--config", str(config))
    assert audited.code == 2 and "AT-TRAIL-EXISTS" in audited.out, audited.out[-2000:] + audited.err
    assert denials(sandbox) == [], "plan and audit need no more than --mode plan grants"
    start = len(sandbox.requests())
    refused = run_as(sandbox, reader, monkeypatch, "apply", "--config", str(config), "--yes")
    assert refused.code != 0 and "Traceback" not in refused.out + refused.err
    [(operation, denied)] = denials(sandbox, start)[:1]
    assert denied.split()[0].split(":")[1] == operation or operation in refused.out + refused.err
    written = [r for r in sandbox.requests()[start:] if r.get("decision") == "Allow"
               and r["operation"].startswith(("Create", "Put", "Update", "Upsert", "Start", "Attach", "Initiate"))]
    assert written == [], "nothing was written: the first write was refused"
