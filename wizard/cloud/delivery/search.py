"""Where the marker's RequestId is looked for: the event history, the trail's Logstore, the newest OSS files.

Each search is one read (a few for paging) and answers the Landing it found, or None. Read-only, with the
permissions `policy auditor` grants: actiontrail:LookupEvents, log:GetLogStoreLogs on the trail's Logstore,
oss:ListObjects/GetObject under the trail's prefix (and kms:Decrypt of its key), oss:GetBucketEncryption.
"""

from __future__ import annotations

import gzip
import json
import time
from typing import Any, Iterable

from wizard.cloud.errors import MALFORMED, CloudError, required
from wizard.cloud.retry import RetryPolicy
from wizard.cloud.session import Session
from wizard.core.delivery import EVENTS, LOGSTORE, OSS, Landing, Marker, day_prefix, encryption_problem
from wizard.core.settings import Settings

LOOKUP_PAGES = 5  # 50 events a page, newest first: the marker is among the newest of its name
OSS_FILES = 4  # the newest files of the day are searched, newest first (each holds a 5-minute window)
MAX_FILE_BYTES = 64 * 1024 * 1024
_NOT_YET = ("LogStoreNotExist", "IndexConfigNotExist")  # ActionTrail creates the Logstore and its index itself


def _iso(epoch: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def _retry() -> RetryPolicy:
    return RetryPolicy(attempts=3, base_delay=0.2, max_delay=1.0)


def _request_ids(value: Any) -> Iterable[str]:
    """Every requestId in an event, a list of events or a log whose `event` field is the event's JSON text."""
    if isinstance(value, list):
        for item in value:
            yield from _request_ids(item)
    elif isinstance(value, dict):
        for key in ("requestId", "event.requestId"):
            if isinstance(value.get(key), str):
                yield value[key]
        for key in ("event", "Events", "events", "Records"):
            inner = value.get(key)
            if isinstance(inner, str):
                try:
                    inner = json.loads(inner)
                except ValueError:
                    continue
            if isinstance(inner, (dict, list)):
                yield from _request_ids(inner)


def in_event_history(session: Session, marker: Marker, request_id: str, since: float, now: float) -> bool:
    """LookupEvents of the marker's event name from a little before the call: is the marker among them?"""
    from alibabacloud_actiontrail20200706 import models

    client, token = session.actiontrail(), None
    for _ in range(LOOKUP_PAGES):
        request = models.LookupEventsRequest(
            lookup_attribute=[models.LookupEventsRequestLookupAttribute(key="EventName", value=marker.api)],
            start_time=_iso(since - 300), end_time=_iso(now + 300), max_results=50, next_token=token)
        body = _retry().run(lambda: client.lookup_events(request).body, "actiontrail", "LookupEvents")
        if request_id in _request_ids(body.events or []):
            return True
        token = body.next_token
        if not token:
            return False
    return False


def in_logstore(session: Session, settings: Settings, request_id: str, since: float, now: float) -> bool:
    """GetLogs on actiontrail_<trail> for `event.requestId: "<id>"` (an indexed field of the ActionTrail Logstore)."""
    from alibabacloud_sls20201230 import models

    client = session.sls(settings.region)
    request = models.GetLogsV2Request(from_=int(since) - 300, to=int(now) + 300, line=10, offset=0, reverse=True,
                                      query=f'event.requestId: "{request_id}"')

    def search():
        try:
            return client.get_logs_v2(settings.sls.project, settings.logstore_name, request).body
        except Exception as raw:  # noqa: BLE001 - no Logstore or index yet: not delivered yet, not an error
            if CloudError.from_sdk(raw, "sls", "GetLogsV2").code in _NOT_YET:
                return None
            raise

    body = _retry().run(search, "sls", "GetLogsV2")
    return body is not None and request_id in _request_ids(body.data or [])


def bucket_key(session: Session, settings: Settings) -> str | None:
    """The bucket's default SSE-KMS key (GetBucketEncryption), which the audit holds to the settings' key."""
    import alibabacloud_oss_v2 as oss

    client = session.oss(settings.region)

    def read():
        try:
            rule = client.get_bucket_encryption(oss.GetBucketEncryptionRequest(bucket=settings.oss.bucket))
        except Exception as raw:  # noqa: BLE001
            if CloudError.from_sdk(raw, "oss", "GetBucketEncryption").code == "NoSuchServerSideEncryptionRule":
                return None
            raise
        return required(rule.server_side_encryption_rule, "ServerSideEncryptionRule") \
            .apply_server_side_encryption_by_default

    default = _retry().run(read, "oss", "GetBucketEncryption")
    return (default.kms_master_key_id or None) if default is not None else None


def _newest_keys(client, bucket: str, prefix: str) -> list[str]:
    import alibabacloud_oss_v2 as oss

    keys, token = [], None
    while True:
        page = client.list_objects_v2(oss.ListObjectsV2Request(bucket=bucket, prefix=prefix, max_keys=1000,
                                                               continuation_token=token))
        keys += [required(item.key, "Key") for item in page.contents or [] if item.key.endswith(".gz")]
        if not page.is_truncated:
            return sorted(keys, reverse=True)[:OSS_FILES]  # the name holds the time: newest first
        token = required(page.next_continuation_token, "NextContinuationToken")


def _events_of(data: bytes) -> Any:
    """A delivered file: gzip of JSON (one document, or one event a line)."""
    try:
        text = gzip.decompress(data)[:MAX_FILE_BYTES].decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError) as error:
        raise CloudError("oss", "GetObject", MALFORMED, f"the file is not gzip JSON: {error}") from None
    try:
        return json.loads(text)
    except ValueError:
        lines = [line for line in text.splitlines() if line.strip()]
        try:
            return [json.loads(line) for line in lines]
        except ValueError as error:
            raise CloudError("oss", "GetObject", MALFORMED, f"the file is not JSON: {error}") from None


