"""Retry policy, journal and session: pure behaviour with no network."""

from __future__ import annotations

import json

import pytest

from wizard.cloud.apply.journal import Journal
from wizard.cloud.errors import CloudError
from wizard.cloud.retry import RetryPolicy, is_transient


class Flaky:
    def __init__(self, codes):
        self.codes = list(codes)
        self.calls = 0

    def __call__(self):
        self.calls += 1
        if self.codes:
            code, status = self.codes.pop(0)
            raise CloudError("oss", "PutBucket", code, "boom", "REQ-1", status)
        return {"RequestId": "REQ-OK"}


def _policy(slept):
    return RetryPolicy(attempts=4, base_delay=1.0, max_delay=3.0, sleep=slept.append)


def test_transient_errors_are_retried_with_bounded_jittered_backoff():
    slept: list[float] = []
    call = Flaky([("Throttling.User", 400), ("ServiceUnavailable", 503), ("ConnectionError", 0)])
    assert _policy(slept).run(call, "oss", "PutBucket") == {"RequestId": "REQ-OK"}
    assert call.calls == 4
    assert len(slept) == 3 and all(0 <= s <= 3.0 for s in slept)


def test_hard_errors_stop_at_once_with_code_and_request_id():
    slept: list[float] = []
    call = Flaky([("InvalidParameter", 400)])
    with pytest.raises(CloudError) as caught:
        _policy(slept).run(call, "oss", "PutBucket")
    assert (caught.value.code, caught.value.request_id, call.calls, slept) == ("InvalidParameter", "REQ-1", 1, [])


def test_retries_are_bounded():
    call = Flaky([("InternalError", 500)] * 10)
    with pytest.raises(CloudError):
        _policy([]).run(call, "oss", "PutBucket")
    assert call.calls == 4


def test_transient_classification_and_hints():
    assert is_transient(CloudError("x", "y", "Whatever", "m", status=502))
    assert not is_transient(CloudError("x", "y", "NoPermission", "m", status=403))
    error = CloudError("actiontrail", "CreateTrail", "InsufficientBucketPolicyException", "policy", "R1")
    assert "retry in a minute" in error.message and "RequestId R1" in error.message


def test_journal_records_and_finds_an_interrupted_run(tmp_path):
    journal = Journal(tmp_path / "j.jsonl")
    assert journal.interrupted_run() is None
    journal.append("run-started", actions=3)
    journal.append("action-done", action="kms.create-key", outputs={"KeyId": "key-1"})
    assert [r["action"] for r in journal.interrupted_run()] == ["kms.create-key"]
    with open(journal.path, "a") as handle:
        handle.write('{"cut by a cra')  # a crash mid-write
    assert len(journal.records()) == 2
    journal.append("run-finished", actions=3)
    assert journal.interrupted_run() is None
    assert all(json.loads(line) for line in journal.path.read_text().splitlines()[:2])


def test_session_never_shows_the_secret():
    from wizard.cloud.session import Session

    session = Session.for_sandbox("http://127.0.0.1:1", "LTAIexample", "SUPER-SECRET-VALUE", "cn-hangzhou", "ca.pem")
    assert "SUPER-SECRET-VALUE" not in repr(session) and "SUPER-SECRET-VALUE" not in str(session)


def test_missing_credentials_explain_every_way_to_provide_them(monkeypatch, tmp_path, capfd):
    from wizard.cloud.session import CredentialsMissing, Session

    for name in ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_PROFILE",
                 "ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_ECS_METADATA", "ALIBABA_CLOUD_OIDC_TOKEN_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
    with pytest.raises(CredentialsMissing) as caught:
        Session.from_environment("cn-hangzhou")
    text = caught.value.message
    for way in ("ALIBABA_CLOUD_ACCESS_KEY_ID", "--profile", "ECS RAM role", "OIDC", "ALIBABA_CLOUD_ROLE_ARN",
                "--sandbox"):
        assert way in text
    assert "EnvironmentVariableCredentialsProvider" in text, "each way's own reason is listed"
    # The library logs each failed provider (with a traceback) through its own stderr handler: silenced.
    import logging

    logging.getLogger("credentials").error("provider failed\nTraceback (most recent call last): ...")
    assert "Traceback" not in capfd.readouterr().err


def test_region_comes_from_the_named_or_current_cli_profile(tmp_path, monkeypatch):
    from wizard.cloud.session import profile_region

    config = tmp_path / "config.json"
    config.write_text(json.dumps({"current": "prod", "profiles": [
        {"name": "prod", "mode": "AK", "region_id": "cn-shanghai"},
        {"name": "test", "mode": "AK", "region_id": "cn-beijing"}]}))
    monkeypatch.setenv("ALIBABA_CLOUD_CONFIG_FILE", str(config))
    monkeypatch.delenv("ALIBABA_CLOUD_PROFILE", raising=False)
    assert profile_region() == "cn-shanghai"
    assert profile_region("test") == "cn-beijing"
    assert profile_region("missing") is None
