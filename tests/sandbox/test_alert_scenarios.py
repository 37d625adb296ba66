"""Each alert rule the wizard creates fires on the sandbox: the baseline applied once, the sensitive thing done by
another RAM user (or the console event injected), the clock moved past the alert's schedule: the notification names
the event and its recipients; a look-alike harmless event fires nothing. The MFA rule on the documented
ConsoleSignin fields (additionalEventData.isMFAChecked "false")."""

from __future__ import annotations

import json
from pathlib import Path

import alibabacloud_oss_v2 as oss
import pytest
from alibabacloud_actiontrail20200706 import models as at
from alibabacloud_kms20160120 import models as kms
from alibabacloud_ram20150501 import models as ram

from tests.support.clients import actiontrail_client, error_of, kms_client, oss_client, ram_client
from tests.support.iam import allow, user_with
from tests.support.pipeline import apply_baseline, ids_notified, inject, notified
from wizard.core.alerts.rules import ALERT_RULES
from wizard.sandbox.server import SandboxServer

pytestmark = pytest.mark.xdist_group("alert-scenarios")  # one sandbox, one apply (make test: --dist loadgroup)
SAMPLES = Path(__file__).resolve().parents[1] / "data" / "actiontrail_events"
REPEAT = 3700  # past the rules' repeatInterval (1h): a rule that fired earlier may fire again


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    import os

    state = tmp_path_factory.mktemp("alerts")
    old = {k: os.environ.get(k) for k in ("XDG_STATE_HOME", "XDG_DATA_HOME")}
    os.environ.update(XDG_STATE_HOME=str(state / "state"), XDG_DATA_HOME=str(state / "data"))
    server = SandboxServer(state / "sandbox.db").start()
    try:
        apply_baseline(server)
        mallory = user_with(server, "mallory", allow("*"))
        eve = user_with(server, "eve")  # no policy: every call refused
        oss_client(mallory).put_bucket(oss.PutBucketRequest(bucket="mallory-bucket"))
        yield server, mallory, eve
    finally:
        server.stop()
        for key, value in old.items():
            os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)


def _api(service: str, name: str, **extra) -> dict:
    return {"eventType": "ApiCall", "eventName": name, "serviceName": service, "eventSource": f"{service.lower()}."
            "cn-hangzhou.aliyuncs.com", "userIdentity": {"type": "ram-user", "principalId": "28391", "userName": "ops"},
            **extra}


def _trail(w):
    client = actiontrail_client(w[1])
    return client.update_trail(at.UpdateTrailRequest(name="actiontrail-baseline", event_rw="All")).body.request_id, \
        client.describe_trails(at.DescribeTrailsRequest()).body.request_id


def _ram(w):
    client = ram_client(w[1])
    made = client.create_policy(ram.CreatePolicyRequest(policy_name="mallory-extra", policy_document=json.dumps(
        allow("oss:GetObject")))).body.request_id
    return made, client.list_policies(ram.ListPoliciesRequest()).body.request_id


def _injected(sensitive: dict, harmless: dict):
    return lambda w: (inject(w[0], **sensitive)["eventId"], inject(w[0], **harmless)["eventId"])


def _oss_acl(w):
    client = oss_client(w[1])
    done = client.put_bucket_acl(oss.PutBucketAclRequest(bucket="mallory-bucket", acl="private"))
    read = client.get_bucket_acl(oss.GetBucketAclRequest(bucket="mallory-bucket"))
    return done.request_id, read.request_id


def _oss_policy(w):
    client = oss_client(w[1])
    policy = json.dumps({"Version": "1", "Statement": [{"Effect": "Deny", "Action": ["oss:*"], "Principal": ["*"],
                         "Resource": ["acs:oss:*:*:mallory-bucket/*"], "Condition": {"Bool": {
                             "acs:SecureTransport": ["false"]}}}]})
    done = client.put_bucket_policy(oss.PutBucketPolicyRequest(bucket="mallory-bucket", body=policy))
    return done.request_id, client.get_bucket_policy(oss.GetBucketPolicyRequest(bucket="mallory-bucket")).request_id


