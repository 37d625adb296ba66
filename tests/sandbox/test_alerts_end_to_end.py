"""Sensitive-event alerts end to end on the sandbox: created and routed to the configured channels, healed after
drift, and their errors: a refused call mid-way (resumed by a re-run), a bad channel and a missing project setting
refused before any call. The DingTalk token reaches the cloud and nowhere else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alibabacloud_sls20201230 import models as sls

from tests.support.cli import run, writes
from tests.support.clients import sls_client
from wizard.core.alerts.notify import ACTION_POLICIES, WEBHOOKS, action_policy_id, action_script, webhook_id
from wizard.core.alerts.rules import ALERT_RULES
from wizard.core.settings_file import load_settings

TOKEN = "7d0c6c2a9f1e4b3a8d5c0e9f2a1b4c7d"
HOOK = f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}"
REF = "dingtalk:env:ATW_TEST_DINGTALK"  # settings name the variable; the token is only in the environment
PROJECT = "acme-actiontrail"


pytestmark = pytest.mark.usefixtures("private_state_dirs")  # tests/conftest.py: this test's own journal and settings


def _config(tmp_path, notify: str, extra: str = "") -> str:
    text = Path("examples/baseline.toml").read_text().replace('notify = ["email:secops@example.com"]', notify)
    path = tmp_path / "alerts.toml"
    path.write_text(text + extra)
    return str(path)


def _alerts(client) -> dict:
    listed = client.list_alerts(PROJECT, sls.ListAlertsRequest(offset=0, size=100)).body.results
    return {a.name: a for a in listed}


def test_alerts_notify_email_and_dingtalk_and_heal_after_drift(sandbox, tmp_path, monkeypatch):
    monkeypatch.setenv("ATW_TEST_DINGTALK", TOKEN)
    config = _config(tmp_path, f'notify = ["email:secops@example.com", "{REF}"]')
    applied = run(sandbox, "apply", "--config", config, "--yes")
    assert applied.code == 0, applied.out + applied.err
    client = sls_client(sandbox)
    settings = load_settings(config)
    alerts = _alerts(client)
    assert sorted(alerts) == sorted(rule.name for rule in ALERT_RULES)
    assert {a.status for a in alerts.values()} == {"ENABLED"}
    assert {a.configuration.policy_configuration.action_policy_id for a in alerts.values()} == \
        {action_policy_id(settings)}
    policy = client.get_resource_record(ACTION_POLICIES, action_policy_id(settings),
                                        sls.GetResourceRecordRequest()).body
    assert json.loads(policy.value)["primary_policy_script"] == action_script(settings)
    hook = client.get_resource_record(WEBHOOKS, webhook_id(REF.removeprefix("dingtalk:")),
                                      sls.GetResourceRecordRequest()).body
    assert json.loads(hook.value)["url"] == HOOK  # the real token went to the cloud ...
    journals = "".join(p.read_text() for p in (tmp_path / "state").rglob("*.jsonl"))
    assert journals and TOKEN not in applied.out + applied.err + journals  # ... and nowhere else
    plan = run(sandbox, "plan", "--config", config, "--format", "json")
    assert plan.code == 0 and TOKEN not in plan.out
    assert TOKEN not in Path(config).read_text()

    # An auditor's machine without the variable cannot compare the token: it says so and does not fail the rule;
    # with another token in the variable, the robot in the cloud is not the one the settings name.
    monkeypatch.delenv("ATW_TEST_DINGTALK")
    unset = next(f for f in json.loads(run(sandbox, "audit", "--config", config, "--format", "json").out)["findings"]
                 if f["rule"] == "AT-ALERTS")
    assert unset["status"] == "pass" and f"the token of {REF} was not compared" in unset["evidence"], unset
    monkeypatch.setenv("ATW_TEST_DINGTALK", "0" * 32)
    other = next(f for f in json.loads(run(sandbox, "audit", "--config", config, "--format", "json").out)["findings"]
                 if f["rule"] == "AT-ALERTS")
    assert other["status"] == "fail" and "posts to another webhook" in other["evidence"], other
    assert TOKEN not in json.dumps([unset, other])
    monkeypatch.setenv("ATW_TEST_DINGTALK", TOKEN)

    # Drift: one alert disabled, another's query weakened, through the official SDK.
    client.disable_alert(PROJECT, "at-root-account-use")
    trail = alerts["at-trail-changes"]
    trail.configuration.query_list[0].query = "event.eventName: NothingEverHappens"
    client.update_alert(PROJECT, "at-trail-changes", sls.UpdateAlertRequest(
        display_name=trail.display_name, configuration=trail.configuration, schedule=trail.schedule))
    audit = run(sandbox, "audit", "--config", config, "--format", "json")
    found = next(f for f in json.loads(audit.out)["findings"] if f["rule"] == "AT-ALERTS")
    assert audit.code == 2 and found["status"] == "fail"
    assert "disabled: at-root-account-use" in found["evidence"] and "at-trail-changes (its query was changed)" in \
        found["evidence"]
    before = len(sandbox.requests())
    healed = run(sandbox, "apply", "--config", config, "--yes")
    assert healed.code == 0, healed.out + healed.err
    assert sorted(writes(sandbox, before)) == ["EnableAlert", "UpdateAlert"]
    alerts = _alerts(client)
    assert alerts["at-trail-changes"].configuration.query_list[0].query == ALERT_RULES[0].query
    assert alerts["at-root-account-use"].status == "ENABLED"


def test_a_refused_alert_stops_apply_with_the_service_error_and_a_rerun_resumes(sandbox):
    sandbox.arm_fault("CreateAlert#3=400:ExceedQuota")
    first = run(sandbox, "apply", "--config", "examples/baseline.toml", "--yes")
    assert first.code == 1 and "Traceback" not in first.err
    assert "ExceedQuota" in first.err and "CreateAlert" in first.err
    client = sls_client(sandbox)
    created = len(_alerts(client))  # those before the refused one, and those already in flight beside it
    assert 2 <= created < len(ALERT_RULES)
    before = len(sandbox.requests())
    again = run(sandbox, "apply", "--config", "examples/baseline.toml", "--yes")
    assert again.code == 0, again.out + again.err
    assert writes(sandbox, before).count("CreateAlert") == len(ALERT_RULES) - created
    assert sorted(_alerts(client)) == sorted(rule.name for rule in ALERT_RULES)


@pytest.mark.parametrize("clear", [HOOK, f"https://hooks.example.com/robot/send?access_token={TOKEN}"])
def test_a_token_in_clear_is_refused_before_any_call_without_echoing_it(sandbox, tmp_path, clear):
    config = _config(tmp_path, f'notify = ["dingtalk:{clear}"]')
    refused = run(sandbox, "apply", "--config", config, "--yes")
    assert refused.code == 1 and "Traceback" not in refused.err
    assert "alerts.notify:" in refused.err and "dingtalk:env:DINGTALK_TOKEN" in refused.err
    assert TOKEN not in refused.err
    assert sandbox.requests() == []


def test_a_reference_to_an_unset_variable_is_refused_before_anything_is_written(sandbox, tmp_path, monkeypatch):
    monkeypatch.delenv("ATW_TEST_DINGTALK", raising=False)
    config = _config(tmp_path, f'notify = ["{REF}"]')
    assert run(sandbox, "plan", "--config", config).code == 2, "a dry run needs no secret"
    before = len(sandbox.requests())
    refused = run(sandbox, "apply", "--config", config, "--yes")
    assert refused.code == 1 and "Traceback" not in refused.err
    assert f"alerts.notify: {REF}: the environment variable ATW_TEST_DINGTALK is not set" in refused.err
    assert writes(sandbox, before) == []


def test_alerts_without_log_service_are_a_config_error(sandbox, tmp_path):
    text = Path("tests/data/settings/oss-only.toml").read_text().replace("enabled = false", "enabled = true")
    path = tmp_path / "no-sls.toml"
    path.write_text(text)
    refused = run(sandbox, "plan", "--config", str(path))
    assert refused.code == 1 and "alerts.enabled: alerts run on Log Service" in refused.err
    assert sandbox.requests() == []
