"""The auditor and admin policies proven by execution: RAM users holding exactly `policy auditor` (through the
auditors' group, as apply attaches it) and `policy admin` call the official SDKs on an account the baseline was
applied to; one test per promise (README, "Least privilege"), allowed and refused calls alike."""

from __future__ import annotations

import json
from pathlib import Path

import alibabacloud_oss_v2 as oss
import pytest
from alibabacloud_actiontrail20200706 import models as at
from alibabacloud_kms20160120 import models as kms
from alibabacloud_ram20150501 import models as ram
from alibabacloud_sls20201230 import models as sls

from tests.support.cli import run
from tests.support.clients import actiontrail_client, error_of, kms_client, oss_client, ram_client, sls_client
from tests.support.iam import document_of, user_with, without_action
from wizard.sandbox.server import SandboxServer

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "examples/baseline.toml"
TRAIL, BUCKET, PROJECT, STORE = "actiontrail-baseline", "acme-actiontrail", "acme-actiontrail", \
    "actiontrail_actiontrail-baseline"
EVENTS = "actiontrail/AliyunLogs/Actiontrail/cn-hangzhou/2026/12/01/Actiontrail_cn-hangzhou_20261201120000_1002.gz"
REFUSED = {"NoPermission", "Forbidden.RAM", "AccessDenied", "Unauthorized"}


