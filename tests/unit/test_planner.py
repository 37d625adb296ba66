"""The planner: full onboarding order, fixes only for drift, zero for a compliant account, blocked not weakened."""

from __future__ import annotations

from dataclasses import replace

from tests.support.factories import ACCOUNT, REGION, empty_account, settings, simulate
from wizard.core.audit import evaluate
from wizard.core.observed import BucketState, FailedRead, KeyState, Observed, PolicyState, WormState
from wizard.core.planning.planner import plan
from wizard.flow.review import plan_for
from wizard.report.plan.text import summary


def _apis(p):
    return [a.api for a in p.actions]


def _index(p, action_id):
    return [a.id for a in p.actions].index(action_id)


def test_empty_account_gets_the_full_onboarding_sequence_in_dependency_order():
    p = plan(settings(), empty_account())
    apis = _apis(p)
    for api in ("CreateServiceLinkedRole", "CreateKey", "CreateAlias", "SetDeletionProtection", "PutBucket",
                "PutBucketPublicAccessBlock", "PutBucketEncryption", "PutBucketPolicy", "PutBucketLogging",
                "InitiateBucketWorm", "CompleteBucketWorm", "CreateProject", "CreateLogStore", "CreateTrail",
                "StartLogging", "CreatePolicy", "AttachPolicyToGroup", "CreateAlert"):
        assert api in apis, api
    positions = {a.id: i for i, a in enumerate(p.actions)}
    for i, action in enumerate(p.actions):
        for dep in action.depends_on:
            assert positions[dep] < i, f"{action.id} runs before its prerequisite {dep}"
    assert _index(p, "kms.create-key") < _index(p, "oss.put-bucket-encryption")
    assert _index(p, "oss.put-bucket") < _index(p, "actiontrail.create-trail")
    assert _index(p, "sls.create-logstore") < _index(p, "actiontrail.create-trail")
    assert _index(p, "actiontrail.create-trail") < _index(p, "actiontrail.start-logging")
    assert p.blocked == ()


def test_create_trail_records_all_events_in_all_regions_with_both_destinations():
    p = plan(settings(), empty_account())
    create = next(a for a in p.actions if a.api == "CreateTrail")
    assert create.params["EventRW"] == "All" and create.params["TrailRegion"] == "All"
    assert create.params["OssBucketName"] == "acme-actiontrail"
    assert create.params["SlsProjectArn"] == f"acs:log:{REGION}:{ACCOUNT}:project/acme-actiontrail"


def test_only_the_worm_lock_is_irreversible_and_it_needs_oss_lock():
    p = plan(settings(), empty_account())
    assert [a.api for a in p.actions if a.irreversible] == ["CompleteBucketWorm"]
    unlocked = plan(settings(oss={"lock": False}), empty_account())
    assert "CompleteBucketWorm" not in _apis(unlocked)
    assert any("oss.lock" in b.reason for b in unlocked.blocked)


def test_logstore_is_created_encrypted_with_its_ttl_before_the_trail():
    p = plan(settings(sls={"ttl_days": 400}), empty_account())
    store = next(a for a in p.actions if a.api == "CreateLogStore")
    assert store.params["logstoreName"] == "actiontrail_actiontrail-baseline"
    assert store.params["ttl"] == 400
    assert store.params["encrypt_conf"]["enable"] is True


def test_oss_only_has_no_sls_actions_and_no_alerts():
    p = plan(settings(sls=None, alerts={"enabled": False}), empty_account())
    assert not [a for a in p.actions if a.service == "sls"]
    assert "SlsProjectArn" not in next(a for a in p.actions if a.api == "CreateTrail").params


def test_offline_plan_refers_to_the_account_id_symbolically():
    p = plan(settings(), Observed(region=REGION))
    create = next(a for a in p.actions if a.api == "CreateTrail")
    assert create.params["SlsProjectArn"].startswith("acs:log:cn-hangzhou:${account.AccountId}:project/")


def test_applying_the_plan_makes_every_rule_pass_and_a_rerun_plans_zero():
    s = settings()
    after = simulate(empty_account(), plan(s, empty_account()))
    assert [f.rule for f in evaluate(s, after) if f.status == "fail"] == []
    assert plan(s, after).changes == 0


def _compliant():
    s = settings()
    return s, simulate(empty_account(), plan(s, empty_account()))


def _drift(observed, **changes):
    trail = replace(observed.trails[0], **changes.pop("trail", {}))
    bucket = replace(observed.buckets[0], **changes.pop("bucket", {}))
    project = observed.projects[0]
    store = replace(project.logstores[0], **changes.pop("logstore", {}))
    key = replace(observed.keys[0], **changes.pop("key", {}))
    return replace(observed, trails=(trail,), buckets=(bucket,), keys=(key,),
                   projects=(replace(project, logstores=(store,)),))


