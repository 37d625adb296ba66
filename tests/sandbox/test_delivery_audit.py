"""AT-DELIVERY on the sandbox's real delivery facts (GetTrailStatus, issue 17): a trail that has never delivered
fails, the same trail passes once ActionTrail's delay has passed on the sandbox clock, and the evidence report
shows each destination's last delivery time; a key that cannot encrypt the files is a delivery error."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from alibabacloud_actiontrail20200706 import models as at
from alibabacloud_kms20160120 import models as kms

from tests.support.cli import run
from tests.support.clients import actiontrail_client, kms_client
from wizard.flow.connection import advance_sandbox_clock

ROOT = Path(__file__).resolve().parents[2]
TRAIL = "second-trail"
SETTINGS = f"""region = "cn-hangzhou"
[trail]
name = "{TRAIL}"
[oss]
bucket = "acme-actiontrail"
prefix = "second"
[alerts]
enabled = false
"""


@pytest.fixture(autouse=True)
def _private(tmp_path, monkeypatch):
    for name in ("XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))


def _delivery(sandbox, config) -> dict:
    done = run(sandbox, "audit", "--config", str(config), "--format", "json")
    return next(f for f in json.loads(done.out)["findings"] if f["rule"] == "AT-DELIVERY")


def test_a_trail_that_never_delivered_fails_then_passes_once_delivered_with_the_time_in_the_evidence(sandbox,
                                                                                                   tmp_path):
    applied = run(sandbox, "apply", "--config", str(ROOT / "examples/baseline.toml"), "--yes")
    assert applied.code == 0, applied.out[-2000:] + applied.err
    config = tmp_path / "second.toml"
    config.write_text(SETTINGS)
    client = actiontrail_client(sandbox)
    client.create_trail(at.CreateTrailRequest(name=TRAIL, oss_bucket_name="acme-actiontrail", oss_key_prefix="second",
                                              event_rw="All", trail_region="All"))
    never = _delivery(sandbox, config)
    assert never["status"] == "fail" and "never delivered to OSS" in never["evidence"], never
    client.start_logging(at.StartLoggingRequest(name=TRAIL))
    client.describe_trails(at.DescribeTrailsRequest())  # an event while it logs: something to deliver
    advance_sandbox_clock(sandbox.url, 11 * 60)  # "within 10 minutes", on the sandbox's clock
    delivered = _delivery(sandbox, config)
    assert delivered["status"] == "pass", delivered
    status = client.get_trail_status(at.GetTrailStatusRequest(name=TRAIL)).body
    report = run(sandbox, "audit", "--config", str(config), "--format", "markdown").out
    assert f"| Last delivered (UTC) | {TRAIL} to OSS: {status.latest_delivery_time} |" in report
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", status.latest_delivery_time)
    html = run(sandbox, "audit", "--config", str(config), "--format", "html").out
    assert f'<dd class="last-delivered">{TRAIL} to OSS: {status.latest_delivery_time}</dd>' in html


def test_a_disabled_key_is_a_delivery_error_and_fails_at_delivery(sandbox, tmp_path):
    applied = run(sandbox, "apply", "--config", str(ROOT / "examples/baseline.toml"), "--yes")
    assert applied.code == 0, applied.out[-2000:] + applied.err
    config = tmp_path / "baseline.toml"
    config.write_text((ROOT / "examples/baseline.toml").read_text())
    assert _delivery(sandbox, config)["status"] == "pass"
    kms_client(sandbox).disable_key(kms.DisableKeyRequest(key_id="alias/actiontrail-actiontrail-baseline"))
    kms_client(sandbox).create_key(kms.CreateKeyRequest(description="a call to deliver"))
    advance_sandbox_clock(sandbox.url, 11 * 60)
    failed = _delivery(sandbox, config)
    assert failed["status"] == "fail" and "latest delivery error: OSS: " in failed["evidence"], failed
