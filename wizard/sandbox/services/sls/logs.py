"""SLS logs: CreateIndex, PutLogs (a protobuf LogGroup, compressed) and GetLogsV2 (the logs of a time range).

PutLogs is POST /logstores/<name>/shards/lb with a LogGroup in protobuf, compressed as
x-log-compresstype says (lz4, zstd, deflate) with x-log-bodyrawsize; it is decoded with the
SLS SDK's own codec. GetLogsV2 is POST /logstores/<name>/logs with a JSON body (from, to,
line, offset, reverse, topic, query) and answers {"meta", "data"}; it needs the Logstore's
index (IndexConfigNotExist otherwise). The query is a search statement in the subset events/search.py
reads (`event.eventName: StopLogging and not event.errorCode: *`, what the alert rules use); an
analytic statement after `|` is not run. The SDK's GetLogs is the same call (POST .../logs).
"""

from __future__ import annotations

from ...events import search
from ...http.protocol import ApiError
from . import models
from .wire import _decompress, body_of, project_name

MAX_LINES = 100  # GetLogs answers at most 100 logs per call
MAX_BODY = 10 * 1024 * 1024  # PutLogs takes at most 10 MB of raw data per request
_BOOL = (True, False, "true", "false")


def _varint(number: int) -> bytes:
    out = bytearray()
    while True:
        low, number = number & 0x7F, number >> 7
        out.append(low | (0x80 if number else 0))
        if not number:
            return bytes(out)


def _log_group(raw: bytes) -> dict:
    """The LogGroup of a PutLogs body: decoded as the only member of a LogGroupList (field 1), the SDK's codec."""
    from aliyun_log_fastpb import deserialize_log_group_list

    try:
        groups = deserialize_log_group_list(b"\x0a" + _varint(len(raw)) + raw)["logGroupList"]
    except Exception:  # noqa: BLE001 - any decoding failure is the client's bad body
        raise ApiError(400, "PostBodyInvalid", "The body is not a protobuf LogGroup.") from None
    if len(groups) != 1:
        raise ApiError(400, "PostBodyInvalid", "The body is not a protobuf LogGroup.")
    return groups[0]


def create_index(ctx, request, name: str):
    body = body_of(request)
    if not isinstance(body.get("line"), dict) and not isinstance(body.get("keys"), dict):
        raise ApiError(400, "ParameterInvalid", "An index needs a full-text index (line) or field indexes (keys).")
    models.set_index(ctx.store, ctx.region, project_name(ctx), name, body)
    return None


def put_logs(ctx, request, name: str):
    raw = request.body or b""
    compress_type = request.headers.get("x-log-compresstype")
    if compress_type:
        raw = _decompress(raw, compress_type, request.headers.get("x-log-bodyrawsize"))
    if len(raw) > MAX_BODY:
        raise ApiError(413, "PostBodyTooLarge", "The body is larger than 10 MB.")
    group = _log_group(raw)
    logs = []
    for item in group.get("LogItems") or []:
        fields = {c["Key"]: c.get("Value", "") for c in item.get("Contents") or []}
        if not fields or any(key.startswith("__") for key in fields):
            raise ApiError(400, "PostBodyInvalid", "A log needs contents, and no key may start with __.")
        logs.append({**fields, "__time__": str(int(item.get("Time") or 0))})
    if not logs:
        raise ApiError(400, "PostBodyInvalid", "The LogGroup holds no log.")
    models.append_logs(ctx.store, ctx.region, project_name(ctx), name, group.get("Topic") or "",
                       group.get("Source") or "", logs)
    return None


def _int(body: dict, field: str, default: int | None = None) -> int:
    value = body.get(field, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ApiError(400, "ParameterInvalid", f"{field} must be a non-negative integer, not {value!r}.")
    return value


def get_logs(ctx, request, name: str):
    body = body_of(request)
    start, end = _int(body, "from"), _int(body, "to")
    line, offset = _int(body, "line", MAX_LINES), _int(body, "offset", 0)
    if end <= start or line > MAX_LINES:
        raise ApiError(400, "ParameterInvalid", f"from must be before to, and line at most {MAX_LINES}.")
    if body.get("reverse", False) not in _BOOL:
        raise ApiError(400, "ParameterInvalid", "reverse must be true or false.")
    query = body.get("query") or "*"
    if not isinstance(query, str) or "|" in query:
        raise ApiError(400, "ParameterInvalid", "query must be a search statement (analytic statements after | "
                       "are not run by the sandbox).")
    logs = models.query_logs(ctx.store, ctx.region, project_name(ctx), name, start, end, body.get("topic"))
    try:
        logs = search.matching(logs, query)
    except ValueError as error:
        raise ApiError(400, "ParameterInvalid", f"query: {error}.") from None
    if body.get("reverse") in (True, "true"):
        logs.reverse()
    chosen = [{k: v for k, v in log.items() if k != "_seq"} for log in logs[offset:offset + line]]
    keys = sorted({k for log in chosen for k in log if not k.startswith("__")})
    return {"meta": {"progress": "Complete", "count": len(chosen), "processedRows": len(logs), "hasSQL": False,
                     "isAccurate": True, "keys": keys, "whereQuery": "", "aggQuery": "", "elapsedMillisecond": 1},
            "data": chosen}