def test_drifted_account_plans_exactly_the_fixes():
    s, good = _compliant()
    drifted = _drift(good, trail={"is_logging": False, "status": "Disable", "event_rw": "Write",
                                  "trail_region": "cn-shanghai"},
                     bucket={"acl": "public-read", "sse_algorithm": None, "kms_key_id": None,
                             "worm": WormState("w1", "InProgress", 365)},
                     logstore={"ttl_days": 30}, key={"rotation": False})
    failing = {f.rule for f in evaluate(s, drifted) if f.status == "fail"}
    assert failing == {"AT-TRAIL-LOGGING", "AT-TRAIL-ALL-EVENTS", "AT-TRAIL-ALL-REGIONS", "AT-OSS-KMS",
                       "AT-OSS-WORM", "AT-OSS-PRIVATE", "AT-SLS-TTL", "AT-KMS-ROTATION"}
    p = plan(s, drifted)
    assert sorted(_apis(p)) == sorted(["UpdateTrail", "StartLogging", "PutBucketAcl", "PutBucketEncryption",
                                       "CompleteBucketWorm", "UpdateLogStore", "UpdateRotationPolicy"])
    update = next(a for a in p.actions if a.api == "UpdateTrail")
    assert update.params["EventRW"] == "All" and update.params["TrailRegion"] == "All"
    assert plan(s, simulate(drifted, p)).changes == 0
    reviewed = plan_for(s, drifted)  # what the plan screen shows: the planner's plan and the rules already met
    assert reviewed.actions == p.actions
    assert set(reviewed.already_met) == {f.rule for f in evaluate(s, drifted) if f.status == "pass"}
    assert "No change needed for 10 of 18 rules (already met)." in summary(reviewed)


def test_short_unlocked_worm_is_blocked_not_aborted():
    s, good = _compliant()
    drifted = _drift(good, bucket={"worm": WormState("w1", "InProgress", 90)})
    p = plan(s, drifted)
    assert p.changes == 0
    assert any("AbortBucketWorm" in b.reason for b in p.blocked)


def test_locked_worm_is_extended_never_shortened():
    s, good = _compliant()
    shorter = _drift(good, bucket={"worm": WormState("w1", "Locked", 200)})
    extend = plan(s, shorter)
    assert _apis(extend) == ["ExtendBucketWorm"]
    assert extend.actions[0].params["RetentionPeriodInDays"] == 365
    longer = _drift(good, bucket={"worm": WormState("w1", "Locked", 3000)})
    assert plan(s, longer).changes == 0


def test_suspended_versioning_blocks_worm_and_enabled_versioning_does_not():
    """FIDELITY.md, "OSS: WORM": the current InitiateBucketWorm page lets WORM and Enabled versioning coexist."""
    s, good = _compliant()
    suspended = plan(s, _drift(good, bucket={"worm": None, "versioning": "Suspended"}))
    assert "InitiateBucketWorm" not in _apis(suspended) and "PutBucketVersioning" not in _apis(suspended)
    assert any("Suspended" in b.reason for b in suspended.blocked)
    enabled = plan(s, _drift(good, bucket={"worm": None, "versioning": "Enabled"}))
    assert "InitiateBucketWorm" in _apis(enabled) and not any("versioning" in b.reason for b in enabled.blocked)


def test_narrower_settings_never_narrow_the_trail():
    _, good = _compliant()
    narrow = settings(trail={"event_rw": "Write", "trail_region": "cn-shanghai"})
    p = plan(narrow, good)
    assert "UpdateTrail" not in _apis(p)
    assert {b.rule for b in p.blocked} >= {"AT-TRAIL-ALL-EVENTS", "AT-TRAIL-ALL-REGIONS"}


def test_settings_without_oss_keep_the_trail_delivering_to_its_bucket():
    _, good = _compliant()
    p = plan(settings(oss=None), good)
    assert all("OssBucketName" not in a.params for a in p.actions)


def test_existing_bucket_policy_statements_are_kept():
    s, good = _compliant()
    other = '{"Version":"1","Statement":[{"Effect":"Allow","Principal":["123"],"Action":["oss:GetObject"],' \
            '"Resource":["acs:oss:*:1:acme-actiontrail/x"]}]}'
    p = plan(s, _drift(good, bucket={"policy": other}))
    put = next(a for a in p.actions if a.api == "PutBucketPolicy")
    assert '"Principal":["123"]' in put.params["Policy"] and "acs:SecureTransport" in put.params["Policy"]


def test_existing_key_is_reused_by_alias_not_created_twice():
    s, good = _compliant()
    assert "CreateKey" not in _apis(plan(s, replace(good, buckets=())))


def test_extra_admins_are_reported_with_the_detach_command_never_detached():
    s, good = _compliant()
    full = PolicyState("AliyunActionTrailFullAccess", "System", attached_to=("user:cloud-admin", "user:bob"))
    p = plan(s, replace(good, policies=good.policies + (full,)))
    assert p.changes == 0
    (item,) = [b for b in p.blocked if "AT-RAM-ADMINS" in b.rules]
    assert "user:bob" in item.reason
    assert item.command == ("aliyun ram DetachPolicyFromUser --PolicyType System "
                            "--PolicyName AliyunActionTrailFullAccess --UserName bob")


