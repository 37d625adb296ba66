"""HTTPS through the proxy (FIDELITY.md, "Transport"): CONNECT for the hosts the sandbox serves, its own CA,
and any SDK-based tool reaching it with the standard environment."""

from __future__ import annotations

import json
import os
import socket
import ssl
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.clients import sts_client, tea_config
from tests.support.cli import run
from wizard.sandbox.server import SandboxServer

ROOT = Path(__file__).resolve().parents[2]


def _connect(sandbox, authority: str) -> tuple[socket.socket, bytes]:
    host, port = sandbox._httpd.server_address[:2]
    sock = socket.create_connection((host, port), timeout=5)
    sock.sendall(f"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n\r\n".encode())
    return sock, sock.recv(4096)


def test_connect_is_answered_with_tls_for_a_served_host(sandbox):
    sock, answer = _connect(sandbox, "sts.cn-hangzhou.aliyuncs.com:443")
    assert answer.startswith(b"HTTP/1.1 200")
    context = ssl.create_default_context(cafile=sandbox.ca_bundle)
    with context.wrap_socket(sock, server_hostname="sts.cn-hangzhou.aliyuncs.com") as tls:
        assert tls.getpeercert()["subjectAltName"] == (("DNS", "sts.cn-hangzhou.aliyuncs.com"),)
        tls.sendall(b"GET / HTTP/1.1\r\nHost: sts.cn-hangzhou.aliyuncs.com\r\n\r\n")
        assert tls.recv(4096).startswith(b"HTTP/1.1 400")  # an unsigned request, answered inside the tunnel
    assert sandbox.tls_connections == 1


@pytest.mark.parametrize("authority", ["example.com:443", "127.0.0.1:22", "aliyuncs.com.evil.example:443", "nonsense"])
def test_connect_is_refused_for_any_other_host(sandbox, authority):
    sock, answer = _connect(sandbox, authority)
    while chunk := sock.recv(4096):  # the sandbox closes a refused tunnel
        answer += chunk
    sock.close()
    assert answer.startswith(b"HTTP/1.1 403") and b"only for the hosts the sandbox serves" in answer
    assert sandbox.tls_connections == 0


def test_a_client_that_does_not_trust_the_ca_is_refused_and_the_sandbox_keeps_serving(sandbox):
    sock, _ = _connect(sandbox, "sts.cn-hangzhou.aliyuncs.com:443")
    with pytest.raises(ssl.SSLCertVerificationError):
        ssl.create_default_context().wrap_socket(sock, server_hostname="sts.cn-hangzhou.aliyuncs.com")
    assert sts_client(sandbox).get_caller_identity().body.account_id == sandbox.account.account_id


def test_the_ca_is_made_once_per_state_directory(tmp_path):
    with SandboxServer(tmp_path / "a.db") as first:
        pem = Path(first.ca_bundle).read_bytes()
        key = Path(first.ca_bundle).with_name("ca-key.pem")
        assert pem.startswith(b"-----BEGIN CERTIFICATE-----") and oct(key.stat().st_mode & 0o777) == "0o600"
    with SandboxServer(tmp_path / "a.db") as again, SandboxServer(tmp_path / "b.db") as neighbour:
        assert Path(again.ca_bundle).read_bytes() == pem == Path(neighbour.ca_bundle).read_bytes()
        assert sts_client(again).get_caller_identity().body.account_id == again.account.account_id
    with SandboxServer(tmp_path / "elsewhere" / "c.db") as other:
        assert Path(other.ca_bundle).read_bytes() != pem


def test_plain_http_keeps_working_and_is_logged_as_such(sandbox):
    from alibabacloud_sts20150401.client import Client

    config = tea_config(sandbox, "sts.cn-hangzhou.aliyuncs.com")
    config.protocol, config.http_proxy, config.https_proxy = "http", sandbox.url, None
    assert Client(config).get_caller_identity().body.account_id == sandbox.account.account_id
    sts_client(sandbox).get_caller_identity()
    assert [r["https"] for r in sandbox.requests()] == [False, True]


