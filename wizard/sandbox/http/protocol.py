"""Plain request/response records shared by the server and the service handlers."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl


class Headers(dict):
    """Case-insensitive header map (keys stored lower-case)."""

    def __init__(self, items=()):
        super().__init__()
        for key, value in (items.items() if isinstance(items, dict) else items):
            self[key] = value

    def __setitem__(self, key: str, value: str) -> None:
        super().__setitem__(key.lower(), value)

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def get(self, key: str, default=None):
        return super().get(key.lower(), default)

    def __contains__(self, key) -> bool:
        return super().__contains__(key.lower())


@dataclass
class Request:
    method: str
    host: str  # without port, lower-case, e.g. "acme.oss-cn-hangzhou.aliyuncs.com"
    path: str  # URL-decoded path, e.g. "/" or "/object/key"
    raw_path: str  # path exactly as sent (still percent-encoded)
    raw_query: str  # query string exactly as sent, without "?"
    headers: Headers
    body: bytes = b""
    client: str = ""  # peer address, for the request log
    secure: bool = False  # arrived through a TLS tunnel (CONNECT): acs:SecureTransport is true
    malformed: str = ""  # why the request's framing cannot be trusted (its body is then empty), "" when sound

    @property
    def query(self) -> dict[str, str]:
        """Decoded query parameters (last one wins; valueless keys map to "")."""
        return dict(parse_qsl(self.raw_query, keep_blank_values=True))


DROPPED = -1  # the status of "no answer": the listener closes the connection instead (an injected drop)


@dataclass
class Response:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


class ApiError(Exception):
    """A service error with the real HTTP status and error code.

    Each service renders it in its own wire format (RPC JSON, OSS XML, SLS JSON).
    """

    def __init__(self, status: int, code: str, message: str, **extra: str):
        super().__init__(f"{code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra
