"""`verify` on the sandbox, driven through the CLI over the official SDKs: the marker call is found in every
destination (proven), a trail that does not deliver exits 2 within the timeout, and each error path exits 1 with a
message (no traceback). The sandbox records and delivers the events itself (issue 17): nothing here writes one."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from alibabacloud_actiontrail20200706 import models as at
from alibabacloud_kms20160120 import models as kms

from tests.support.cli import run, run_process
from tests.support.clients import actiontrail_client, kms_client
from tests.support.iam import run_as, user_with
from wizard.sandbox.server import SandboxServer

ROOT = Path(__file__).resolve().parents[2]
BASELINE = (ROOT / "examples/baseline.toml").read_text()
TRAIL, BUCKET = "actiontrail-baseline", "acme-actiontrail"
OSS_FILE = re.compile(r"oss://acme-actiontrail/actiontrail/AliyunLogs/Actiontrail/cn-hangzhou/\d{4}/\d{2}/\d{2}/"
                      r"Actiontrail_cn-hangzhou_\d{14}_1002_\d+_\d+_[0-9a-f]{32}\.gz")


@pytest.fixture(autouse=True)
def _private(tmp_path, monkeypatch):
    for name in ("XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """The baseline applied by the root, once; each test gets a copy (verify moves the clock)."""
    folder = tmp_path_factory.mktemp("applied")
    with pytest.MonkeyPatch.context() as patch:
        for name in ("XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            patch.setenv(name, str(folder / name.lower()))
        with SandboxServer(folder / "sandbox.db") as server:
            config = folder / "baseline.toml"
            config.write_text(BASELINE)
            done = run(server, "apply", "--config", str(config), "--yes")
            assert done.code == 0, done.err
    return folder / "sandbox.db"


@pytest.fixture
def applied(template, tmp_path):
    import shutil

    into = tmp_path / "sandbox"
    into.mkdir()
    for file in template.parent.glob(template.name + "*"):
        shutil.copy(file, into / file.name)
    with SandboxServer(into / template.name) as server:
        yield server


@pytest.fixture
def config(tmp_path) -> Path:
    path = tmp_path / "baseline.toml"
    path.write_text(BASELINE)
    return path


def _offset(sandbox) -> float:
    from wizard.flow.connection import advance_sandbox_clock

    return advance_sandbox_clock(sandbox.url, 0)


def _key_id(sandbox) -> str:
    return kms_client(sandbox).describe_key(kms.DescribeKeyRequest(
        key_id=f"alias/actiontrail-{TRAIL}")).body.key_metadata.key_id


def test_verify_finds_the_marker_in_every_destination_and_says_where_and_when(applied, config):
    started = time.monotonic()
    done = run(applied, "verify", "--config", str(config))
    assert done.code == 0, done.out + done.err
    assert "Traceback" not in done.err
    request_id = re.search(r"Marker: GetTrailStatus \(RequestId ([^)]+)\)", done.out).group(1)
    assert re.search(r"found in the event history \(LookupEvents\) after \d", done.out), done.out
    assert re.search(r"found in Logstore actiontrail_actiontrail-baseline \(GetLogs\) after \d", done.out), done.out
    landed = OSS_FILE.search(done.out)
    assert landed, done.out
    assert f"SSE-KMS with key {_key_id(applied)}" in done.out
    assert "Delivery proven" in done.out and "sandbox clock" in done.out
    assert time.monotonic() - started < 60  # the sandbox's clock is moved, not waited for
    events = actiontrail_client(applied).lookup_events(at.LookupEventsRequest(lookup_attribute=[
        at.LookupEventsRequestLookupAttribute(key="EventName", value="GetTrailStatus")])).body.events
    assert request_id in {event.get("requestId") for event in events}


def test_a_write_only_trail_is_proven_with_an_update_trail_that_changes_nothing(applied, tmp_path):
    path = tmp_path / "write.toml"
    path.write_text(BASELINE.replace('event_rw = "All"', 'event_rw = "Write"'))
    actiontrail_client(applied).update_trail(at.UpdateTrailRequest(name=TRAIL, event_rw="Write"))
    before = actiontrail_client(applied).describe_trails(at.DescribeTrailsRequest()).body.trail_list[0].to_map()
    done = run(applied, "verify", "--config", str(path))
    assert "Marker: UpdateTrail" in done.out, done.out + done.err
    after = actiontrail_client(applied).describe_trails(at.DescribeTrailsRequest()).body.trail_list[0].to_map()
    assert {k: v for k, v in after.items() if k != "UpdateTime"} == \
        {k: v for k, v in before.items() if k != "UpdateTime"}
    assert done.code == 0, done.out + done.err


def test_an_auditor_proves_delivery_with_the_auditor_policy_alone(applied, config, monkeypatch):
    auditor = user_with(applied, "auditor-17", groups=["security-auditors"])
    done = run_as(applied, auditor, monkeypatch, "verify", "--config", str(config))
    assert done.code == 0, done.out + done.err


def test_a_stopped_trail_is_not_delivered_and_exits_2_at_once(applied, config):
    actiontrail_client(applied).stop_logging(at.StopLoggingRequest(name=TRAIL))
    before = _offset(applied)
    done = run(applied, "verify", "--config", str(config))
    assert done.code == 2, done.out + done.err
    assert "is not logging" in done.out and "Delivery NOT proven" in done.out
    assert "check again with: actiontrail-wizard verify --config" in done.out
    assert _offset(applied) - before < 1  # nothing to wait for


def test_an_undelivered_destination_exits_2_within_the_timeout(applied, config):
    """A disabled key: ActionTrail cannot write the SSE-KMS file, the other destinations still get the event."""
    kms_client(applied).disable_key(kms.DisableKeyRequest(key_id=_key_id(applied)))
    before = _offset(applied)
    started = time.monotonic()
    done = run(applied, "verify", "--config", str(config), "--timeout", "900")
    assert done.code == 2, done.out + done.err
    assert "NOT FOUND in oss://acme-actiontrail/actiontrail/AliyunLogs/Actiontrail/" in done.out
    assert "found in the event history" in done.out
    moved = _offset(applied) - before
    assert 900 <= moved <= 900 + 60, moved  # waited out the timeout on the sandbox's clock, and no more
    assert time.monotonic() - started < 60


def test_a_file_encrypted_with_another_key_than_the_settings_name_is_not_proven(applied, tmp_path):
    other = kms_client(applied).create_key(kms.CreateKeyRequest()).body.key_metadata.key_id
    path = tmp_path / "other-key.toml"
    path.write_text(BASELINE.replace('kms_key = "create"', f'kms_key = "{other}"'))
    done = run(applied, "verify", "--config", str(path))
    assert done.code == 2, done.out + done.err
    assert f"not the settings' key {other}" in done.out


def test_a_bad_settings_file_is_a_clear_error_and_no_call_is_made(applied, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(BASELINE.replace('name = "actiontrail-baseline"', 'name = "X"'))
    since = len(applied.requests())
    done = run(applied, "verify", "--config", str(path))
    assert done.code == 1
    assert "trail.name" in done.err and "Traceback" not in done.err
    assert applied.requests()[since:] == []
    missing = run(applied, "verify", "--config", str(tmp_path / "absent.toml"))
    assert missing.code == 1 and "absent.toml" in missing.err and "Traceback" not in missing.err


def test_a_bad_timeout_is_a_usage_error_naming_the_option(config):
    done = run_process("verify", "--config", str(config), "--timeout", "soon", "--sandbox")
    assert done.returncode == 1 and "--timeout must be a number of seconds" in done.stderr


def test_a_trail_that_does_not_exist_is_an_error_naming_it(applied, tmp_path):
    path = tmp_path / "other.toml"
    path.write_text(BASELINE.replace('name = "actiontrail-baseline"', 'name = "no-such-trail"'))
    done = run(applied, "verify", "--config", str(path))
    assert done.code == 1, done.out + done.err
    assert "GetTrailStatus failed" in done.err and "Traceback" not in done.err


def test_a_wrong_access_key_secret_is_an_error_with_the_fix(applied, config, monkeypatch):
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", applied.account.access_key_id)
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "not-the-secret")
    done = run(applied, "verify", "--config", str(config))
    assert done.code == 1, done.out + done.err
    assert "access key secret is wrong" in done.err and "not-the-secret" not in done.out + done.err


def test_a_refused_search_names_the_ram_action_it_needed(applied, config, monkeypatch):
    reader = user_with(applied, "no-lookup", {"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": ["actiontrail:GetTrailStatus", "oss:GetBucketEncryption"], "Resource": "*"}]})
    done = run_as(applied, reader, monkeypatch, "verify", "--config", str(config))
    assert done.code == 1, done.out + done.err
    assert "actiontrail:LookupEvents" in done.err and "Traceback" not in done.err


def test_ctrl_c_while_waiting_exits_130_with_the_command_to_check_again(applied, config, monkeypatch):
    from wizard.flow import delivery

    def interrupted(self, stop):
        raise KeyboardInterrupt

    monkeypatch.setattr(delivery.SandboxClock, "wait", interrupted)
    done = run(applied, "verify", "--config", str(config))
    assert done.code == 130
    assert "interrupted: delivery not proven; check again with: actiontrail-wizard verify --config" in done.err


def test_an_organization_trails_file_is_found_under_the_directory_and_account(sandbox, tmp_path):
    """A multi-account trail writes <prefix>/AliyunLogs/Actiontrail/<rd id>/<account id>/<region>/..., as documented."""
    from tests.support.clients import resourcemanager_client

    directory = resourcemanager_client(sandbox).init_resource_directory().body.resource_directory.resource_directory_id
    path = tmp_path / "organization.toml"
    path.write_text(BASELINE.replace("organization = false", "organization = true"))
    assert run(sandbox, "apply", "--config", str(path), "--yes").code == 0
    done = run(sandbox, "verify", "--config", str(path))
    assert done.code == 0, done.out + done.err
    assert f"oss://acme-actiontrail/actiontrail/AliyunLogs/Actiontrail/{directory}/{sandbox.account.account_id}/" \
           f"cn-hangzhou/" in done.out
