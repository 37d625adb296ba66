"""Organization trails end to end: only the Resource Directory's management account or ActionTrail's delegated
administrator gets one (created, then audited clean); any other account gets a blocked item and nothing written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from alibabacloud_actiontrail20200706 import models as at

from tests.support.cli import run, writes
from tests.support.clients import actiontrail_client, resourcemanager_client

ROOT = Path(__file__).resolve().parents[2]
ACTIONTRAIL = "actiontrail.aliyuncs.com"
MANAGER = "1999888877776666"


pytestmark = pytest.mark.usefixtures("private_state_dirs")  # tests/conftest.py: this test's own journal and settings


@pytest.fixture
def config(tmp_path) -> str:
    text = (ROOT / "examples/baseline.toml").read_text().replace("organization = false", "organization = true")
    path = tmp_path / "organization.toml"
    path.write_text(text)
    return str(path)


def _operations(sandbox, service: str) -> list[str]:
    return [r["operation"] for r in sandbox.requests() if r["service"] == service]


def _organization_trails(sandbox):
    client = actiontrail_client(sandbox)
    hidden = client.describe_trails(at.DescribeTrailsRequest()).body.trail_list
    shown = client.describe_trails(at.DescribeTrailsRequest(include_organization_trail=True)).body.trail_list
    return hidden, [(t.name, t.is_organization_trail) for t in shown]


def _applied_cleanly(sandbox, config):
    result = run(sandbox, "apply", "--config", config, "--yes")
    assert result.code == 0, result.out + result.err
    assert "IsOrganizationTrail: true" in result.out
    assert "only one organization trail" in result.out and "cannot be changed later" in result.out
    assert "history backfill is not started" in result.out and "CreateDeliveryHistoryJob" not in writes(sandbox)
    hidden, shown = _organization_trails(sandbox)
    assert hidden == [] and shown == [("actiontrail-baseline", True)]  # the sandbox honours IncludeOrganizationTrail
    audit = run(sandbox, "audit", "--config", config, "--format", "json")
    assert audit.code == 0 and json.loads(audit.out)["summary"]["fail"] == 0
    return result


def test_outside_a_resource_directory_the_plan_is_blocked_and_nothing_is_written(sandbox, config):
    baseline = run(sandbox, "plan", "--config", "examples/baseline.toml")
    assert baseline.code == 2 and _operations(sandbox, "resourcemanager") == []  # read only when asked for
    result = run(sandbox, "apply", "--config", config, "--yes")
    assert result.code == 2, result.out + result.err
    assert "needs a Resource Directory" in result.out and "ResourceDirectoryNotInUse" in result.out
    assert "command: aliyun resourcemanager EnableResourceDirectory --EnableMode CurrentAccount" in result.out
    assert "No changes planned." in result.out and re.search(r"FAIL(\s+FAIL){3}\s+AT-TRAIL-EXISTS", result.out)
    assert writes(sandbox) == [] and "Traceback" not in result.out + result.err
    assert set(_operations(sandbox, "resourcemanager")) == {"GetResourceDirectory", "ListDelegatedAdministrators"}


def test_the_management_account_creates_the_organization_trail_and_audits_clean(sandbox, config):
    resourcemanager_client(sandbox).init_resource_directory()
    result = _applied_cleanly(sandbox, config)
    assert "This account is the management account of Resource Directory rd-" in result.out
    before = len(sandbox.requests())
    assert run(sandbox, "apply", "--config", config, "--yes").code == 0
    assert writes(sandbox, before) == []


def test_actiontrails_delegated_administrator_may_too(sandbox, config):
    sandbox.join_resource_directory(MANAGER, [ACTIONTRAIL])
    result = _applied_cleanly(sandbox, config)
    assert f"delegated administrator in Resource Directory rd-776666 (management account {MANAGER})" in result.out


def test_a_plain_member_is_blocked_with_the_delegation_command(sandbox, config):
    sandbox.join_resource_directory(MANAGER, ["config.aliyuncs.com"])  # delegated, but for another service
    result = run(sandbox, "apply", "--config", config, "--yes")
    me = sandbox.account.account_id
    assert result.code == 2 and writes(sandbox) == []
    assert f"account {me} is a member of Resource Directory rd-776666" in result.out
    assert (f"command: aliyun resourcemanager RegisterDelegatedAdministrator --AccountId {me} --ServicePrincipal "
            f"{ACTIONTRAIL}  (run as account {MANAGER})") in result.out


def test_an_unreadable_resource_directory_is_a_clear_blocked_item(sandbox, config):
    sandbox.arm_fault("resourcemanager:GetResourceDirectory=403:NoPermission")
    result = run(sandbox, "apply", "--config", config, "--yes")
    assert result.code == 2 and writes(sandbox) == []
    # A read that failed blocks the whole plan (nothing is planned on an account not read in full), by name.
    assert "could not read GetResourceDirectory" in result.out and "NoPermission" in result.out
    assert "Traceback" not in result.out + result.err
