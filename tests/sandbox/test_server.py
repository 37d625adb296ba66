"""The sandbox as a server: faults, latency, control endpoint, persistence, concurrency, the serve command."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from alibabacloud_actiontrail20200706.models import DescribeTrailsRequest
from alibabacloud_sts20150401.client import Client as StsClient
from alibabacloud_tea_util.models import RuntimeOptions

from tests.support.clients import actiontrail_client, sts_client, tea_config
from wizard.sandbox.server import SandboxServer
from wizard.sandbox.steering.faults import FaultSpecError, parse

ROOT = Path(__file__).resolve().parents[2]


def _identity(sandbox):
    return sts_client(sandbox).get_caller_identity().body.account_id


def _control(sandbox, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{sandbox.url}/_sandbox/{path}", data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as answer:
        return json.loads(answer.read())


def test_first_call_fault_then_success(sandbox):
    sandbox.arm_fault("GetCallerIdentity#1=503:ServiceUnavailable")
    client = StsClient(tea_config(sandbox, "sts.cn-hangzhou.aliyuncs.com"))
    with pytest.raises(Exception) as caught:
        client.get_caller_identity_with_options(RuntimeOptions(autoretry=False))
    assert caught.value.code == "ServiceUnavailable"
    assert caught.value.data["statusCode"] == 503
    assert _identity(sandbox) == sandbox.account.account_id


def test_every_third_call_is_throttled(sandbox):
    sandbox.arm_fault("sts:*%3=400:Throttling.User")
    outcomes = []
    for _ in range(6):
        try:
            _identity(sandbox)
            outcomes.append("ok")
        except Exception as error:  # noqa: BLE001 - the SDK raises its own exception types
            outcomes.append(error.code)
    assert outcomes == ["ok", "ok", "Throttling.User", "ok", "ok", "Throttling.User"]


def test_dropped_connection(sandbox):
    sandbox.arm_fault("GetCallerIdentity#1=drop")
    with pytest.raises(Exception) as caught:
        _identity(sandbox)
    assert "closed" in str(caught.value).lower() or "disconnected" in str(caught.value).lower()
    assert _identity(sandbox)
    assert sandbox.requests()[0]["code"] == "dropped"


def test_fault_specs_are_validated():
    assert parse("oss:PutBucketEncryption#2=500").code == "InternalError"
    with pytest.raises(FaultSpecError):
        parse("CreateTrail=999")
    with pytest.raises(FaultSpecError):
        parse("CreateTrail")


def test_latency_delays_every_answer(tmp_path):
    with SandboxServer(tmp_path / "s.db", latency_ms=150) as server:
        started = time.monotonic()
        _identity(server)
        assert time.monotonic() - started >= 0.15


def test_control_endpoint_arms_faults_moves_clock_and_shows_the_log(sandbox):
    assert _control(sandbox, "GET", "health")["account_id"] == sandbox.account.account_id
    _control(sandbox, "POST", "faults", {"specs": ["DescribeTrails#1=500:InternalError"]})
    with pytest.raises(Exception):
        actiontrail_client(sandbox).describe_trails_with_options(DescribeTrailsRequest(),
                                                                 RuntimeOptions(autoretry=False))
    _control(sandbox, "DELETE", "faults")
    assert _control(sandbox, "POST", "clock", {"advance_seconds": 3600})["clock_offset"] == 3600
    assert _control(sandbox, "POST", "latency", {"ms": 0})["latency_ms"] == 0
    log = _control(sandbox, "GET", "requests")
    assert [(r["service"], r["operation"], r["status"]) for r in log] == [("actiontrail", "DescribeTrails", 500)]


def test_request_log_never_holds_the_secret(sandbox, caplog):
    import logging

    caplog.set_level(logging.INFO, logger="wizard.sandbox")
    _identity(sandbox)
    with pytest.raises(Exception):
        sts_client(sandbox, secret="wrong-secret-value").get_caller_identity()
    text = json.dumps(sandbox.requests()) + caplog.text
    assert "GetCallerIdentity" in text and "SignatureDoesNotMatch" in text
    assert sandbox.account.access_key_secret not in text and "wrong-secret-value" not in text
    assert "Signature=" not in text and "ACS3-HMAC" not in text


def test_state_survives_a_restart(tmp_path):
    from alibabacloud_kms20160120.models import CreateKeyRequest, DescribeKeyRequest

    from tests.support.clients import kms_client

    with SandboxServer(tmp_path / "s.db") as first:
        account = first.account
        key_id = kms_client(first).create_key(CreateKeyRequest()).body.key_metadata.key_id
    with SandboxServer(tmp_path / "s.db") as second:
        assert second.account == account
        assert kms_client(second).describe_key(DescribeKeyRequest(key_id=key_id)).body.key_metadata.key_id == key_id


def test_many_clients_at_once(sandbox):
    def work(_):
        client = sts_client(sandbox)
        return [client.get_caller_identity().body.account_id for _ in range(10)]

    with ThreadPoolExecutor(16) as pool:
        results = [a for batch in pool.map(work, range(16)) for a in batch]
    assert results == [sandbox.account.account_id] * 160


def test_unknown_host_is_refused(sandbox):
    request = urllib.request.Request("http://example.com/", method="GET")
    request.set_proxy(sandbox.url.removeprefix("http://"), "http")
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=5)
    assert caught.value.code == 502


def test_serve_prints_one_json_line_and_stops_cleanly(tmp_path):
    process = subprocess.Popen([sys.executable, "-m", "wizard", "sandbox", "serve", "--state", str(tmp_path / "s.db"),
                                "--fault", "GetCallerIdentity#1=503"], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        info = json.loads(process.stdout.readline())
        assert set(info) == {"url", "account_id", "access_key_id", "access_key_secret", "ca_bundle"}
        with urllib.request.urlopen(f"{info['url']}/_sandbox/health", timeout=5) as answer:
            assert json.loads(answer.read())["account_id"] == info["account_id"]
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    assert process.returncode == 0
    assert "Traceback" not in err and out == ""


def test_serve_rejects_a_bad_fault_without_traceback(tmp_path):
    result = subprocess.run([sys.executable, "-m", "wizard", "sandbox", "serve", "--state", str(tmp_path / "s.db"),
                             "--fault", "CreateTrail"], cwd=ROOT, capture_output=True, text=True, timeout=30)
    assert result.returncode == 1 and "--fault" in result.stderr and "Traceback" not in result.stderr