def _environment(sandbox) -> dict:
    env = {k: v for k, v in os.environ.items() if "PROXY" not in k.upper() and not k.startswith(("ALIBABA", "OSS_"))}
    account = sandbox.account
    env.update(HTTPS_PROXY=sandbox.url, REQUESTS_CA_BUNDLE=sandbox.ca_bundle, SSL_CERT_FILE=sandbox.ca_bundle,
               ALIBABA_CLOUD_ACCESS_KEY_ID=account.access_key_id, ALIBABA_CLOUD_ACCESS_KEY_SECRET=account.access_key_secret,
               OSS_ACCESS_KEY_ID=account.access_key_id, OSS_ACCESS_KEY_SECRET=account.access_key_secret)
    return env


def test_any_sdk_based_tool_reaches_it_with_the_standard_environment(sandbox):
    """oss-v2, oss2 and aliyun-log need nothing but the environment; the Tea clients read HTTPS_PROXY and take the
    CA in their Config (they never read REQUESTS_CA_BUNDLE or SSL_CERT_FILE: see the next test)."""
    done = subprocess.run([sys.executable, "-m", "tests.support.env_tool", "env-tool-bucket", "env-tool-project",
                           "--tea-ca"], cwd=ROOT, env=_environment(sandbox), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout)
    assert seen == {"oss_v2": ["env-tool-bucket"], "oss2": "over https", "aliyun_log": ["env-tool-project"],
                    "account_id": sandbox.account.account_id, "trails": 0, "keys": 0,
                    "users": ["cloud-admin", "ops-intern"]}
    served = {(r["service"], r["operation"]) for r in sandbox.requests() if r["https"] and r["status"] == 200}
    assert {("oss", "PutBucket"), ("oss", "PutObject"), ("oss", "GetObject"), ("sls", "CreateProject"),
            ("sts", "GetCallerIdentity"), ("actiontrail", "DescribeTrails"), ("ram", "ListUsers")} <= served
    assert not [r for r in sandbox.requests() if not r["https"]]
    assert 0 < sandbox.tls_connections <= 12  # pooled: about one per host, not one per call


def test_tea_clients_ignore_the_ca_environment_variables(sandbox):
    """The known limit the README states: darabonba sends verify=True, which requests resolves to certifi."""
    done = subprocess.run([sys.executable, "-c", "from tests.support.env_tool import tea_clients; tea_clients()"],
                          cwd=ROOT, env=_environment(sandbox), capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "CERTIFICATE_VERIFY_FAILED" in done.stderr


def test_the_wizard_talks_https_to_the_sandbox(sandbox):
    assert run(sandbox, "audit", "--config", "examples/baseline.toml").code == 2
    logged = sandbox.requests()
    assert logged and all(r["https"] for r in logged)
    assert {r["service"] for r in logged} >= {"sts", "actiontrail", "oss", "sls", "kms", "ram"}


def test_the_wizard_reuses_its_https_connections(sandbox):
    """The first, concurrent wave opens a connection per call in flight; later calls reuse the pooled ones."""
    from wizard.cloud.discover.account import discover
    from wizard.cloud.session import Session
    from wizard.core.settings_file import load_settings

    account = sandbox.account
    session = Session.for_sandbox(sandbox.url, account.access_key_id, account.access_key_secret, "cn-hangzhou",
                                  sandbox.ca_bundle)
    settings = load_settings("examples/baseline.toml")
    discover(session, settings)
    discover(session, settings)
    before, calls = sandbox.tls_connections, len(sandbox.requests())
    discover(session, settings)
    opened, made = sandbox.tls_connections - before, len(sandbox.requests()) - calls
    assert made > 15 and opened <= made // 4, (opened, made)
