"""The server as a product people run on their laptops (FIDELITY.md, "Transport" and "Control endpoint"):
malformed requests get a 400 in the service's format, sockets time out, bodies are bounded, the control
endpoint refuses cross-site posts, a cold start never answers 500."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.support.clients import oss_client, sts_client
from wizard.sandbox.command import is_loopback
from wizard.sandbox.server import SandboxServer

ROOT = Path(__file__).resolve().parents[2]
HOSTS = {"rpc": "sts.cn-hangzhou.aliyuncs.com", "oss": "oss-cn-hangzhou.aliyuncs.com",
         "sls": "cn-hangzhou.log.aliyuncs.com"}


def _raw(sandbox, head: str, body: bytes = b"", read_timeout: float = 5) -> bytes:
    """Send bytes as they are to the sandbox (as its proxy) and read until it closes or goes quiet."""
    host, port = sandbox._httpd.server_address[:2]
    with socket.create_connection((host, port), timeout=read_timeout) as sock:
        sock.sendall(head.encode() + body)
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except TimeoutError:
            pass
    return answer


def _request(service: str, headers: str, method: str = "POST") -> str:
    return f"{method} http://{HOSTS[service]}/ HTTP/1.1\r\nHost: {HOSTS[service]}\r\n{headers}\r\n"


FORMATS = {"rpc": b'"Code": "InvalidParameter"', "oss": b"<Code>InvalidRequest</Code>",
           "sls": b'"errorCode": "PostBodyInvalid"'}


@pytest.mark.parametrize("service", sorted(HOSTS))
@pytest.mark.parametrize("length", ["-5", "abc", "99999999999999"])
def test_a_bad_content_length_gets_a_400_in_the_services_format_at_once(sandbox, service, length):
    started = time.monotonic()
    answer = _raw(sandbox, _request(service, f"Content-Length: {length}\r\n"))
    assert answer.startswith(b"HTTP/1.1 400") and FORMATS[service] in answer
    assert b"Connection: close" in answer and time.monotonic() - started < 2
    assert sandbox.requests()[-1]["status"] == 400


@pytest.mark.parametrize("service", sorted(HOSTS))
def test_broken_chunking_gets_a_400(sandbox, service):
    answer = _raw(sandbox, _request(service, "Transfer-Encoding: chunked\r\n"), b"zz\r\nhello\r\n0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400") and FORMATS[service] in answer


def test_a_form_body_that_is_not_utf8_gets_the_gateways_400(sandbox):
    body = "Action=GetCallerIdentity&Name=\xff\xfe".encode("latin-1")
    answer = _raw(sandbox, _request("rpc", f"Content-Type: application/x-www-form-urlencoded\r\n"
                                    f"Content-Length: {len(body)}\r\n"), body)
    assert answer.startswith(b"HTTP/1.1 400") and b"InvalidParameter" in answer and b"UTF-8" in answer


def test_a_half_sent_body_does_not_hold_a_thread_forever(tmp_path):
    with SandboxServer(tmp_path / "s.db", socket_timeout=0.5) as sandbox:
        started = time.monotonic()
        answer = _raw(sandbox, _request("rpc", "Content-Length: 100\r\n"), b"only ten b", read_timeout=5)
        assert answer == b"" and time.monotonic() - started < 3  # the sandbox gave up and closed the socket
        assert sts_client(sandbox).get_caller_identity().body.account_id == sandbox.account.account_id


def _control(sandbox, method: str, path: str, data: bytes | None, content_type: str | None) -> tuple[int, dict]:
    headers = {"Content-Type": content_type} if content_type else {}
    request = urllib.request.Request(f"{sandbox.url}/_sandbox/{path}", data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data"])
def test_the_control_endpoint_refuses_what_a_browser_could_post_cross_site(sandbox, content_type):
    status, answer = _control(sandbox, "POST", "faults", b'{"specs": ["*=500"]}', content_type)
    assert status == 415 and "application/json" in answer["error"]
    assert sandbox.faults.describe() == [] and sts_client(sandbox).get_caller_identity()


@pytest.mark.parametrize("path, body, field", [
    ("faults", b'["*=500"]', "object"), ("faults", b'{"specs": "*=500"}', "specs"),
    ("clock", b'{"advance_seconds": "a day"}', "advance_seconds"), ("clock", b'{"advance_seconds": -5}', "advance_seconds"),
    ("latency", b'{"ms": null}', "ms"), ("latency", b'{"ms": 1e12}', "ms"), ("clock", b"\xff\xfe", "JSON"),
    ("resource-directory", b'{"managed_by": "1234", "delegated_services": "actiontrail"}', "delegated_services"),
])
def test_a_control_body_of_the_wrong_type_gets_a_400_naming_the_field(sandbox, path, body, field):
    status, answer = _control(sandbox, "POST", path, body, "application/json")
    assert status == 400 and field in answer["error"]


def test_every_handler_and_what_it_checks_signatures_with_is_loaded_before_serving():
    """A cold start used to race on lazy SDK imports (`partially initialized module`, a 500 to the first calls)."""
    code = ("import sys, wizard.sandbox.server; "
            "print(sorted(m for m in ('alibabacloud_oss_v2.signer.v4', 'alibabacloud_oss_v2.signer.v1', "
            "'alibabacloud_oss_v2.crc', 'alibabacloud_gateway_sls.client', 'alibabacloud_gateway_sls_util.client', "
            "'alibabacloud_tea_openapi.utils', 'wizard.sandbox.services.oss', 'wizard.sandbox.services.sls') "
            "if m not in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr


def test_a_cold_start_answers_concurrent_first_requests_without_a_500(tmp_path):
    process = subprocess.Popen([sys.executable, "-m", "wizard.sandbox", "serve", "--state", str(tmp_path / "s.db"),
                                "--quiet"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        info = json.loads(process.stdout.readline())

        class Running:
            url, ca_bundle = info["url"], info["ca_bundle"]
            account = type("Key", (), info)

        import alibabacloud_oss_v2 as oss

        def first_call(n: int) -> int:
            return oss_client(Running).put_bucket(oss.models.PutBucketRequest(bucket=f"cold-start-{n}")).status_code

        with ThreadPoolExecutor(8) as pool:
            assert list(pool.map(first_call, range(8))) == [200] * 8
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_bad_fault_spec_is_a_message_not_a_traceback(tmp_path):
    done = subprocess.run([sys.executable, "-m", "wizard.sandbox", "serve", "--state", str(tmp_path / "s.db"),
                           "--fault", "CreateTrail=banana"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "--fault: fault 'CreateTrail=banana' is not" in done.stderr


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("127.8.9.1", True), ("::1", True),
                                            ("localhost", True), ("0.0.0.0", False), ("192.168.1.5", False),
                                            ("::", False), ("sandbox.example", False)])
def test_which_hosts_count_as_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_serving_on_a_non_loopback_address_warns(tmp_path):
    """Binds all interfaces for a moment; no traffic is sent to it."""
    process = subprocess.Popen([sys.executable, "-m", "wizard.sandbox", "serve", "--state", str(tmp_path / "s.db"),
                                "--host", "0.0.0.0", "--quiet"], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        json.loads(process.stdout.readline())
    finally:
        process.terminate()
        _, err = process.communicate(timeout=10)
    assert "warning: --host 0.0.0.0 is not a loopback address" in err
