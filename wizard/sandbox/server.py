"""The sandbox HTTP server: an HTTP proxy that answers for Alibaba Cloud hosts itself.

Clients send absolute-URI requests (`GET http://actiontrail.cn-hangzhou.aliyuncs.com/?...`)
because the sandbox is their proxy; plain requests with a Host header work too.
Each request is routed by host to `wizard.sandbox.services.<service>.handle(ctx, request)`.
"""

from __future__ import annotations

import importlib
import socket
import sys
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import control
from .account import Account, ensure_account
from .context import Context
from .faults import FaultBook
from .malformed import damage, html_page
from .request_log import RequestLog
from .protocol import ApiError, Headers, Request, Response
from .routing import route
from .store import Store


def _service_module(service: str):
    """The handler module of a service: exposes operation(), handle() and render_error()."""
    return importlib.import_module(f"wizard.sandbox.services.{service}")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    disable_nagle_algorithm = True  # headers and body go out as separate writes: no 40 ms delayed-ACK stall
    server: "_HTTPServer"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - silence the default stderr log
        pass

    def _read_request(self) -> Request:
        target = self.path
        if target.startswith(("http://", "https://")):
            parts = urlsplit(target)
            host = parts.hostname or ""
            raw_path, raw_query = parts.path or "/", parts.query
        else:
            host = (self.headers.get("Host") or "").split(":", 1)[0]
            raw_path, _, raw_query = target.partition("?")
        length = int(self.headers.get("Content-Length") or 0)
        if length or self.headers.get("Transfer-Encoding"):
            self._ack_now()
        body = self.rfile.read(length) if length else b""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            body = self._read_chunked()
        return Request(
            method=self.command,
            host=host.lower(),
            path=unquote(raw_path),
            raw_path=raw_path,
            raw_query=raw_query,
            headers=Headers(list(self.headers.items())),
            body=body,
            client=self.client_address[0],
        )

    def _ack_now(self) -> None:
        """ACK the headers at once: a client behind a proxy keeps Nagle on and holds the body back until
        they are ACKed, and a delayed ACK would stall every write call by 40 ms."""
        quickack = getattr(socket, "TCP_QUICKACK", None)
        if quickack is not None:
            try:
                self.connection.setsockopt(socket.IPPROTO_TCP, quickack, 1)
            except OSError:
                pass

    def _read_chunked(self) -> bytes:
        chunks = []
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                self.rfile.readline()
                return b"".join(chunks)
            chunks.append(self.rfile.read(size))
            self.rfile.readline()

    def _send(self, response: Response) -> None:
        if response.status == -1:  # an injected dropped connection
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self.send_response(response.status)
        for key, value in response.headers.items():
            if key.lower() != "content-length":
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def _dispatch(self) -> None:
        request = self._read_request()
        self.server.sandbox.handle(request, self._send)

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = do_OPTIONS = _dispatch  # noqa: N815


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # discovery opens dozens of connections at once; a backlog of 5 drops SYNs (1 s stalls)
    sandbox: "SandboxServer"


DROP = Response(status=-1)  # close the connection without an answer


class SandboxServer:
    """A running sandbox: start() serves in a background thread, stop() shuts it down."""

    def __init__(
        self,
        state: str | Path,
        host: str = "127.0.0.1",
        port: int = 0,
        latency_ms: int = 0,
        access_key_secret: str | None = None,
        faults: list[str] | tuple[str, ...] = (),
        deterministic: bool = False,
    ):
        self.faults = FaultBook()
        self.faults.arm(list(faults))  # bad specs fail before anything is opened
        self.store = Store(state)
        self.account: Account = ensure_account(self.store, access_key_secret, deterministic)
        self.latency_ms = latency_ms
        self.log = RequestLog()
        self._httpd = _HTTPServer((host, port), _Handler)
        self._httpd.sandbox = self
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    # -- steering (also reachable over HTTP, see control.py) -------------------
    def arm_fault(self, *specs: str) -> None:
        self.faults.arm(list(specs))

    def clear_faults(self) -> None:
        self.faults.clear()

    def advance_clock(self, seconds: float) -> None:
        with self.store.transaction():
            offset = float(self.store.meta("clock_offset", "0") or 0)
            self.store.set_meta("clock_offset", str(offset + seconds))

    def join_resource_directory(self, managed_by: str, delegated_services=()) -> dict:
        """This account becomes a member of a Resource Directory managed by another account (the sandbox has one
        account, so the other side's calls are simulated), optionally a delegated administrator of some services."""
        from .services.resourcemanager import join

        return join(self.store, self.account.account_id, managed_by, tuple(delegated_services))

    def requests(self) -> list[dict]:
        return self.log.records()

    # -- serving ------------------------------------------------------------------
    def _is_control(self, request: Request) -> bool:
        own = {"127.0.0.1", "localhost", "::1", str(self._httpd.server_address[0])}
        return request.host in own and request.path.startswith("/_sandbox/")

    def handle(self, request: Request, send) -> None:
        """Route one request to its service (or the control endpoint) and send the answer."""
        if self._is_control(request):
            send(control.handle(self, request))
            return
        target = route(request.host)
        if target is None:
            send(Response(502, {"Content-Type": "text/plain"}, f"sandbox: unknown host {request.host!r}\n".encode()))
            return
        started = time.monotonic()
        try:
            module = _service_module(target.service)
        except ModuleNotFoundError:
            send(Response(501, {"Content-Type": "text/plain"}, f"sandbox: {target.service} is not simulated\n".encode()))
            return
        ctx = Context(self.store, self.account, target.service, target.region, target.subdomain)
        operation = module.operation(request)
        received = self.log.tick()
        fault = self.faults.check(target.service, operation, _searchable(request))
        fired = fault.spec if fault is not None else ""
        try:
            if fault is not None and fault.drop:
                response = DROP
            elif fault is not None and fault.body == "html":
                response = html_page(fault.status)
            elif fault is not None and fault.body:
                response = module.handle(ctx, request)
                damaged = damage(response, fault.body, fault.status)
                response, fired = (damaged, fired) if damaged is not None else (response, "")
            elif fault is not None:
                response = module.render_error(ctx, request, ApiError(fault.status, fault.code,
                                                                      f"Injected by the sandbox ({fault.spec})."))
            else:
                response = module.handle(ctx, request)
        except Exception:  # a handler bug must not kill the connection silently
            traceback.print_exc(file=sys.stderr)
            response = Response(500, {"Content-Type": "text/plain"}, b"sandbox: internal error\n")
        if self.latency_ms:
            time.sleep(self.latency_ms / 1000)
        self.log.record(request.client, target.service, operation, response, started, fired, received)
        send(response)

    def start(self) -> "SandboxServer":
        # a short poll: stop() waits for the loop to notice, and the default 0.5 s adds up over hundreds of tests
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="sandbox", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._httpd.serve_forever()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread:
            self._thread.join(timeout=5)
        self.store.close()

    def __enter__(self) -> "SandboxServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _searchable(request: Request) -> str:
    """What a fault's @TEXT is looked for in: the decoded path and query, and the body."""
    return f"{request.path}?{unquote(request.raw_query)}\n{request.body.decode('utf-8', 'replace')}"
