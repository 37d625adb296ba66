"""The sandbox HTTP server: an HTTP proxy that answers for Alibaba Cloud hosts itself.

Clients send absolute-URI requests (`GET http://actiontrail.cn-hangzhou.aliyuncs.com/?...`)
because the sandbox is their proxy; plain requests with a Host header work too.
Each request is routed by host to `wizard.sandbox.services.<service>.handle(ctx, request)`.
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .account import Account, ensure_account
from .context import Context
from .protocol import Headers, Request, Response
from .routing import route
from .store import Store

log = logging.getLogger("wizard.sandbox")


def _load_handler(service: str):
    module = importlib.import_module(f"wizard.sandbox.services.{service}")
    return module.handle


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
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
    sandbox: "SandboxServer"


class SandboxServer:
    """A running sandbox: start() serves in a background thread, stop() shuts it down."""

    def __init__(
        self,
        state: str | Path,
        host: str = "127.0.0.1",
        port: int = 0,
        latency_ms: int = 0,
        access_key_secret: str | None = None,
    ):
        self.store = Store(state)
        self.account: Account = ensure_account(self.store, access_key_secret)
        self.latency_ms = latency_ms
        self._httpd = _HTTPServer((host, port), _Handler)
        self._httpd.sandbox = self
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def handle(self, request: Request, send) -> None:
        """Route one request to its service and send the answer."""
        target = route(request.host)
        if target is None:
            send(Response(502, {"Content-Type": "text/plain"}, f"sandbox: unknown host {request.host!r}\n".encode()))
            return
        ctx = Context(self.store, self.account, target.service, target.region, target.subdomain)
        try:
            response = _load_handler(target.service)(ctx, request)
        except Exception:  # a handler bug must not kill the connection silently
            traceback.print_exc(file=sys.stderr)
            response = Response(500, {"Content-Type": "text/plain"}, b"sandbox: internal error\n")
        send(response)

    def start(self) -> "SandboxServer":
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="sandbox", daemon=True)
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
