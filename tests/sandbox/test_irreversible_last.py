"""Safe re-runs on the sandbox (issue 12, findings 1-3): the WORM lock is taken last, only when everything else
succeeded and the trail is logging; what would stop the plan is found before any write; a key that is not Enabled
encrypts nothing; an InProgress WORM of another number of days is never completed silently."""

from __future__ import annotations

import alibabacloud_oss_v2 as oss
import pytest
from alibabacloud_actiontrail20200706 import models as at
from alibabacloud_kms20160120 import models as kms

from tests.support.cli import lock_record, run, writes
from tests.support.clients import actiontrail_client, kms_client, oss_client
from wizard.core.settings_file import load_settings

BASELINE = "examples/baseline.toml"
BUCKET = "acme-actiontrail"
ALIAS = "alias/actiontrail-actiontrail-baseline"


pytestmark = pytest.mark.usefixtures("private_state_dirs")  # tests/conftest.py: this test's own journal and settings


def _worm(sandbox, bucket=BUCKET):
    return oss_client(sandbox).get_bucket_worm(oss.GetBucketWormRequest(bucket=bucket)).worm_configuration


def test_a_refused_create_trail_leaves_the_bucket_unlocked_and_says_how_to_lock_it(sandbox):
    sandbox.arm_fault("CreateTrail=403:NoPermission")
    failed = run(sandbox, "apply", "--config", BASELINE, "--yes")
    assert failed.code == 1, failed.out + failed.err
    assert "CreateTrail failed: NoPermission" in failed.err
    assert "CompleteBucketWorm" not in writes(sandbox)
    assert _worm(sandbox).state == "InProgress"  # protects the files, still abortable, lapses in 24 h
    assert "was not locked at 365 days" in failed.err and "24 hours" in failed.err and "run apply again" in failed.err
    sandbox.clear_faults()
    again = run(sandbox, "apply", "--config", BASELINE, "--yes")
    assert again.code == 0, again.out + again.err
    assert _worm(sandbox).state == "Locked"
    ops = [r["operation"] for r in sandbox.requests()]
    assert ops.index("StartLogging") < ops.index("CompleteBucketWorm")  # the re-run locked it last


def test_the_lock_is_the_last_call_of_an_onboarding(sandbox, monkeypatch):
    monkeypatch.setenv("ACTIONTRAIL_WIZARD_APPLY_WORKERS", "8")
    sandbox.latency_ms = 5
    assert run(sandbox, "apply", "--config", BASELINE, "--yes").code == 0
    sent = [r for r in sandbox.requests() if r["operation"] in writes(sandbox) and r["status"] < 400]
    lock = next(r for r in sent if r["operation"] == "CompleteBucketWorm")
    assert all(r["answered"] < lock["received"] for r in sent  # but the optional backfill and the apply lock's
               if r is not lock and r["operation"] != "CreateDeliveryHistoryJob" and not lock_record(r)), \
        "every other write answered first"  # release, written once the run has ended


def test_the_lock_is_not_taken_when_the_trail_stopped_logging_right_before(sandbox, tmp_path):
    """The executor reads GetTrailStatus right before the irreversible call, whatever the plan assumed."""
    from dataclasses import replace

    from wizard.cloud.apply.executor import execute
    from wizard.cloud.discover import discover
    from wizard.cloud.session import Session
    from wizard.core.settings_file import dump_settings
    from wizard.flow.review import plan_for

    settings = load_settings(BASELINE)
    unlocked = tmp_path / "unlocked.toml"
    unlocked.write_text(dump_settings(replace(settings, oss=replace(settings.oss, lock=False))))
    assert run(sandbox, "apply", "--config", str(unlocked), "--yes").code == 2  # all but the lock
    session = Session.for_sandbox(sandbox.url, sandbox.account.access_key_id, sandbox.account.access_key_secret,
                                  settings.region, sandbox.ca_bundle)
    observed = discover(session, settings)
    plan = plan_for(settings, observed)
    assert [a.api for a in plan.actions] == ["PutObject", "CompleteBucketWorm"]  # the new settings' record, the lock
    actiontrail_client(sandbox).stop_logging(at.StopLoggingRequest(name=settings.trail.name))
    result = execute(session, plan, account_id=observed.account_id)
    assert result.failed is not None and result.failed[1].code == "TrailNotLogging"
    assert "CompleteBucketWorm" not in writes(sandbox) and _worm(sandbox).state == "InProgress"


