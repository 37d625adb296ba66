"""Discovery of the approved settings the account remembers (wizard.core.approval): the latest record of a trail.

OSS: ListObjectsV2 under the trail's record prefix (paged; keys sort by time, so the
last is the latest), then GetObject of that one. Log Service: GetLogsV2 of the
approvals Logstore, the trail's topic, newest first, one line; "no such Logstore" and
"no index yet" are answers the planner acts on, not errors. A record that cannot be
understood is reported as such (the settings then count as found, not approved).
"""

from __future__ import annotations

import time

from wizard.cloud.discover.oss import region_of_endpoint
from wizard.cloud.discover.reads import Reader
from wizard.cloud.errors import MALFORMED, CloudError, required
from wizard.cloud.session import Session
from wizard.core.approval import APPROVALS_LOGSTORE, MAX_RECORD_BYTES, ApprovalState, parse_record, record_prefix

LIST_PAGE = 1000
_NO_STORE, _NO_INDEX = "LogStoreNotExist", "IndexConfigNotExist"


def _keys(client, bucket: str, prefix: str) -> list[str]:
    import alibabacloud_oss_v2 as oss

    keys: list[str] = []
    token = None
    while True:
        page = client.list_objects_v2(oss.ListObjectsV2Request(bucket=bucket, prefix=prefix, max_keys=LIST_PAGE,
                                                               continuation_token=token))
        keys += [required(item.key, "Key") for item in page.contents or []]
        if not page.is_truncated:
            return keys
        token = required(page.next_continuation_token, "NextContinuationToken")


def _object(client, bucket: str, key: str) -> bytes:
    """The object's bytes, checked against the CRC-64 OSS sends with every object: a body cut short or replaced
    on the way (a proxy's page) is a MalformedResponse, never "a record that cannot be understood"."""
    import alibabacloud_oss_v2 as oss
    from alibabacloud_oss_v2.crc import Crc64

    result = client.get_object(oss.GetObjectRequest(bucket=bucket, key=key))
    data = required(result.body, "body").read()
    crc = Crc64(0)
    crc.update(data)
    if str(crc.sum64()) != required(result.hash_crc64, "x-oss-hash-crc64ecma"):
        raise CloudError("", "", MALFORMED, "the object's bytes do not match its x-oss-hash-crc64ecma")
    return data[:MAX_RECORD_BYTES + 1]


def _parsed(state_where: str, raw, where: str) -> ApprovalState:
    try:
        return ApprovalState(parse_record(raw, where), state_where)
    except ValueError as problem:
        return ApprovalState(where=state_where, problem=f"the latest record ({where}) cannot be used: {problem}")


def in_bucket(reader: Reader, session: Session, bucket: str, region: str, trail: str) -> ApprovalState:
    prefix = record_prefix(trail)
    listed = reader.read("oss", "ListObjectsV2", bucket, lambda: _keys(session.oss(region), bucket, prefix),
                         ("NoSuchBucket",))
    if listed.error is not None and listed.error.endpoint:  # the bucket lives in another region: ask there
        region = region_of_endpoint(listed.error.endpoint)
        listed = reader.read("oss", "ListObjectsV2", bucket, lambda: _keys(session.oss(region), bucket, prefix),
                             ("NoSuchBucket",))
    where = f"oss://{bucket}/{prefix}"
    if listed.failed:
        return ApprovalState(where=where, problem=f"the records at {where} could not be listed")
    if not listed.value:
        return ApprovalState(where=where)
    latest = max(listed.value)
    got = reader.read("oss", "GetObject", f"{bucket}/{latest}", lambda: _object(session.oss(region), bucket, latest),
                      ("NoSuchKey",))
    if got.failed or got.value is None:
        return ApprovalState(where=where, problem=f"the latest record oss://{bucket}/{latest} could not be read")
    return _parsed(where, got.value, f"oss://{bucket}/{latest}")


def _latest_log(client, project: str, trail: str):
    from alibabacloud_sls20201230 import models

    request = models.GetLogsV2Request(from_=0, to=int(time.time()) + 86400, line=1, offset=0, reverse=True,
                                      topic=trail, query="*")
    try:
        body = client.get_logs_v2(project, APPROVALS_LOGSTORE, request).body
    except Exception as raw:  # noqa: BLE001 - two answers mean "nothing recorded yet", not "could not read"
        code = CloudError.from_sdk(raw, "sls", "GetLogsV2").code
        if code in (_NO_STORE, _NO_INDEX):
            return code
        raise
    return required(required(body, "body").data, "data")


def in_project(reader: Reader, session: Session, project: str, region: str, trail: str) -> ApprovalState:
    where = f"sls://{project}/{APPROVALS_LOGSTORE}"
    got = reader.read("sls", "GetLogsV2", f"{project}/{APPROVALS_LOGSTORE}",
                      lambda: _latest_log(session.sls(region), project, trail), ("ProjectNotExist",))
    if got.failed:
        return ApprovalState(where=where, problem=f"the records at {where} could not be read")
    if got.value is None or got.value == _NO_STORE:
        return ApprovalState(where=where, store_missing=True)
    if got.value == _NO_INDEX:
        return ApprovalState(where=where, index_missing=True)
    if not got.value:
        return ApprovalState(where=where)
    log = got.value[0]
    return _parsed(where, {k: v for k, v in log.items() if not k.startswith("__")}, f"{where} ({log.get('__time__')})")