@pytest.fixture(scope="module")
def account(tmp_path_factory):
    """The baseline applied by the account's root; one event file in the bucket and one event in the Logstore."""
    folder = tmp_path_factory.mktemp("account")
    with pytest.MonkeyPatch.context() as patch:
        for name in ("XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
            patch.setenv(name, str(folder / name.lower()))
        with SandboxServer(folder / "sandbox.db") as server:
            done = run(server, "apply", "--config", str(CONFIG), "--yes")
            assert done.code == 0, done.err
            oss_client(server).put_object(oss.PutObjectRequest(bucket=BUCKET, key=EVENTS, body=b"events"))
            logs = sls_client(server)
            # the Logstore's index is ActionTrail's own, added by its first delivery (FIDELITY.md, "Delivery to Log
            # Service"): the auditor searches it as it comes
            logs.put_logs(PROJECT, STORE, sls.PutLogsRequest(body=sls.LogGroup(topic="actiontrail", source="",
                          log_tags=[], log_items=[sls.LogItem(time=1_764_590_000, contents=[
                              sls.LogContent(key="event", value='{"eventName": "ConsoleSignin"}')])])))
            server.auditor = user_with(server, "auditor-alice", groups=["security-auditors"])
            server.admin = user_with(server, "trail-admin", document_of(server, "admin", CONFIG))
            yield server


def _refused(call, *args) -> str:
    error = error_of(call, *args)
    code = getattr(error, "code", None) or getattr(getattr(error, "unwrap", lambda: None)(), "code", None)
    assert code in REFUSED, f"{call}: {error}"
    return code


def _status(sandbox):
    return actiontrail_client(sandbox).get_trail_status(at.GetTrailStatusRequest(name=TRAIL)).body


# -- the auditor ------------------------------------------------------------------------------------------------

def test_an_auditor_lists_and_reads_the_trails_objects_and_decrypts_them(account):
    client = oss_client(account.auditor)
    listed = client.list_objects_v2(oss.ListObjectsV2Request(bucket=BUCKET, prefix="actiontrail/"))
    assert EVENTS in [o.key for o in listed.contents]
    got = client.get_object(oss.GetObjectRequest(bucket=BUCKET, key=EVENTS))
    assert got.body.read() == b"events" and got.server_side_encryption == "KMS"


def test_an_sse_kms_object_needs_kms_decrypt_on_the_trails_key(account):
    """The auditor policy's kms:Decrypt statement is what lets it read: without it the same GetObject is refused."""
    lacking = user_with(account, "auditor-no-decrypt",
                        without_action(document_of(account, "auditor", CONFIG), "kms:Decrypt"))
    assert _refused(oss_client(lacking).get_object, oss.GetObjectRequest(bucket=BUCKET, key=EVENTS)) == "AccessDenied"
    assert account.requests()[-1]["denied"].startswith("kms:Decrypt acs:kms:cn-hangzhou:")


def test_an_auditor_lists_only_under_the_trails_prefix(account):
    client = oss_client(account.auditor)
    _refused(client.list_objects_v2, oss.ListObjectsV2Request(bucket=BUCKET))  # no prefix: oss:Prefix absent
    _refused(client.list_objects_v2, oss.ListObjectsV2Request(bucket=BUCKET, prefix="oss-access-log/"))
    _refused(client.get_object, oss.GetObjectRequest(bucket=BUCKET, key="oss-access-log/anything"))


def test_an_auditor_queries_the_trails_logstore(account):
    client = sls_client(account.auditor)
    found = client.get_logs_v2(PROJECT, STORE, sls.GetLogsV2Request(from_=0, to=2_000_000_000,
                                                                    query="event.eventName: ConsoleSignin")).body
    assert found.meta.count == 1 and "ConsoleSignin" in found.data[0]["event"]
    delivered = client.get_logs_v2(PROJECT, STORE, sls.GetLogsV2Request(from_=0, to=2_000_000_000, query="*")).body
    assert delivered.meta.count > 1, "the trail's own deliveries are there too"
    assert client.get_log_store(PROJECT, STORE).body.logstore_name == STORE


def test_an_auditor_describes_the_trail_and_looks_events_up(account):
    client = actiontrail_client(account.auditor)
    assert [t.name for t in client.describe_trails(at.DescribeTrailsRequest()).body.trail_list] == [TRAIL]
    assert client.get_trail_status(at.GetTrailStatusRequest(name=TRAIL)).body.is_logging is True
    assert client.lookup_events(at.LookupEventsRequest()).status_code == 200


def test_an_auditor_cannot_write_delete_stop_detach_or_widen(account):
    trail, bucket, logs = actiontrail_client(account.auditor), oss_client(account.auditor), sls_client(account.auditor)
    keys, iam = kms_client(account.auditor), ram_client(account.auditor)
    key_id = kms_client(account).describe_key(kms.DescribeKeyRequest(
        key_id="alias/actiontrail-actiontrail-baseline")).body.key_metadata.key_id
    attempts = {
        "stop logging": (trail.stop_logging, at.StopLoggingRequest(name=TRAIL)),
        "delete the trail": (trail.delete_trail, at.DeleteTrailRequest(name=TRAIL)),
        "narrow the trail": (trail.update_trail, at.UpdateTrailRequest(name=TRAIL, event_rw="Write")),
        "write an object": (bucket.put_object, oss.PutObjectRequest(bucket=BUCKET, key=EVENTS + ".x", body=b"x")),
        "delete an object": (bucket.delete_object, oss.DeleteObjectRequest(bucket=BUCKET, key=EVENTS)),
        "widen the bucket": (bucket.put_bucket_acl, oss.PutBucketAclRequest(bucket=BUCKET, acl="public-read")),
        "drop the bucket policy": (bucket.put_bucket_policy, oss.PutBucketPolicyRequest(
            bucket=BUCKET, body='{"Version":"1","Statement":[]}')),
        "shorten the Logstore": (lambda: logs.update_log_store(PROJECT, STORE, sls.UpdateLogStoreRequest(
            logstore_name=STORE, ttl=1, shard_count=2)),),
        "write logs": (lambda: logs.put_logs(PROJECT, STORE, sls.PutLogsRequest(body=sls.LogGroup(
            topic="x", source="", log_tags=[], log_items=[sls.LogItem(time=1, contents=[
                sls.LogContent(key="k", value="v")])]))),),
        "disable the key": (keys.disable_key, kms.DisableKeyRequest(key_id=key_id)),
        "schedule the key's deletion": (keys.schedule_key_deletion, kms.ScheduleKeyDeletionRequest(
            key_id=key_id, pending_window_in_days=7)),
        "detach the auditor policy": (iam.detach_policy_from_group, ram.DetachPolicyFromGroupRequest(
            policy_type="Custom", policy_name="ActionTrailAuditorReadOnly", group_name="security-auditors")),
        "widen itself": (iam.attach_policy_to_user, ram.AttachPolicyToUserRequest(
            policy_type="System", policy_name="AdministratorAccess", user_name="auditor-alice")),
        "make a key for another user": (iam.create_access_key, ram.CreateAccessKeyRequest(user_name="cloud-admin")),
    }
    before = len(account.requests())
    for what, (call, *args) in attempts.items():
        _refused(call, *args)
    decisions = [r["decision"] for r in account.requests()[before:]]
    assert decisions == ["ImplicitDeny"] * len(attempts), "each refused by RAM before its handler ran"
    assert _status(account).is_logging is True


# -- the admin --------------------------------------------------------------------------------------------------

def test_an_admin_keeps_the_trail_logging_reads_it_and_looks_events_up(account):
    client = actiontrail_client(account.admin)
    assert client.start_logging(at.StartLoggingRequest(name=TRAIL)).status_code == 200
    assert client.get_trail_status(at.GetTrailStatusRequest(name=TRAIL)).body.is_logging is True
    assert [t.name for t in client.describe_trails(at.DescribeTrailsRequest()).body.trail_list] == [TRAIL]
    assert client.lookup_events(at.LookupEventsRequest()).status_code == 200


@pytest.mark.parametrize("broader", [False, True], ids=["admin-policy", "with-AliyunActionTrailFullAccess-too"])
def test_an_admin_cannot_stop_delete_narrow_or_redirect_the_trail(account, broader):
    """An explicit Deny wins: even an admin later given AliyunActionTrailFullAccess stays refused."""
    admin = account.admin
    if broader:
        admin = user_with(account, "trail-admin-plus", document_of(account, "admin", CONFIG),
                          system=["AliyunActionTrailFullAccess"])
    client = actiontrail_client(admin)
    before = len(account.requests())
    for call, request in ((client.stop_logging, at.StopLoggingRequest(name=TRAIL)),
                          (client.delete_trail, at.DeleteTrailRequest(name=TRAIL)),
                          (client.update_trail, at.UpdateTrailRequest(name=TRAIL, event_rw="Write")),
                          (client.update_trail, at.UpdateTrailRequest(name=TRAIL, oss_bucket_name="elsewhere"))):
        assert _refused(call, request) == "Forbidden.RAM"
    assert [r["decision"] for r in account.requests()[before:]] == ["ExplicitDeny"] * 4
    trail = actiontrail_client(account).describe_trails(at.DescribeTrailsRequest()).body.trail_list[0]
    assert (trail.event_rw, trail.oss_bucket_name, _status(account).is_logging) == ("All", BUCKET, True)


def test_the_admin_policy_says_plainly_what_no_policy_can_prevent(account):
    printed = run(account, "policy", "admin", "--config", str(CONFIG))
    assert printed.code == 0 and "No RAM policy can let a holder change a trail yet forbid narrowing it" in printed.err
    assert json.loads(printed.out)["Statement"][1]["Effect"] == "Deny"


# -- AT-RAM-ADMINS on effective permissions ---------------------------------------------------------------------

def test_at_ram_admins_names_who_can_change_the_trail_through_a_group_a_wildcard_and_counts_a_deny(account):
    """The sandbox enforces the same semantics the audit judges by: gina can really act through her group's
    wildcard policy, hank's explicit Deny really refuses him; the audit names gina's group and not hank."""
    root = ram_client(account)
    root.create_group(ram.CreateGroupRequest(group_name="trail-ops"))
    root.create_policy(ram.CreatePolicyRequest(policy_name="LoggingHelpers", policy_document=json.dumps(
        {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "actiontrail:*Logging", "Resource": "*"}]})))
    root.attach_policy_to_group(ram.AttachPolicyToGroupRequest(policy_type="Custom", policy_name="LoggingHelpers",
                                                               group_name="trail-ops"))
    gina = user_with(account, "gina", groups=["trail-ops"])
    hank = user_with(account, "hank", {"Version": "1", "Statement": [
        {"Effect": "Deny", "Action": ["actiontrail:StopLogging", "actiontrail:DeleteTrail", "actiontrail:UpdateTrail"],
         "Resource": "*"}]}, system=["AliyunActionTrailFullAccess"])
    assert actiontrail_client(gina).start_logging(at.StartLoggingRequest(name=TRAIL)).status_code == 200
    assert _refused(actiontrail_client(hank).stop_logging, at.StopLoggingRequest(name=TRAIL)) == "Forbidden.RAM"
    assert account.requests()[-1]["decision"] == "ExplicitDeny"

    audited = run(account, "audit", "--config", str(CONFIG), "--format", "json")
    [rule] = [f for f in json.loads(audited.out)["findings"] if f["rule"] == "AT-RAM-ADMINS"]
    assert rule["status"] == "fail", rule
    assert "group:trail-ops holds LoggingHelpers (can StopLogging, as can its members user:gina)" in rule["evidence"]
    assert "hank" not in rule["evidence"], "his explicit Deny takes the right away"
    planned = run(account, "plan", "--config", str(CONFIG))
    assert "aliyun ram DetachPolicyFromGroup --PolicyType Custom --PolicyName LoggingHelpers --GroupName trail-ops" \
        in planned.out
