"""The knobs concurrent apply and the proofs rely on, and how an SDK failure is classified: pure, no network."""

from __future__ import annotations

import json

import pytest

from wizard.cloud.apply.executor import MAX_CONCURRENT_WRITES, WORKERS_ENV, apply_workers
from wizard.cloud.errors import MALFORMED, CloudError, required
from wizard.cloud.retry import DELAY_SCALE_ENV, RetryPolicy, delay_scale, is_transient


@pytest.mark.parametrize(("value", "scale"), [("0.001", 0.001), ("0", 0.0), ("1", 1.0), ("2", 1.0), ("-1", 1.0),
                                              ("nan", 1.0), ("inf", 1.0), ("soon", 1.0), ("", 1.0)])
def test_the_delay_scale_can_only_shorten_the_backoff(monkeypatch, value, scale):
    monkeypatch.setenv(DELAY_SCALE_ENV, value)
    assert delay_scale() == scale
    assert RetryPolicy(base_delay=1.0, max_delay=1.0).delay(5) <= 1.0 * max(scale, 0) + 1e-9


@pytest.mark.parametrize(("value", "workers"), [("1", 1), ("32", 32), ("0", MAX_CONCURRENT_WRITES),
                                                ("33", MAX_CONCURRENT_WRITES), ("four", MAX_CONCURRENT_WRITES),
                                                ("-2", MAX_CONCURRENT_WRITES)])
def test_apply_workers_from_the_environment(monkeypatch, value, workers):
    monkeypatch.setenv(WORKERS_ENV, value)
    assert apply_workers() == workers


def test_a_lost_connection_is_transient_and_a_garbled_answer_is_not():
    try:
        try:
            raise ConnectionResetError("peer reset")
        except ConnectionResetError as reset:
            raise RuntimeError("request failed") from reset
    except RuntimeError as wrapped:
        lost = CloudError.from_sdk(wrapped, "oss", "PutBucket")
    try:
        json.loads('{"RequestId": "1", "Key')
    except ValueError as garbled:
        bad = CloudError.from_sdk(garbled, "kms", "CreateKey")
    assert (lost.code, is_transient(lost)) == ("ConnectionError", True)
    assert (bad.code, is_transient(bad)) == (MALFORMED, False)
    assert "kms CreateKey failed: MalformedResponse" in bad.message and "may or may not" in bad.message
    assert not is_transient(CloudError("oss", "PutBucket", MALFORMED, "html", status=502)), "not even with a 5xx"


def test_a_missing_field_is_malformed_not_absent():
    assert required([], "TrailList") == [] and required("x", "Body") == "x"
    with pytest.raises(CloudError) as caught:
        required(None, "TrailList")
    named = CloudError.from_sdk(caught.value, "actiontrail", "DescribeTrails")
    assert named.message.startswith("actiontrail DescribeTrails failed: MalformedResponse: the answer has no TrailList")