def member_path(session: Session, settings: Settings, account_id: str) -> str:
    """An organization trail writes each account's files under <rd id>/<account id>/ (GetResourceDirectory)."""
    if not settings.trail.organization:
        return ""
    directory = _retry().run(lambda: session.resourcemanager().get_resource_directory().body.resource_directory,
                             "resourcemanager", "GetResourceDirectory")
    return f"{required(directory.resource_directory_id, 'ResourceDirectoryId')}/{account_id}"


def in_bucket(session: Session, settings: Settings, request_id: str, since: float, now: float,
              wanted_key: str | None, member: str = "") -> Landing | None:
    """The newest files under the trail's prefix for the marker's day (and today's, past midnight): the one that
    holds the marker, with its encryption checked against `wanted_key`."""
    import alibabacloud_oss_v2 as oss

    client, bucket, region = session.oss(settings.region), settings.oss.bucket, settings.region
    prefixes = dict.fromkeys((day_prefix(settings, region, now, member), day_prefix(settings, region, since, member)))
    for prefix in prefixes:
        keys = _retry().run(lambda p=prefix: _newest_keys(client, bucket, p), "oss", "ListObjectsV2")
        for key in keys:
            got = _retry().run(lambda k=key: client.get_object(oss.GetObjectRequest(bucket=bucket, key=k)),
                               "oss", "GetObject")
            data = required(got.body, "body").read()
            if request_id not in _request_ids(_events_of(data)):
                continue
            sse, key_id = got.server_side_encryption, got.server_side_encryption_key_id
            detail = f"SSE-{sse} with key {key_id}" if key_id else f"encryption {sse or 'none'}"
            return Landing(OSS, f"oss://{bucket}/{key}", 0.0, encryption_problem(sse, key_id, wanted_key), detail)
    return None


__all__ = ["EVENTS", "LOGSTORE", "in_event_history", "in_logstore", "in_bucket", "bucket_key"]
