"""Discovery reads an account into Observed with only Describe/Get/List calls; a failed read is a finding."""

from __future__ import annotations

import ast
import inspect

import pytest

from tests.support.cli import run, writes
from wizard.cloud.discover import account as discover_module
from wizard.cloud.discover import oss as discover_oss
from wizard.cloud.discover import ram as discover_ram
from wizard.cloud.discover import sls as discover_sls
from wizard.cloud.discover.account import discover
from wizard.cloud.session import Session
from wizard.core.alerts.notify import action_script
from wizard.core.alerts.rules import ALERT_RULES
from wizard.core.settings_file import load_settings

SETTINGS = load_settings("examples/baseline.toml")


@pytest.fixture(autouse=True)
def _private_state_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def _session(sandbox):
    account = sandbox.account
    return Session.for_sandbox(sandbox.url, account.access_key_id, account.access_key_secret, "cn-hangzhou",
                               sandbox.ca_bundle)


def test_empty_account(sandbox):
    observed = discover(_session(sandbox), SETTINGS)
    assert observed.account_id == sandbox.account.account_id
    assert (observed.trails, observed.buckets, observed.projects, observed.keys) == ((), (), (), ())
    assert "group:security-auditors" in observed.principals and not observed.service_linked_role
    assert observed.read_errors == ()
    assert writes(sandbox) == []


def test_onboarded_account_is_read_back_exactly(sandbox):
    assert run(sandbox, "apply", "--config", "examples/baseline.toml", "--yes").code == 0
    before = len(sandbox.requests())
    observed = discover(_session(sandbox), SETTINGS)
    assert writes(sandbox, before) == []
    (trail,) = observed.trails
    assert (trail.name, trail.event_rw, trail.trail_region, trail.is_logging, trail.oss_bucket, trail.sls_project) == \
        ("actiontrail-baseline", "All", "All", True, "acme-actiontrail", "acme-actiontrail")
    (bucket,) = observed.buckets
    (key,) = observed.keys
    assert (bucket.acl, bucket.public_access_block, bucket.sse_algorithm, bucket.kms_key_id) == \
        ("private", True, "KMS", key.key_id)
    assert (bucket.worm.state, bucket.worm.retention_days, bucket.logging_target) == ("Locked", 365,
                                                                                       "acme-actiontrail")
    assert (key.rotation, key.rotation_interval_days, key.deletion_protection, key.aliases) == \
        (True, 365, True, ("alias/actiontrail-actiontrail-baseline",))
    (store,) = observed.projects[0].logstores
    assert (store.name, store.ttl_days, store.encrypted) == ("actiontrail_actiontrail-baseline", 365, True)
    auditor = observed.policy("ActionTrailAuditorReadOnly")
    assert auditor.attached_to == ("group:security-auditors",) and key.arn in auditor.document
    assert sorted(a.name for a in observed.alerts if a.enabled) == sorted(rule.name for rule in ALERT_RULES)
    assert {a.action_policy for a in observed.alerts} == {"actiontrail-wizard-actiontrail-baseline"}
    assert {a.name: a.query for a in observed.alerts} == {rule.name: rule.query for rule in ALERT_RULES}
    assert observed.action_policies == (("actiontrail-wizard-actiontrail-baseline", action_script(SETTINGS)),)
    assert observed.service_linked_role


def test_a_forbidden_read_becomes_an_unknown_finding_not_a_crash_nor_a_pass(sandbox):
    assert run(sandbox, "apply", "--config", "examples/baseline.toml", "--yes").code == 0
    sandbox.arm_fault("GetBucketPolicy=403:AccessDenied")
    audit = run(sandbox, "audit", "--config", "examples/baseline.toml")
    assert audit.code == 2 and "Traceback" not in audit.err
    assert "could not read GetBucketPolicy acme-actiontrail: AccessDenied" in audit.out
    assert "17 passed, 0 failed, 0 skipped, 1 unknown: NOT PROVEN" in audit.out


def test_discovery_code_only_calls_read_apis():
    """A cheap guard on top of the request-log checks: every SDK method discovery names is a read."""
    names = set()
    for module in (discover_module, discover_oss, discover_ram, discover_sls):
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            if isinstance(node, ast.Attribute) and node.attr.islower() and "_" in node.attr and isinstance(
                    node.ctx, ast.Load) and node.attr.startswith(("get_", "list_", "describe_", "put_", "create_",
                                                                  "delete_", "update_", "start_", "stop_")):
                names.add(node.attr)
    assert names and all(n.startswith(("get_", "list_", "describe_")) for n in names), names


def test_a_throttled_read_is_retried_not_reported(sandbox):
    assert run(sandbox, "apply", "--config", "examples/baseline.toml", "--yes").code == 0
    sandbox.arm_fault("GetBucketWorm#1=400:Throttling.User", "DescribeTrails#1=503:ServiceUnavailable")
    audit = run(sandbox, "audit", "--config", "examples/baseline.toml")
    assert audit.code == 0 and "18 passed" in audit.out


def test_discovery_makes_exactly_the_listed_reads(sandbox):
    """wizard/discovery_reads.py is the one list: discovery of an onboarded account makes each read, and no other
    (the operator policy grants exactly these)."""
    from wizard.core.policies.reads import DISCOVERY_READS

    assert run(sandbox, "apply", "--config", "examples/baseline.toml", "--yes").code == 0
    before = len(sandbox.requests())
    discover(_session(sandbox), SETTINGS)
    made = {r["operation"] for r in sandbox.requests()[before:]}
    asked_for = {r.api for r in DISCOVERY_READS if r.service != "resourcemanager"  # only for organization trails
                 and r.api != "GetLogsV2"}  # the approved settings live in the bucket when there is one
    assert made == asked_for