def test_auditor_policy_that_differs_gets_a_new_default_version():
    s, good = _compliant()
    policy = good.policy("ActionTrailAuditorReadOnly")
    stale = replace(policy, document='{"Version":"1","Statement":[]}')
    p = plan(s, replace(good, policies=tuple(stale if x.name == policy.name else x for x in good.policies)))
    assert _apis(p) == ["CreatePolicyVersion"]
    assert p.actions[0].params["SetAsDefault"] is True


def test_disabled_alert_is_enabled_and_missing_auditor_attached():
    s, good = _compliant()
    alerts = tuple(replace(a, enabled=False) if a.name == "at-root-account-use" else a for a in good.alerts)
    p = plan(s, replace(good, alerts=alerts))
    assert _apis(p) == ["EnableAlert"]


def test_key_in_bucket_kept_when_create_is_asked_and_bucket_already_uses_a_good_key():
    s = settings()
    key = KeyState("key-existing", REGION, f"acs:kms:{REGION}:{ACCOUNT}:key/key-existing", rotation=True,
                   rotation_interval_days=365, deletion_protection=True)
    bucket = BucketState("acme-actiontrail", REGION, sse_algorithm="KMS", kms_key_id="key-existing")
    p = plan(s, replace(empty_account(), keys=(key,), buckets=(bucket,)))
    assert "CreateKey" not in _apis(p) and "PutBucketEncryption" not in _apis(p)


def test_bucket_in_another_region_is_blocked():
    o = replace(empty_account(), buckets=(BucketState("acme-actiontrail", "cn-beijing"),))
    p = plan(settings(), o)
    assert not [a for a in p.actions if a.service == "oss"]
    assert any("cn-beijing" in b.reason for b in p.blocked)


def test_sls_cmk_creates_a_role_trusted_by_log_service():
    p = plan(settings(sls={"encryption": "cmk"}), empty_account())
    role = next(a for a in p.actions if a.api == "CreateRole")
    assert "log.aliyuncs.com" in role.params["AssumeRolePolicyDocument"]
    store = next(a for a in p.actions if a.api == "CreateLogStore")
    assert store.params["encrypt_conf"]["user_cmk_info"]["cmk_key_id"] == "${kms.create-key.KeyId}"
    assert set(store.depends_on) >= {"ram.sls-cmk-role", "kms.create-key"}


def test_plan_json_shape():
    data = plan(settings(), empty_account()).to_json()
    assert set(data) == {"changes", "actions", "blocked"}
    assert data["changes"] == len(data["actions"])
    assert {"service", "api", "params", "reason", "irreversible"} <= set(data["actions"][0])


def test_request_shapes_match_the_sdk_models():
    """The executor builds SDK models with from_map: keys the model does not know are silently dropped."""
    from alibabacloud_sls20201230 import models as sls

    p = plan(settings(sls={"encryption": "cmk"}), empty_account())
    alert = next(a for a in p.actions if a.api == "CreateAlert")
    body = sls.CreateAlertRequest().from_map({k: v for k, v in alert.params.items() if k != "project"}).to_map()
    assert body["configuration"]["severityConfigurations"][0]["severity"] == 10
    assert body["configuration"]["queryList"][0]["store"] == "actiontrail_actiontrail-baseline"
    store = next(a for a in p.actions if a.api == "CreateLogStore")
    made = sls.CreateLogStoreRequest().from_map({k: v for k, v in store.params.items() if k != "project"}).to_map()
    assert made["encrypt_conf"]["user_cmk_info"]["cmk_key_id"] == "${kms.create-key.KeyId}"
    _, good = _compliant()
    unencrypted = replace(good, projects=(replace(good.projects[0], logstores=(
        replace(good.projects[0].logstores[0], encrypted=False),)),))
    fix = next(a for a in plan(settings(sls={"encryption": "cmk"}), unencrypted).actions
               if a.api == "UpdateLogStoreEncryption")
    request = sls.UpdateLogStoreEncryptionRequest().from_map(
        {k: v for k, v in fix.params.items() if k not in ("project", "logstore")}).to_map()
    assert request["userCmkInfo"]["keyId"] and request["userCmkInfo"]["roleArn"].endswith(
        "role/actiontrailwizardslsencryption")


def test_a_failed_read_of_the_settings_resources_blocks_the_plan_but_another_trails_does_not():
    s, good = _compliant()
    drifted = _drift(good, trail={"event_rw": "Write"})
    ours = replace(drifted, read_errors=(FailedRead("GetBucketPolicy acme-actiontrail", "AccessDenied"),))
    blocked = plan(s, ours)
    assert blocked.actions == () and [b.resource for b in blocked.blocked] == ["read: GetBucketPolicy acme-actiontrail"]
    assert "could not read GetBucketPolicy acme-actiontrail: AccessDenied" in blocked.blocked[0].reason
    theirs = replace(drifted, read_errors=(FailedRead("GetBucketInfo legacy-trail-bucket", "AccessDenied"),
                                           FailedRead("GetLogStore legacy-project/actiontrail_legacy", "Unauthorized")))
    assert _apis(plan(s, theirs)) == ["UpdateTrail"]