def _unauthorized(w):
    refused = error_of(kms_client(w[2]).create_key, kms.CreateKeyRequest())
    # a failed call that is no refusal (KMS answers a missing key with Forbidden.KeyNotFound, which the rule's
    # Forbidden* does match: said in the issue-17 report)
    invalid = error_of(actiontrail_client(w[1]).lookup_events, at.LookupEventsRequest(direction="SIDEWAYS"))
    return refused.data["RequestId"], invalid.data["RequestId"]


def _root(w):
    mine = kms_client(w[0]).list_keys(kms.ListKeysRequest()).body.request_id
    return mine, kms_client(w[1]).list_keys(kms.ListKeysRequest()).body.request_id


def _kms(w):
    client = kms_client(w[1])
    key = client.create_key(kms.CreateKeyRequest(description="mallory")).body.key_metadata.key_id
    done = client.disable_key(kms.DisableKeyRequest(key_id=key)).body.request_id
    return done, client.describe_key(kms.DescribeKeyRequest(key_id=key)).body.request_id


def _documented(name: str, **changes) -> dict:
    event = json.loads((SAMPLES / f"{name}.json").read_text())
    return {k: v for k, v in {**event, **changes}.items() if k not in ("eventId", "eventTime")}


SCENARIOS = {
    "at-trail-changes": _trail,
    "at-ram-changes": _ram,
    "at-cloudfw-changes": _injected(_api("Cloudfw", "ModifyControlPolicy"), _api("Cloudfw", "DescribeControlPolicy")),
    "at-vpc-route-changes": _injected(_api("Vpc", "CreateRouteEntry"), _api("Vpc", "DescribeRouteEntryList")),
    "at-vpc-changes": _injected(_api("Vpc", "DeleteVSwitch"), _api("Vpc", "DescribeVSwitches")),
    "at-oss-acl-changes": _oss_acl,
    "at-rds-changes": _injected(_api("Rds", "ModifySecurityIps"), _api("Rds", "DescribeDBInstanceIPArrayList")),
    "at-unauthorized-calls": _unauthorized,
    "at-console-signin-no-mfa": _injected(_documented("signin_without_mfa"), _documented("signin_with_mfa")),
    "at-root-account-use": _root,
    "at-console-signin-failures": _injected(_documented("signin_failure"), _documented("signin_with_mfa")),
    "at-kms-key-disable-delete": _kms,
    "at-oss-policy-changes": _oss_policy,
    "at-security-group-changes": _injected(_api("Ecs", "AuthorizeSecurityGroup"),
                                           _api("Ecs", "DescribeSecurityGroups")),
}


def test_every_rule_has_a_scenario():
    assert set(SCENARIOS) == {rule.name for rule in ALERT_RULES}


@pytest.mark.parametrize("rule", sorted(SCENARIOS))
def test_the_rule_fires_on_the_sensitive_event_and_not_on_its_look_alike(world, rule):
    server = world[0]
    server.advance_clock(REPEAT)
    sensitive, harmless = SCENARIOS[rule](world)
    assert sensitive not in ids_notified(server, rule), "not before its schedule"
    server.advance_clock(600)  # two ticks of the 5-minute schedule
    named = ids_notified(server, rule)
    assert sensitive in named, f"{rule} did not fire on {sensitive}"
    assert harmless not in named, f"{rule} fired on a harmless event"
    latest = [n for n in notified(server, rule) if sensitive in {e.get("requestId") for e in n["events"]} |
              {e.get("eventId") for e in n["events"]}][0]
    assert latest["channels"] == [{"type": "email", "recipients": ["secops@example.com"]}]
    assert latest["severity"] == next(r.severity for r in ALERT_RULES if r.name == rule) and latest["count"] >= 1


def test_the_mfa_rule_reads_the_documented_console_sign_in(world):
    server = world[0]
    server.advance_clock(REPEAT)
    without = inject(server, **_documented("signin_without_mfa"))
    assert without["additionalEventData"]["isMFAChecked"] == "false"
    assert without["userIdentity"]["type"] == "ram-user"
    server.advance_clock(600)
    assert without["eventId"] in ids_notified(server, "at-console-signin-no-mfa")
    assert without["eventId"] not in ids_notified(server, "at-console-signin-failures")
