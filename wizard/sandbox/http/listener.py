"""The HTTP plumbing: read a proxy-style or plain request off the socket, write the answer back.

Clients send absolute-URI requests (`GET http://actiontrail.cn-hangzhou.aliyuncs.com/?...`)
because the sandbox is their proxy; plain requests with a Host header work too. Each
request becomes a `Request` and goes to the listener's `dispatch(request, send)`.
"""

from __future__ import annotations

import socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from urllib.parse import unquote, urlsplit

from .protocol import DROPPED, Headers, Request, Response

Send = Callable[[Response], None]
Dispatch = Callable[[Request, Send], None]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    disable_nagle_algorithm = True  # headers and body go out as separate writes: no 40 ms delayed-ACK stall
    server: "Listener"

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
        if response.status == DROPPED:
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
        self.server.dispatch(request, self._send)

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = do_OPTIONS = _dispatch  # noqa: N815


class Listener(ThreadingHTTPServer):
    """A threading HTTP server that hands every request to `dispatch`."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # discovery opens dozens of connections at once; a backlog of 5 drops SYNs (1 s stalls)

    def __init__(self, address: tuple[str, int], dispatch: Dispatch):
        self.dispatch = dispatch
        super().__init__(address, _Handler)
