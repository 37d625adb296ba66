"""A key the wizard created but never named (a run killed between CreateKey and CreateAlias, or one that lost the
race for the alias) is adopted by the next run that needs a key, and reported by every other (issue 12, finding 6)."""

from __future__ import annotations

import json

import pytest
from alibabacloud_kms20160120 import models as kms

from tests.support.cli import run, writes
from tests.support.clients import kms_client

BASELINE = "examples/baseline.toml"
ALIAS = "alias/actiontrail-actiontrail-baseline"
TAGS = json.dumps([{"TagKey": "managed-by", "TagValue": "actiontrail-wizard"},
                   {"TagKey": "actiontrail-trail", "TagValue": "actiontrail-baseline"}])


pytestmark = pytest.mark.usefixtures("private_state_dirs")  # tests/conftest.py: this test's own journal and settings


def _key_count(sandbox) -> int:
    return kms_client(sandbox).list_keys(kms.ListKeysRequest(page_size=100)).body.total_count


def test_a_key_left_unnamed_is_adopted_and_finished_not_made_twice(sandbox):
    orphan = kms_client(sandbox).create_key(kms.CreateKeyRequest(tags=TAGS)).body.key_metadata.key_id
    before = len(sandbox.requests())
    planned = run(sandbox, "plan", "--config", BASELINE)
    assert f"CreateAlias  [update] kms://cn-hangzhou/{orphan}" in planned.out and "CreateKey" not in planned.out
    assert run(sandbox, "apply", "--config", BASELINE, "--yes").code == 0
    assert "CreateKey" not in writes(sandbox, before) and _key_count(sandbox) == 1
    key = kms_client(sandbox).describe_key(kms.DescribeKeyRequest(key_id=ALIAS)).body.key_metadata
    assert key.key_id == orphan and key.deletion_protection == "Enabled"


def test_a_spare_unnamed_key_is_reported_and_never_touched(sandbox):
    assert run(sandbox, "apply", "--config", BASELINE, "--yes").code == 0
    spare = kms_client(sandbox).create_key(kms.CreateKeyRequest(tags=TAGS)).body.key_metadata.key_id
    before = len(sandbox.requests())
    planned = run(sandbox, "plan", "--config", BASELINE)
    assert f"kms://cn-hangzhou/{spare}" in planned.out and "has no alias" in planned.out
    assert f"ScheduleKeyDeletion --KeyId {spare}" in planned.out
    assert writes(sandbox, before) == []
