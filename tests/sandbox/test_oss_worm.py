"""Sandbox OSS retention policies (WORM): the whole life cycle on the sandbox clock, and objects under it (oss-v2)."""

from __future__ import annotations

import alibabacloud_oss_v2 as oss
import pytest

from tests.support.clients import oss_client
from tests.support.oss import advance_clock, error_of
from wizard.sandbox.server import SandboxServer

pytestmark = pytest.mark.sandbox

DAY = 86400
BUCKET = "trail-logs"
OSS_ONLY = "tests/data/settings/oss-only.toml"  # the OSS-only shape: its own settings decide (no Logstore)


@pytest.fixture
def client(sandbox):
    client = oss_client(sandbox)
    client.put_bucket(oss.PutBucketRequest(bucket=BUCKET))
    return client


def initiate(client, days):
    return client.initiate_bucket_worm(oss.InitiateBucketWormRequest(
        bucket=BUCKET, initiate_worm_configuration=oss.InitiateWormConfiguration(retention_period_in_days=days))).worm_id


def complete(client, worm_id):
    return client.complete_bucket_worm(oss.CompleteBucketWormRequest(bucket=BUCKET, worm_id=worm_id))


def extend(client, worm_id, days):
    return client.extend_bucket_worm(oss.ExtendBucketWormRequest(
        bucket=BUCKET, worm_id=worm_id, extend_worm_configuration=oss.ExtendWormConfiguration(retention_period_in_days=days)))


def get(client):
    return client.get_bucket_worm(oss.GetBucketWormRequest(bucket=BUCKET)).worm_configuration


def abort(client):
    return client.abort_bucket_worm(oss.AbortBucketWormRequest(bucket=BUCKET))


def test_life_cycle_initiate_complete_lock_extend(client):
    error = error_of(lambda: get(client))
    assert (error.status_code, error.code) == (404, "NoSuchWORMConfiguration")

    worm_id = initiate(client, 180)
    config = get(client)
    assert (config.worm_id, config.state, config.retention_period_in_days) == (worm_id, "InProgress", 180)
    assert config.creation_date and config.expiration_date > config.creation_date

    assert error_of(lambda: initiate(client, 365)).code == "InvalidWORMConfiguration"
    assert error_of(lambda: extend(client, worm_id, 365)).code == "InvalidWORMConfiguration"  # only when Locked
    assert error_of(lambda: complete(client, "0000WRONGID")).code == "NoSuchWORMConfiguration"

    complete(client, worm_id)
    assert get(client).state == "Locked"
    assert error_of(lambda: complete(client, worm_id)).code == "WORMConfigurationLocked"  # only InProgress
    assert get(client).state == "Locked"

    error = error_of(lambda: abort(client))
    assert (error.status_code, error.code) == (403, "WORMConfigurationLocked")
    error = error_of(lambda: extend(client, worm_id, 90))
    assert (error.status_code, error.code) == (400, "InvalidWORMConfiguration")
    assert get(client).retention_period_in_days == 180

    extend(client, worm_id, 365)
    assert (get(client).state, get(client).retention_period_in_days) == ("Locked", 365)
    assert error_of(lambda: initiate(client, 400)).code == "InvalidWORMConfiguration"


def test_in_progress_policy_can_be_aborted(client):
    initiate(client, 30)
    assert abort(client).status_code == 204
    assert error_of(lambda: get(client)).code == "NoSuchWORMConfiguration"
    assert error_of(lambda: abort(client)).code == "NoSuchWORMConfiguration"


def test_an_uncompleted_policy_is_gone_after_24_hours(sandbox, client):
    """FIDELITY.md, "OSS: WORM": only InProgress and Locked are documented; an unlocked policy "becomes invalid"."""
    worm_id = initiate(client, 30)
    advance_clock(sandbox, DAY - 60)
    assert get(client).state == "InProgress"
    advance_clock(sandbox, 61)
    assert error_of(lambda: get(client)).code == "NoSuchWORMConfiguration"

    error = error_of(lambda: complete(client, worm_id))
    assert (error.status_code, error.code) == (404, "NoSuchWORMConfiguration")
    new_id = initiate(client, 30)  # a lapsed policy does not block a new one
    assert new_id != worm_id and get(client).state == "InProgress"


def test_completing_a_locked_policy_is_refused(client):
    worm_id = initiate(client, 30)
    complete(client, worm_id)
    error = error_of(lambda: complete(client, worm_id))
    assert (error.status_code, error.code) == (409, "WORMConfigurationLocked")
    assert get(client).state == "Locked"


def test_retention_days_must_be_1_to_25550(client):
    for days in (0, 25551):
        error = error_of(lambda: initiate(client, days))
        assert (error.status_code, error.code) == (400, "InvalidArgument")
    initiate(client, 25550)


def _versioning(client, bucket, status):
    return client.put_bucket_versioning(oss.PutBucketVersioningRequest(
        bucket=bucket, versioning_configuration=oss.VersioningConfiguration(status=status)))