def test_the_trail_limit_stops_the_plan_before_any_write(sandbox):
    client = oss_client(sandbox)
    client.put_bucket(oss.PutBucketRequest(bucket="other-logs"))
    trails = actiontrail_client(sandbox)
    for n in range(5):
        trails.create_trail(at.CreateTrailRequest(name=f"other-trail-{n}", oss_bucket_name="other-logs",
                                                  oss_key_prefix=f"prefix{n}x"))
    before = len(sandbox.requests())
    result = run(sandbox, "apply", "--config", BASELINE, "--yes")
    assert result.code == 2, result.out + result.err
    assert writes(sandbox, since=before) == []
    assert "5 trails" in result.out and "MaximumNumberOfTrailsExceededException" in result.out


def test_a_key_scheduled_for_deletion_encrypts_nothing_and_locks_nothing(sandbox):
    keys = kms_client(sandbox)
    key = keys.create_key(kms.CreateKeyRequest()).body.key_metadata
    keys.create_alias(kms.CreateAliasRequest(alias_name=ALIAS, key_id=key.key_id))
    keys.schedule_key_deletion(kms.ScheduleKeyDeletionRequest(key_id=key.key_id, pending_window_in_days=7))
    before = len(sandbox.requests())
    result = run(sandbox, "apply", "--config", BASELINE, "--yes")
    sent = writes(sandbox, since=before)
    assert "PutBucketEncryption" not in sent and "CompleteBucketWorm" not in sent and "CreateTrail" not in sent
    assert f"aliyun kms CancelKeyDeletion --KeyId {key.key_id}" in result.out
    assert result.code == 2, result.out + result.err


def test_an_in_progress_worm_of_70_years_is_never_completed(sandbox):
    client = oss_client(sandbox)
    client.put_bucket(oss.PutBucketRequest(bucket=BUCKET))
    client.initiate_bucket_worm(oss.InitiateBucketWormRequest(bucket=BUCKET, initiate_worm_configuration=(
        oss.InitiateWormConfiguration(retention_period_in_days=25550))))
    plan = run(sandbox, "plan", "--config", BASELINE)
    assert "25550 days" in plan.out and "oss.retention_days = 25550" in plan.out
    result = run(sandbox, "apply", "--config", BASELINE, "--yes")
    assert "CompleteBucketWorm" not in writes(sandbox) and "AbortBucketWorm" not in writes(sandbox)
    worm = _worm(sandbox)
    assert (worm.state, worm.retention_period_in_days) == ("InProgress", 25550)
    assert result.code == 2, result.out + result.err  # AT-OSS-WORM still fails: the audit and the plan agree


def test_a_bucket_whose_own_key_is_scheduled_for_deletion_is_re_keyed_and_locked_in_one_apply(sandbox):
    """The bucket's key (no alias: not the one the settings name) is pending deletion: apply encrypts new log files
    with the trail's new key, locks WORM in the same run, says what the old key's files need, and a re-run has
    nothing left to do (it used to lock only on the second apply)."""
    keys, client = kms_client(sandbox), oss_client(sandbox)
    old = keys.create_key(kms.CreateKeyRequest()).body.key_metadata.key_id
    client.put_bucket(oss.PutBucketRequest(bucket=BUCKET))
    client.put_bucket_encryption(oss.PutBucketEncryptionRequest(bucket=BUCKET, server_side_encryption_rule=oss.
                                 ServerSideEncryptionRule(apply_server_side_encryption_by_default=oss.
                                                          ApplyServerSideEncryptionByDefault(sse_algorithm="KMS",
                                                                                             kms_master_key_id=old))))
    keys.schedule_key_deletion(kms.ScheduleKeyDeletionRequest(key_id=old, pending_window_in_days=7))
    result = run(sandbox, "apply", "--config", BASELINE, "--yes")
    assert result.code == 0, result.out + result.err
    assert f"aliyun kms CancelKeyDeletion --KeyId {old}" in result.out
    rule = client.get_bucket_encryption(oss.GetBucketEncryptionRequest(bucket=BUCKET)).server_side_encryption_rule
    new = rule.apply_server_side_encryption_by_default.kms_master_key_id
    assert new != old and keys.describe_key(kms.DescribeKeyRequest(key_id=new)).body.key_metadata.key_state == \
        "Enabled"
    assert _worm(sandbox).state == "Locked"
    before = len(sandbox.requests())
    again = run(sandbox, "apply", "--config", BASELINE, "--yes")
    assert again.code == 0 and "No changes" in again.out, again.out
    assert writes(sandbox, since=before) == []
