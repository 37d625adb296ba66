"""SLS logs in the sandbox, driven by the official SDK: CreateIndex, PutLogs (protobuf, compressed by the SDK) and
GetLogsV2 (a time range, a topic, newest first), with the answers the reference pages name when a part is missing."""

from __future__ import annotations

import pytest
from alibabacloud_sls20201230 import models as sls

from tests.support.clients import error_of, sls_with_logstore

PROJECT, STORE = "acme-logs", "approvals-test"
INDEX = sls.Index(line=sls.IndexLine(token=[",", " "], case_sensitive=False, chn=False))


@pytest.fixture
def client(sandbox):
    return sls_with_logstore(sandbox, PROJECT, STORE, ttl=3650, shards=1)


def _put(client, topic: str, at: int, **fields):
    group = sls.LogGroup(topic=topic, source="10.0.0.1", log_tags=[], log_items=[sls.LogItem(
        time=at, contents=[sls.LogContent(key=k, value=v) for k, v in fields.items()])])
    return client.put_logs(PROJECT, STORE, sls.PutLogsRequest(body=group))


def _get(client, **kw):
    request = sls.GetLogsV2Request(**{"from_": 0, "to": 2_000_000_000, "line": 100, "query": "*", **kw})
    return client.get_logs_v2(PROJECT, STORE, request).body


def test_logs_are_written_and_read_back_newest_first_by_topic(client):
    client.create_index(PROJECT, STORE, sls.CreateIndexRequest(body=INDEX))
    assert _put(client, "trail-a", 1_700_000_000, n="1").headers["x-log-requestid"]
    _put(client, "trail-b", 1_700_000_001, n="2")
    _put(client, "trail-a", 1_700_000_002, n="3")
    body = _get(client, topic="trail-a", reverse=True, line=1)
    assert body.meta.progress == "Complete" and body.meta.count == 1
    assert body.data == [{"__time__": "1700000002", "__topic__": "trail-a", "__source__": "10.0.0.1", "n": "3"}]
    assert [log["n"] for log in _get(client).data] == ["1", "2", "3"], "oldest first by default"
    assert [log["n"] for log in _get(client, **{"from_": 1_700_000_001, "to": 1_700_000_002}).data] == ["2"]


def test_reading_needs_an_index_and_an_index_is_made_once(client):
    assert error_of(_get, client).code == "IndexConfigNotExist"
    client.create_index(PROJECT, STORE, sls.CreateIndexRequest(body=INDEX))
    assert error_of(client.create_index, PROJECT, STORE, sls.CreateIndexRequest(body=INDEX)).code == \
        "IndexAlreadyExist"


def test_a_missing_logstore_is_named(client):
    missing = error_of(client.get_logs_v2, PROJECT, "nowhere", sls.GetLogsV2Request(from_=0, to=10, query="*"))
    assert missing.code == "LogStoreNotExist"
    group = sls.LogGroup(topic="t", source="", log_tags=[], log_items=[sls.LogItem(
        time=1, contents=[sls.LogContent(key="k", value="v")])])
    assert error_of(client.put_logs, PROJECT, "nowhere", sls.PutLogsRequest(body=group)).code == "LogStoreNotExist"


def test_bad_requests_are_refused(client):
    client.create_index(PROJECT, STORE, sls.CreateIndexRequest(body=INDEX))
    assert error_of(lambda: _get(client, from_=10, to=5)).code == "ParameterInvalid"
    assert error_of(lambda: _put(client, "t", 1, __time__="x")).code == "PostBodyInvalid", "__ keys are reserved"