def test_worm_and_versioning_coexist_only_while_versioning_is_enabled(client):
    """FIDELITY.md, "OSS: WORM": the current InitiateBucketWorm page (versioning must be Enabled) over older ones."""
    _versioning(client, BUCKET, "Enabled")
    worm_id = initiate(client, 30)
    complete(client, worm_id)
    error = error_of(lambda: _versioning(client, BUCKET, "Suspended"))
    assert (error.status_code, error.ec) == (400, "0012-00000006")

    client.put_bucket(oss.PutBucketRequest(bucket="suspended-one"))
    _versioning(client, "suspended-one", "Enabled")
    _versioning(client, "suspended-one", "Suspended")
    error = error_of(lambda: client.initiate_bucket_worm(oss.InitiateBucketWormRequest(
        bucket="suspended-one", initiate_worm_configuration=oss.InitiateWormConfiguration(retention_period_in_days=1))))
    assert (error.status_code, error.ec) == (400, "0027-00000003")


def _put(client, key, body=b"log line"):
    return client.put_object(oss.PutObjectRequest(bucket=BUCKET, key=key, body=body))


def _delete(client, key):
    return client.delete_object(oss.DeleteObjectRequest(bucket=BUCKET, key=key))


def test_objects_under_a_locked_policy_are_immutable_until_retention_ends(sandbox, client):
    _put(client, "AliyunLogs/old.json")
    complete(client, initiate(client, 1))

    for attempt in (lambda: _delete(client, "AliyunLogs/old.json"), lambda: _put(client, "AliyunLogs/old.json", b"rewritten")):
        error = error_of(attempt)
        assert (error.status_code, error.code) == (409, "FileImmutable")
    _put(client, "AliyunLogs/new.json")  # new objects are welcome
    body = client.get_object(oss.GetObjectRequest(bucket=BUCKET, key="AliyunLogs/old.json")).body.read()
    assert body == b"log line"

    advance_clock(sandbox, DAY + 1)
    assert _delete(client, "AliyunLogs/old.json").status_code == 204


def test_in_progress_policy_protects_objects_and_expiry_releases_them(sandbox, client):
    _put(client, "a.json")
    initiate(client, 30)
    assert error_of(lambda: _delete(client, "a.json")).code == "FileImmutable"
    advance_clock(sandbox, DAY + 1)  # never completed: Expired, no protection
    assert _delete(client, "a.json").status_code == 204


def test_a_locked_policy_survives_a_restart(sandbox, client):
    worm_id = initiate(client, 200)
    complete(client, worm_id)
    with SandboxServer(sandbox.store.path) as second:
        config = get(oss_client(second))
    assert (config.worm_id, config.state, config.retention_period_in_days) == (worm_id, "Locked", 200)


def test_worm_calls_with_a_wrong_secret_are_refused(sandbox, client):
    wrong = oss_client(sandbox, secret="not-the-secret")
    error = error_of(lambda: initiate(wrong, 30))
    assert (error.status_code, error.code) == (403, "SignatureDoesNotMatch")
    assert error_of(lambda: get(client)).code == "NoSuchWORMConfiguration"


def test_a_lock_whose_answer_was_lost_is_done_on_the_retry(sandbox, tmp_path):
    """FIDELITY.md, "OSS: WORM": the retried CompleteBucketWorm meets a Locked policy (refused, as documented); the
    wizard looks at the policy and takes its own Locked policy as the lock done, instead of failing the apply."""
    from tests.support.cli import run

    sandbox.arm_fault("oss:CompleteBucketWorm#1=lost")
    done = run(sandbox, "apply", "--config", OSS_ONLY, "--yes", "--lock-worm", "--benchmark", "best-practice")
    assert done.code == 0, done.err
    completes = [r for r in sandbox.requests() if r["operation"] == "CompleteBucketWorm"]
    assert [r["code"] for r in completes] == ["dropped", "WORMConfigurationLocked"]
    from wizard.core.settings_file import load_settings

    settings = load_settings(OSS_ONLY)
    worm = oss_client(sandbox, region=settings.region).get_bucket_worm(oss.GetBucketWormRequest(
        bucket=settings.oss.bucket)).worm_configuration
    assert worm.state == "Locked"


def test_the_wizard_starts_over_after_a_policy_that_lapsed(sandbox):
    """An unlocked policy left for 24 hours is gone (NoSuchWORMConfiguration): the wizard initiates and locks a new one."""
    import json

    from tests.support.cli import run
    from wizard.core.settings_file import load_settings

    settings = load_settings(OSS_ONLY)
    client = oss_client(sandbox, region=settings.region)
    client.put_bucket(oss.PutBucketRequest(bucket=settings.oss.bucket))
    old = client.initiate_bucket_worm(oss.InitiateBucketWormRequest(
        bucket=settings.oss.bucket, initiate_worm_configuration=oss.InitiateWormConfiguration(
            retention_period_in_days=180))).worm_id
    advance_clock(sandbox, DAY + 60)
    plan = json.loads(run(sandbox, "plan", "--config", OSS_ONLY, "--format", "json", "--lock-worm").out)
    assert [a["api"] for a in plan["actions"] if "Worm" in a["api"]] == ["InitiateBucketWorm", "CompleteBucketWorm"]
    assert run(sandbox, "apply", "--config", OSS_ONLY, "--yes", "--lock-worm", "--benchmark", "best-practice").code == 0
    worm = client.get_bucket_worm(oss.GetBucketWormRequest(bucket=settings.oss.bucket)).worm_configuration
    assert worm.state == "Locked" and worm.worm_id != old
