"""KMS rows of FIDELITY.md: RotationInterval is integer[unit] (d, h, m, s), 7-365 days at CreateKey and 7-730 days
for UpdateRotationPolicy; DescribeKey answers it in seconds; bad integers are a 400."""

from __future__ import annotations

import pytest
from alibabacloud_kms20160120 import models as kms

from tests.support.clients import error_of, kms_client
from wizard.cloud.discover.kms import _days


def _create(client, interval):
    return client.create_key(kms.CreateKeyRequest(enable_automatic_rotation=True, rotation_interval=interval)) \
        .body.key_metadata


@pytest.mark.parametrize("interval, seconds", [("365d", "31536000s"), ("31536000s", "31536000s"), ("7d", "604800s"),
                                               ("168h", "604800s"), ("10080m", "604800s")])
def test_create_key_takes_every_unit_and_describe_key_answers_seconds(sandbox, interval, seconds):
    client = kms_client(sandbox)
    made = _create(client, interval)
    described = client.describe_key(kms.DescribeKeyRequest(key_id=made.key_id)).body.key_metadata
    assert (described.automatic_rotation, described.rotation_interval) == ("Enabled", seconds)
    assert _days(described.rotation_interval) == int(seconds[:-1]) // 86400


@pytest.mark.parametrize("interval", ["366d", "6d", "12h", "1y", "d", "365", "-7d", ""])
def test_create_key_refuses_an_interval_outside_7_to_365_days(sandbox, interval):
    error = error_of(_create, kms_client(sandbox), interval)
    assert error.code in ("InvalidParameter", "MissingParameter") and error.data["statusCode"] == 400


def test_update_rotation_policy_allows_up_to_730_days(sandbox):
    client = kms_client(sandbox)
    key = client.create_key(kms.CreateKeyRequest()).body.key_metadata
    client.update_rotation_policy(kms.UpdateRotationPolicyRequest(key_id=key.key_id, enable_automatic_rotation=True,
                                                                  rotation_interval="730d"))
    assert client.describe_key(kms.DescribeKeyRequest(key_id=key.key_id)).body.key_metadata.rotation_interval \
        == f"{730 * 86400}s"
    error = error_of(client.update_rotation_policy, kms.UpdateRotationPolicyRequest(
        key_id=key.key_id, enable_automatic_rotation=True, rotation_interval="731d"))
    assert error.code == "InvalidParameter"


@pytest.mark.parametrize("field, value", [("page_number", "abc"), ("page_size", "0"), ("page_size", "101")])
def test_bad_page_integers_are_a_400(sandbox, field, value):
    request = kms.ListKeysRequest(**{field: value})
    error = error_of(kms_client(sandbox).list_keys, request)
    assert (error.code, error.data["statusCode"]) == ("InvalidParameter", 400)


def test_a_bad_pending_window_is_a_400(sandbox):
    client = kms_client(sandbox)
    key = client.create_key(kms.CreateKeyRequest()).body.key_metadata
    error = error_of(client.schedule_key_deletion, kms.ScheduleKeyDeletionRequest(key_id=key.key_id,
                                                                                  pending_window_in_days="soon"))
    assert (error.code, error.data["statusCode"]) == ("InvalidParameter", 400)


@pytest.mark.parametrize("text, days", [("31536000s", 365), ("365d", 365), ("8760h", 365), ("", None), ("1y", None)])
def test_the_wizard_reads_every_unit(text, days):
    assert _days(text) == days
