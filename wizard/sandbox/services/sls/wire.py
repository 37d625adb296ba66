"""What every SLS operation shares: JSON bodies (maybe compressed), paging, the project of the host, names."""

from __future__ import annotations

import json
import re

from alibabacloud_gateway_sls_util.client import Client

from ...http.protocol import ApiError, Request
from . import models

# Names as the SLS API reference states them: 3-63 characters, lower-case letters and digits, starting and
# ending with one of those; projects may also hold "-", Logstores "-" and "_".
PROJECT_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")
LOGSTORE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$")


def body_of(request: Request) -> dict:
    """The JSON object in the body, decompressed first when x-log-compresstype says so."""
    raw = request.body
    compress_type = request.headers.get("x-log-compresstype")
    if raw and compress_type:
        raw = _decompress(raw, compress_type, request.headers.get("x-log-bodyrawsize"))
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        raise ApiError(400, "PostBodyInvalid", "The request body is not valid JSON object.") from None
    if not isinstance(data, dict):
        raise ApiError(400, "PostBodyInvalid", "The request body is not valid JSON object.")
    return data


def _decompress(raw: bytes, compress_type: str, raw_size: str | None) -> bytes:
    """Undo the client's compression with the SLS gateway's own helper (lz4, zstd, deflate/gzip)."""
    if compress_type not in ("lz4", "zstd", "deflate", "gzip"):
        raise ApiError(400, "InvalidCompressType", f"x-log-compresstype {compress_type} is unsupported.")
    if raw_size is None:
        raise ApiError(400, "MissingBodyRawSize", "x-log-bodyrawsize does not exist in header when it is necessary.")
    if not raw_size.isdigit():
        raise ApiError(400, "InvalidBodyRawSize", "x-log-bodyrawsize is invalid.")
    try:
        return Client.read_and_uncompress_block(raw, compress_type, raw_size).read()
    except Exception:  # noqa: BLE001 - any codec failure is the client's bad body
        raise ApiError(400, "InvalidBodyRawSize", "x-log-bodyrawsize is invalid.") from None


def page(request: Request, items: list) -> dict:
    """offset/size paging as SLS does it: count (this page) and total (all matches)."""
    query = request.query
    try:
        offset, size = int(query.get("offset") or 0), int(query.get("size") or 100)
    except ValueError:
        raise ApiError(400, "ParameterInvalid", "offset and size must be integers.") from None
    if offset < 0 or not 0 < size <= 500:
        raise ApiError(400, "ParameterInvalid", "offset must be >= 0 and size between 1 and 500.")
    chosen = items[offset:offset + size]
    return {"count": len(chosen), "total": len(items), "_items": chosen}


def project_name(ctx) -> str:
    """The project named by the virtual host (project-scoped calls need one)."""
    if not ctx.subdomain:
        raise ApiError(400, "ParameterInvalid", "The project is missing from the host name "
                       "(<project>.<region>.log.aliyuncs.com).")
    return ctx.subdomain


def project_of(ctx) -> dict:
    """The project named by the virtual host; it must exist in the endpoint's region."""
    return models.existing_project(ctx.store, project_name(ctx), ctx.region)


def require_int(body: dict, field: str, low: int, high: int) -> int:
    value = body.get(field)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ApiError(400, "ParameterInvalid", f"{field} must be an integer from {low} to {high}, not {value!r}.")
    return value
