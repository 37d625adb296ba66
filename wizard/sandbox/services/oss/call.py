"""One OSS request as the handlers see it: which bucket and object it addresses, and the helpers they share.

OSS addresses a bucket two ways: virtual host (`<bucket>.oss-<region>.aliyuncs.com/<key>`)
and path style (`oss-<region>.aliyuncs.com/<bucket>/<key>`). Both end up here as
(bucket, key); the signature's canonical resource is `/<bucket>/<key>` either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ...http.protocol import ApiError, Request, Response
from ...http.routing import route
from ...state.context import Context
from . import xml
from .models import documents

_BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")


@dataclass(frozen=True)
class Target:
    bucket: str | None  # None for service-level calls (ListBuckets, account public access block)
    key: str | None  # None for bucket-level calls


def target_of(request: Request, subdomain: str | None = None) -> Target:
    """(bucket, key) from the virtual host or, on the bare endpoint, from the first path segment."""
    if subdomain is None:
        found = route(request.host)
        subdomain = found.subdomain if found else ""
    path = request.path or "/"
    if subdomain:
        key = path[1:] if path.startswith("/") else path
        return Target(subdomain, key or None)
    parts = path.lstrip("/").split("/", 1)
    if not parts[0]:
        return Target(None, None)
    key = parts[1] if len(parts) > 1 else ""
    return Target(parts[0], key or None)


def valid_bucket_name(name: str) -> bool:
    return bool(_BUCKET_NAME.match(name))


@dataclass(frozen=True)
class Call:
    ctx: Context
    request: Request
    target: Target

    @property
    def bucket(self) -> str:
        return self.target.bucket or ""

    @property
    def key(self) -> str:
        return self.target.key or ""

    @property
    def query(self) -> dict[str, str]:
        return self.request.query

    @property
    def store(self):
        return self.ctx.store

    def existing_bucket(self) -> dict[str, Any]:
        """The addressed bucket's document: NoSuchBucket, or AccessDenied when asked through another region."""
        return documents.existing_bucket(self.store, self.bucket, self.ctx.region)

    def body_xml(self, root_tag: str):
        return xml.parse(self.request.body, root_tag)


def xml_response(root_tag: str, pairs, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(status, {"Content-Type": "application/xml", **(headers or {})}, xml.render(root_tag, pairs))


def empty(status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(status, dict(headers or {}), b"")


def owner_pairs(ctx: Context) -> list:
    return [("ID", ctx.account.account_id), ("DisplayName", ctx.account.account_id)]


def max_keys_param(call: Call, default: int = 100) -> int:
    raw = call.query.get("max-keys")
    try:
        value = int(raw) if raw not in (None, "") else default
    except ValueError:
        value = -1
    if not 1 <= value <= 1000:
        raise ApiError(400, "InvalidArgument", "max-keys must be an integer between 1 and 1000.")
    return value
