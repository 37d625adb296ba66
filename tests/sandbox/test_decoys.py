"""Decoys on a real sandbox account, made with the official SDKs: what looks configured but is not fails the audit,
and the fix is proven by behaviour (a plain-HTTP request refused; the recipient record pointing back), not by
reading back what was written."""

from __future__ import annotations

import json

import alibabacloud_oss_v2 as oss
import oss2
import pytest
from alibabacloud_ram20150501 import models as ram
from alibabacloud_sls20201230 import models as sls

from tests.support.cli import run
from tests.support.clients import oss_client, ram_client, sls_client
from wizard.core.alerts.notify import USERS, user_id

CONFIG = "examples/baseline.toml"
BUCKET = "acme-actiontrail"


pytestmark = pytest.mark.usefixtures("private_state_dirs")  # tests/conftest.py: this test's own journal and settings


def _finding(sandbox, rule: str) -> dict:
    report = json.loads(run(sandbox, "audit", "--config", CONFIG, "--format", "json").out)
    return next(f for f in report["findings"] if f["rule"] == rule)


def _plain_http_get(sandbox, key) -> None:
    oss2.Bucket(oss2.Auth(*key), "http://oss-cn-hangzhou.aliyuncs.com", BUCKET,
                proxies={"http": sandbox.url}).get_object("evidence.json").read()


def test_a_deny_of_one_action_lets_plain_http_through_fails_the_audit_and_the_fix_refuses_it(sandbox):
    assert run(sandbox, "apply", "--config", CONFIG, "--yes").code == 0
    account = sandbox.account.account_id
    decoy = {"Version": "1", "Statement": [{
        "Effect": "Deny", "Principal": ["*"], "Action": ["oss:PutObject"],
        "Resource": [f"acs:oss:*:{account}:{BUCKET}", f"acs:oss:*:{account}:{BUCKET}/*"],
        "Condition": {"Bool": {"acs:SecureTransport": ["false"]}}}]}
    owner = oss_client(sandbox)
    owner.put_bucket_policy(oss.models.PutBucketPolicyRequest(bucket=BUCKET, body=json.dumps(decoy)))
    owner.put_object(oss.models.PutObjectRequest(bucket=BUCKET, key="evidence.json", body=b"{}"))
    reader = {"Version": "1", "Statement": [  # RAM authorises the read itself: an Allow, so only transport decides
        {"Effect": "Allow", "Action": ["oss:GetObject"], "Resource": [f"acs:oss:*:{account}:{BUCKET}/*"]},
        {"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": ["*"]}]}
    iam = ram_client(sandbox)
    iam.create_policy(ram.CreatePolicyRequest(policy_name="EvidenceReader", policy_document=json.dumps(reader)))
    iam.attach_policy_to_user(ram.AttachPolicyToUserRequest(policy_type="Custom", policy_name="EvidenceReader",
                                                            user_name="ops-intern"))
    made = iam.create_access_key(ram.CreateAccessKeyRequest(user_name="ops-intern")).body.access_key
    key = (made.access_key_id, made.access_key_secret)
    _plain_http_get(sandbox, key)  # the decoy mentions acs:SecureTransport, yet a plain-HTTP read goes through

    found = _finding(sandbox, "AT-OSS-HTTPS-ONLY")
    assert found["status"] == "fail" and "not every OSS action" in found["evidence"]
    assert run(sandbox, "apply", "--config", CONFIG, "--yes").code == 0
    with pytest.raises(oss2.exceptions.AccessDenied):
        _plain_http_get(sandbox, key)  # the wizard's statement now refuses it
    kept = json.loads(owner.get_bucket_policy(oss.models.GetBucketPolicyRequest(bucket=BUCKET)).body)["Statement"]
    assert decoy["Statement"][0] in kept, "the existing statement is kept, never dropped"
    assert _finding(sandbox, "AT-OSS-HTTPS-ONLY")["status"] == "pass"


def test_an_alert_recipient_re_pointed_and_disabled_fails_the_audit_and_apply_points_it_back(sandbox):
    assert run(sandbox, "apply", "--config", CONFIG, "--yes").code == 0
    record_id = user_id("secops@example.com")
    client = sls_client(sandbox)
    tampered = {"user_id": record_id, "user_name": "secops@example.com", "email": ["attacker@example.net"],
                "enabled": False, "sms_enabled": False, "voice_enabled": False}
    client.upsert_resource_record(USERS, sls.UpsertResourceRecordRequest().from_map({"records": [
        {"id": record_id, "tag": "secops@example.com", "value": json.dumps(tampered)}]}))

    found = _finding(sandbox, "AT-ALERTS")
    assert found["status"] == "fail"
    assert "sends to attacker@example.net, not secops@example.com" in found["evidence"]
    assert "recipient secops@example.com is disabled" in found["evidence"]
    planned = json.loads(run(sandbox, "plan", "--config", CONFIG, "--format", "json").out)["actions"]
    assert [(a["api"], a["params"]["resourceName"]) for a in planned] == [("UpsertResourceRecord", USERS)]
    assert run(sandbox, "apply", "--config", CONFIG, "--yes").code == 0
    value = json.loads(client.get_resource_record(USERS, record_id, sls.GetResourceRecordRequest()).body.value)
    assert (value["email"], value["enabled"]) == (["secops@example.com"], True)
