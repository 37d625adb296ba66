"""Every call the sandbox answers becomes an ActionTrail event of the documented shape (tests/data/actiontrail_events
holds the documentation's samples), with the RequestId the caller saw and who made it; LookupEvents finds them.

One sandbox for the module: each test makes its own calls and looks for their own RequestIds."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest
from alibabacloud_actiontrail20200706 import models as at
from alibabacloud_kms20160120 import models as kms

from tests.support.clients import actiontrail_client, error_of, kms_client
from tests.support.iam import allow, user_with
from wizard.sandbox.server import SandboxServer

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "actiontrail_events"
REQUIRED = ("eventId", "eventVersion", "eventType", "eventName", "eventSource", "serviceName", "acsRegion",
            "eventTime", "requestId", "sourceIpAddress", "userAgent", "userIdentity", "isGlobal")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    started = SandboxServer(tmp_path_factory.mktemp("events") / "sandbox.db").start()
    yield started
    started.stop()


def _control(server, path: str, body: dict | None = None) -> dict:
    request = urllib.request.Request(f"{server.url}{path}", data=None if body is None else json.dumps(body).encode(),
                                     method="GET" if body is None else "POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return {"status": error.code, **json.loads(error.read())}


def _lookup(server, key: str, value: str, **kw) -> list[dict]:
    request = at.LookupEventsRequest(lookup_attribute=[at.LookupEventsRequestLookupAttribute(key=key, value=value)],
                                     **kw)
    return actiontrail_client(server).lookup_events(request).body.events


def _by_request(server, request_id: str) -> dict:
    found = [e for e in _control(server, "/_sandbox/events")["events"] if e["requestId"] == request_id]
    assert len(found) == 1, request_id
    return found[0]


def test_the_documented_samples_hold_the_fields_every_event_has():
    for sample in SAMPLES.glob("*.json"):
        event = json.loads(sample.read_text())
        missing = [f for f in REQUIRED if f not in event and not (f == "requestId" and event["eventType"] != "ApiCall")]
        assert not missing, (sample.name, missing)
        assert event["userIdentity"]["type"] in ("root-account", "ram-user", "assumed-role")


def test_a_call_is_an_event_with_the_request_id_the_caller_saw(server):
    answer = kms_client(server).create_key(kms.CreateKeyRequest(description="events"))
    event = _by_request(server, answer.body.request_id)
    sample = json.loads((SAMPLES / "disable_key.json").read_text())
    assert set(sample) - {"additionalEventData", "responseElements"} <= set(event) | {"errorCode", "errorMessage"}
    assert {k: type(v) for k, v in event["userIdentity"].items()} == \
        {k: type(v) for k, v in {**sample["userIdentity"], "accessKeyId": ""}.items()}
    assert (event["eventName"], event["serviceName"], event["eventType"], event["eventRW"]) == \
        ("CreateKey", "Kms", "ApiCall", "Write")
    assert event["eventSource"] == "kms.cn-hangzhou.aliyuncs.com" and event["acsRegion"] == "cn-hangzhou"
    assert event["userIdentity"] == {"type": "root-account", "principalId": server.account.account_id,
                                     "accountId": server.account.account_id, "userName": "root",
                                     "accessKeyId": server.account.access_key_id}
    assert event["requestParameters"]["Description"] == "events" and "errorCode" not in event
    assert event["apiVersion"] == "2016-01-20" and event["isGlobal"] is False


def test_a_ram_user_s_refused_call_is_an_event_with_its_error_and_identity(server):
    alice = user_with(server, "events-alice", allow(["kms:ListKeys"]))
    error = error_of(kms_client(alice).create_key, kms.CreateKeyRequest())
    event = _by_request(server, error.data["RequestId"])
    assert event["errorCode"] == error.code and event["errorMessage"]
    identity = event["userIdentity"]
    assert identity["type"] == "ram-user" and identity["userName"] == "events-alice"
    assert identity["accessKeyId"] == alice.account.access_key_id and identity["principalId"].isdigit()


def test_secrets_never_reach_an_event(server):
    alice = user_with(server, "events-bob")
    made = [e for e in _control(server, "/_sandbox/events")["events"] if e["eventName"] == "CreateAccessKey"]
    text = json.dumps(_control(server, "/_sandbox/events"))
    assert made and alice.account.access_key_secret not in text and server.account.access_key_secret not in text


def test_lookup_events_filters_pages_and_keeps_ninety_days(server):
    for n in range(3):
        kms_client(server).create_key(kms.CreateKeyRequest(description=f"page-{n}"))
    first = actiontrail_client(server).lookup_events(at.LookupEventsRequest(
        lookup_attribute=[at.LookupEventsRequestLookupAttribute(key="EventName", value="CreateKey")], max_results=2))
    assert len(first.body.events) == 2 and first.body.next_token
    assert first.body.events[0]["eventTime"] >= first.body.events[1]["eventTime"]  # newest first
    rest = _lookup(server, "EventName", "CreateKey", max_results=50, next_token=first.body.next_token)
    ids = [e["eventId"] for e in first.body.events + rest]
    assert len(ids) == len(set(ids)) and len(ids) >= 4 and all(e["eventName"] == "CreateKey" for e in rest)
    assert all(e["serviceName"] == "Kms" for e in _lookup(server, "ServiceName", "Kms"))
    assert {e["eventRW"] for e in _lookup(server, "EventRW", "Read", max_results=50)} == {"Read"}
    carol = user_with(server, "events-carol")
    error_of(kms_client(carol).create_key, kms.CreateKeyRequest())
    assert [e["errorCode"] for e in _lookup(server, "User", "events-carol")] == ["Forbidden.RAM"]
    error = error_of(actiontrail_client(server).lookup_events, at.LookupEventsRequest(lookup_attribute=[
        at.LookupEventsRequestLookupAttribute(key="EventName", value="A"),
        at.LookupEventsRequestLookupAttribute(key="EventRW", value="Read")]))
    assert error.code == "InvalidParameter"
    server.advance_clock(91 * 86400)
    assert _lookup(server, "EventName", "CreateKey", start_time="2000-01-01T00:00:00Z") == []


def test_console_events_are_injected_and_bad_ones_refused_naming_the_field(server):
    made = _control(server, "/_sandbox/events", {"events": [{
        "eventName": "ConsoleSignin", "userIdentity": {"type": "ram-user", "principalId": "2839", "userName": "ops"},
        "additionalEventData": {"isMFAChecked": "false", "loginAccount": "ops@example.onaliyun.com"}}]})
    event = made["events"][0]
    assert (event["eventType"], event["eventSource"], event["isGlobal"]) == ("ConsoleSignin", "signin.aliyun.com", True)
    assert _lookup(server, "EventId", event["eventId"])[0]["additionalEventData"]["isMFAChecked"] == "false"
    bad = _control(server, "/_sandbox/events", {"events": [{"eventName": "ConsoleSignin", "mfa": "no"}]})
    assert bad["status"] == 400 and "events[0].mfa" in bad["error"]
    assert _control(server, "/_sandbox/events", {"events": [{}]})["status"] == 400


def test_sandbox_events_prints_them_as_recorded_and_follows(server, tmp_path):
    import io
    from contextlib import redirect_stdout

    from wizard.cli import main
    from wizard.sandbox.events.viewer import watch

    answer = kms_client(server).create_key(kms.CreateKeyRequest(description="viewer"))
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["sandbox", "events", "--state", server.store.path]) == 0
    mine = [line for line in out.getvalue().splitlines() if answer.body.request_id in line]
    assert len(mine) == 1 and "root-account:root  Kms CreateKey  Write  ok" in mine[0]
    printed, rounds = [], []
    follower = watch(Path(server.store.path), True, True, printed.append, stop=lambda: len(rounds) >= 2)
    rounds.append(next(follower))
    later = kms_client(server).create_key(kms.CreateKeyRequest(description="followed"))
    rounds.append(next(follower))  # the next poll prints what was recorded meanwhile
    assert rounds[1] >= 1 and json.loads(printed[-1])["requestId"] == later.body.request_id
    missing = io.StringIO()
    from contextlib import redirect_stderr

    with redirect_stderr(missing):
        assert main(["sandbox", "events", "--state", str(tmp_path / "none.db")]) == 1
    assert "no sandbox state file" in missing.getvalue()
