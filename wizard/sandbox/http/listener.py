"""The HTTP plumbing: read a proxy-style, tunnelled or plain request off the socket, write the answer back.

Clients use the sandbox as their proxy. Over plain HTTP they send absolute-URI requests
(`GET http://actiontrail.cn-hangzhou.aliyuncs.com/?...`); over HTTPS they first ask
`CONNECT actiontrail.cn-hangzhou.aliyuncs.com:443`, and the sandbox, for the hosts it serves
and only those, answers 200 and speaks TLS with a certificate from its own CA (tls.py) on that
socket. Plain requests with a Host header work too. Each request becomes a `Request` and goes
to the listener's `dispatch(request, send)`.

A request whose framing cannot be trusted (a bad or huge Content-Length, broken chunking) is
still handed over, with `malformed` saying why and no body, so its service answers a 400 in its
own format; the connection is closed afterwards. Sockets time out, so no thread waits forever.
"""

from __future__ import annotations

import socket
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import _SocketWriter  # type: ignore[attr-defined]
from typing import Callable
from urllib.parse import unquote, urlsplit

from .protocol import DROPPED, Headers, Request, Response

Send = Callable[[Response], None]
Dispatch = Callable[[Request, Send], None]
Tunnel = Callable[[str], "ssl.SSLContext | None"]  # host -> the TLS context to serve it with, None: refused

MAX_BODY = 32 * 1024 * 1024  # bytes: nothing the services take comes near it
DEFAULT_TIMEOUT = 60.0  # seconds a socket may stay silent (an idle keep-alive, a half-sent body)


class _Malformed(Exception):
    pass


def _host_only(value: str) -> str:
    """A Host header without its port: "oss-cn-hangzhou.aliyuncs.com:443" -> "oss-cn-hangzhou.aliyuncs.com"."""
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    disable_nagle_algorithm = True  # headers and body go out as separate writes: no 40 ms delayed-ACK stall
    server: "Listener"
    tunnel_host = ""  # set once CONNECT has switched this connection to TLS

    def setup(self) -> None:
        self.timeout = self.server.socket_timeout
        super().setup()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - silence the default stderr log
        pass

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except (TimeoutError, ConnectionError, ssl.SSLError, OSError):
            self.close_connection = True  # a silent, vanished or garbled peer: drop the connection quietly

    # -- CONNECT: the HTTPS tunnel ---------------------------------------------------------
    def do_CONNECT(self) -> None:  # noqa: N802
        host, _, port = self.path.rpartition(":")
        host = host.strip("[]").lower()
        context = self.server.tunnel(host) if (host and port.isdigit() and not self.tunnel_host) else None
        if context is None:
            self.send_response(403)
            body = f"sandbox: CONNECT is only for the hosts the sandbox serves, not {self.path!r}\n".encode()
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
            self.close_connection = True
            return
        self.send_response(200, "Connection Established")
        self.end_headers()
        self.wfile.flush()
        try:
            tls = context.wrap_socket(self.connection, server_side=True)
        except (ssl.SSLError, OSError) as error:  # e.g. the client does not trust the sandbox's CA
            print(f"sandbox: TLS handshake for {host} failed: {error}", file=sys.stderr)
            self.close_connection = True
            return
        self.server.count_tunnel(host)
        self.connection = self.request = tls
        self.rfile = tls.makefile("rb", self.rbufsize)
        self.wfile = _SocketWriter(tls)
        self.tunnel_host = host
        self.close_connection = False  # an HTTP/1.0 CONNECT (urllib3 sends one) still carries many requests

    # -- requests ----------------------------------------------------------------------------
    def _target(self) -> tuple[str, str, str]:
        """(host, raw path, raw query) of the request line and Host header."""
        target = self.path
        if target.startswith(("http://", "https://")) and not self.tunnel_host:
            parts = urlsplit(target)
            return parts.hostname or "", parts.path or "/", parts.query
        raw_path, _, raw_query = target.partition("?")
        return _host_only(self.headers.get("Host") or "") or self.tunnel_host, raw_path, raw_query

    def _body(self) -> bytes:
        length_header = self.headers.get("Content-Length")
        chunked = (self.headers.get("Transfer-Encoding") or "").lower() == "chunked"
        if length_header is not None and not chunked:
            if not length_header.strip().isdigit():
                raise _Malformed(f"Content-Length {length_header!r} is not a non-negative integer")
            length = int(length_header)
            if length > MAX_BODY:
                raise _Malformed(f"Content-Length {length} exceeds the sandbox's limit of {MAX_BODY} bytes")
            if length:
                self._ack_now()
            body = self.rfile.read(length) if length else b""
            if len(body) != length:
                raise ConnectionError("the body ended early")
            return body
        if chunked:
            self._ack_now()
            return self._read_chunked()
        return b""

    def _read_request(self) -> Request:
        host, raw_path, raw_query = self._target()
        malformed = ""
        try:
            body = self._body()
        except _Malformed as problem:
            body, malformed = b"", str(problem)
            self.close_connection = True  # the rest of the stream cannot be framed
        return Request(
            method=self.command,
            host=host.lower(),
            path=unquote(raw_path),
            raw_path=raw_path,
            raw_query=raw_query,
            headers=Headers(list(self.headers.items())),
            body=body,
            client=self.client_address[0],
            secure=bool(self.tunnel_host),
            malformed=malformed,
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
        chunks, total = [], 0
        while True:
            line = self.rfile.readline(1024)
            size_text = line.split(b";")[0].strip()
            try:
                size = int(size_text, 16)
            except ValueError:
                raise _Malformed(f"chunk size {size_text[:20]!r} is not hexadecimal") from None
            if size < 0 or total + size > MAX_BODY:
                raise _Malformed(f"the chunked body exceeds the sandbox's limit of {MAX_BODY} bytes")
            if size == 0:
                self.rfile.readline(1024)
                return b"".join(chunks)
            chunk = self.rfile.read(size)
            if len(chunk) != size or self.rfile.readline(1024) not in (b"\r\n", b"\n"):
                raise _Malformed("a chunk is shorter than its size, or not followed by CRLF")
            chunks.append(chunk)
            total += size

    def _send(self, response: Response) -> None:
        if response.status == DROPPED:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.send_response(response.status)
        for key, value in response.headers.items():
            if key.lower() != "content-length":
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(response.body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def _dispatch(self) -> None:
        request = self._read_request()
        self.server.dispatch(request, self._send)

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = do_OPTIONS = do_PATCH = _dispatch  # noqa: N815


class Listener(ThreadingHTTPServer):
    """A threading HTTP server that hands every request to `dispatch` and tunnels HTTPS through `tunnel`."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # discovery opens dozens of connections at once; a backlog of 5 drops SYNs (1 s stalls)

    def __init__(self, address: tuple[str, int], dispatch: Dispatch, tunnel: Tunnel = lambda host: None,
                 socket_timeout: float = DEFAULT_TIMEOUT):
        self.dispatch = dispatch
        self.tunnel = tunnel
        self.socket_timeout = socket_timeout
        self.tunnels_opened = 0  # TLS connections accepted so far (bench: connections per audit)
        self.tunnels_by_host: dict[str, int] = {}
        self._count_lock = threading.Lock()
        super().__init__(address, _Handler)

    def count_tunnel(self, host: str) -> None:
        with self._count_lock:
            self.tunnels_opened += 1
            self.tunnels_by_host[host] = self.tunnels_by_host.get(host, 0) + 1
