"""The account remembers what was approved: apply records the approved settings in the account (an object in the log
bucket under WORM, or a log in the approvals Logstore for Log Service only), without secrets; `audit`, `plan` and
the wizard without a settings file start from the latest record on any machine; with no record, what the account
holds is adopted as found, not approved, and the rules that depend on intent say "unknown"."""

from __future__ import annotations

import json
from pathlib import Path

import alibabacloud_oss_v2 as oss
import pytest
from alibabacloud_sls20201230 import models as sls

from tests.support.cli import run, writes
from tests.support.clients import oss_client, sls_client
from tests.support.oss import advance_clock, error_of
from tests.support.prompts import Operator
from wizard.flow.connection import Connection
from wizard.flow.session import WizardFlow
from wizard.plain import run_plain

ROOT = Path(__file__).resolve().parents[2]
BASELINE = ROOT / "examples" / "baseline.toml"
PREFIX = "actiontrail-wizard/approved-settings/actiontrail-baseline/"
TOKEN = "approvedTOKENnever0stored1a2b3c"


@pytest.fixture(autouse=True)
def _elsewhere(tmp_path, monkeypatch):
    """Each run as on another machine: its own state folder and working folder, nothing saved shared."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("ATW_APPROVED_DINGTALK", TOKEN)
    monkeypatch.chdir(tmp_path)


def _config(tmp_path: Path, name: str, old: str = "", new: str = "", drop_oss: bool = False) -> str:
    text = BASELINE.read_text().replace('notify = ["email:secops@example.com"]',
                                        'notify = ["email:secops@example.com", "dingtalk:env:ATW_APPROVED_DINGTALK"]')
    if old:
        text = text.replace(old, new)
    if drop_oss:
        start = text.index("[oss]")
        text = text[:start] + text[text.index("[sls]"):]
    path = tmp_path / f"{name}.toml"
    path.write_text(text)
    return str(path)


def _records(sandbox) -> list[str]:
    listed = oss_client(sandbox).list_objects_v2(oss.ListObjectsV2Request(bucket="acme-actiontrail", prefix=PREFIX))
    return sorted(o.key for o in listed.contents or [])


def _record(sandbox, key: str) -> dict:
    return json.loads(oss_client(sandbox).get_object(oss.GetObjectRequest(bucket="acme-actiontrail", key=key))
                      .body.read())


def test_apply_records_the_approved_settings_in_the_bucket_as_an_append_only_history(sandbox, tmp_path):
    config = _config(tmp_path, "approved")
    applied = run(sandbox, "apply", "--config", config, "--yes")
    assert applied.code == 0, applied.err
    [key] = _records(sandbox)
    record = _record(sandbox, key)
    assert record["settings"]["access"]["admins"] == ["group:actiontrail-admins"]
    assert record["approved_by"] == f"acs:ram::{sandbox.account.account_id}:root"
    assert key.startswith(f"{PREFIX}{record['approved_at']}-") and record["approved_at"].endswith("Z")
    assert "dingtalk:env:ATW_APPROVED_DINGTALK" in json.dumps(record) and TOKEN not in json.dumps(record)
    assert f"oss://acme-actiontrail/{key}" in applied.out
    deleted = error_of(lambda: oss_client(sandbox).delete_object(oss.DeleteObjectRequest(bucket="acme-actiontrail",
                                                                                        key=key)))
    assert deleted.code == "FileImmutable", "under the bucket's WORM retention a record cannot be removed"

    before = len(sandbox.requests())
    again = run(sandbox, "apply", "--config", config, "--yes")
    assert again.code == 0 and writes(sandbox, before) == [], "the same approval is not recorded twice"
    advance_clock(sandbox, 2)
    changed = _config(tmp_path, "changed", 'retention_days = 365', 'retention_days = 400')
    later = run(sandbox, "apply", "--config", changed, "--yes")
    assert later.code == 0, later.err
    records = _records(sandbox)  # two records of one second sort by their apply ids, not by time
    [latest] = [k for k in records if k != key]
    assert key in records and _record(sandbox, latest)["settings"]["oss"]["retention_days"] == 400


def test_audit_plan_and_the_wizard_start_from_the_latest_record_on_any_machine(sandbox, tmp_path, capsys):
    assert run(sandbox, "apply", "--config", _config(tmp_path, "approved"), "--yes").code == 0
    audit = run(sandbox, "audit", "--format", "json")  # no settings file, nothing saved locally
    assert audit.code == 0, audit.out + audit.err
    assert "Starting from the settings approved" in audit.err and PREFIX in audit.err
    findings = {f["rule"]: f for f in json.loads(audit.out)["findings"]}
    assert findings["AT-RAM-ADMINS"]["status"] == "pass", "the admin approved at onboarding is not failed"
    assert findings["AT-RAM-AUDITOR"]["evidence"] == "attached to 1 auditor(s): group:security-auditors"
    assert findings["AT-ALERTS"]["evidence"].endswith("notifying email:secops@example.com, dingtalk:env:ATW_APPROVED_DINGTALK")
    planned = run(sandbox, "plan")
    assert planned.code == 0 and "Plan for the approved settings" in planned.out, planned.out + planned.err
    defaults = {}

    class Watching(Operator):
        def text(self, message, default, suggestions=()):
            defaults.setdefault(message.split(" (")[0], default)
            return super().text(message, default, suggestions)

    from alibabacloud_actiontrail20200706 import models as at

    from tests.support.clients import actiontrail_client

    actiontrail_client(sandbox).stop_logging(at.StopLoggingRequest(name="actiontrail-baseline"))  # something to fix
    with WizardFlow(Connection(sandbox_url=sandbox.url, region="cn-hangzhou")) as flow:
        run_plain(flow, None, dry_run=True, prompter=Watching({"What next?": "fix this setup"}))
    said = capsys.readouterr().out
    assert "Starting from the settings approved" in said
    assert defaults["ActionTrail admins"] == "group:actiontrail-admins"
    assert defaults["Notify"] == "email:secops@example.com, dingtalk:env:ATW_APPROVED_DINGTALK"


def test_without_a_record_what_the_account_holds_is_found_not_approved(sandbox, tmp_path):
    assert run(sandbox, "apply", "--config", _config(tmp_path, "approved"), "--yes").code == 0
    advance_clock(sandbox, 400 * 86400)  # the record outlived its retention and was removed: set up long ago
    [key] = _records(sandbox)
    oss_client(sandbox).delete_object(oss.DeleteObjectRequest(bucket="acme-actiontrail", key=key))
    audit = run(sandbox, "audit", "--format", "json")
    findings = {f["rule"]: f for f in json.loads(audit.out)["findings"]}
    assert "No approved settings are recorded" in audit.err
    admins = findings["AT-RAM-ADMINS"]
    assert admins["status"] == "unknown" and "group:actiontrail-admins" in admins["evidence"], "never fails today's admins"
    assert findings["AT-RAM-AUDITOR"]["status"] == "unknown", "never passes on nothing"
    assert "group:security-auditors" in findings["AT-RAM-AUDITOR"]["evidence"]
    assert findings["AT-ALERTS"]["status"] == "unknown" and "notify through actiontrail-wizard-" in \
        findings["AT-ALERTS"]["evidence"]
    assert not [f for f in findings.values() if f["status"] == "fail"]
    planned = run(sandbox, "plan", "--format", "json")
    assert "settings found in the account" in planned.err + planned.out or "not approved" in planned.err
    plan = json.loads(planned.out)
    assert not [b for b in plan["blocked"] if "DetachPolicy" in b["command"]], "today's admin is not to be detached"
    assert [a["api"] for a in plan["actions"]] == ["PutObject"], "approving what is there records it, nothing else"


def test_log_service_only_records_in_the_approvals_logstore(sandbox, tmp_path):
    config = _config(tmp_path, "sls-only", drop_oss=True)
    applied = run(sandbox, "apply", "--config", config, "--yes")
    assert applied.code == 0, applied.err
    client = sls_client(sandbox)
    store = client.get_log_store("acme-actiontrail", "actiontrail-wizard-approvals").body
    assert store.ttl == 3650 and store.encrypt_conf.enable, "kept for good, encrypted"
    logs = client.get_logs_v2("acme-actiontrail", "actiontrail-wizard-approvals", sls.GetLogsV2Request(
        from_=0, to=2**31 - 1, line=100, topic="actiontrail-baseline", query="*")).body.data
    assert len(logs) == 1 and json.loads(logs[0]["settings"])["access"]["admins"] == ["group:actiontrail-admins"]
    assert TOKEN not in json.dumps(logs)
    audit = run(sandbox, "audit", "--format", "json")
    assert audit.code == 0 and "Starting from the settings approved" in audit.err, audit.err
    assert {f["rule"]: f["status"] for f in json.loads(audit.out)["findings"]}["AT-RAM-ADMINS"] == "pass"
    before = len(sandbox.requests())
    assert run(sandbox, "apply", "--config", config, "--yes").code == 0 and writes(sandbox, before) == []


def test_a_record_write_that_already_took_effect_is_done_not_an_error(sandbox, tmp_path):
    """A retried PutObject whose first attempt was written (its answer lost) finds its own key: done, not a stop."""
    from wizard.cloud.apply.executor import execute
    from wizard.cloud.session import Session
    from wizard.core.plan import Action, Plan

    assert run(sandbox, "apply", "--config", _config(tmp_path, "approved"), "--yes").code == 0
    account = sandbox.account
    session = Session.for_sandbox(sandbox.url, account.access_key_id, account.access_key_secret, "cn-hangzhou",
                                  sandbox.ca_bundle)
    write = Action(id="oss.record-approved-settings", service="oss", api="PutObject", reason="test",
                   params={"Bucket": "acme-actiontrail", "Key": f"{PREFIX}20260101T000000Z-0f0f0f0f.json",
                           "Body": "{}", "ContentType": "application/json", "ForbidOverwrite": True})
    assert execute(session, Plan(actions=(write,)), account_id=account.account_id).ok
    again = execute(session, Plan(actions=(write,)), account_id=account.account_id)
    assert again.ok and again.done[0][1]["AlreadyExisted"] is True
