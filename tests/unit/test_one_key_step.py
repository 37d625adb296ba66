"""The key, its alias and its deletion protection are one step (issue 12, finding 6), and a key the wizard created
but never named is adopted by a later run, or reported, never left unmentioned."""

from __future__ import annotations

import json
from dataclasses import replace

from tests.support.factories import ACCOUNT, REGION, empty_account, settings, simulate
from wizard.core.names import TRAIL_TAG, WIZARD_TAG
from wizard.core.observed import KeyState
from wizard.core.planning.planner import plan

ALIAS = "alias/actiontrail-actiontrail-baseline"


def _unnamed(key_id: str, state: str = "Enabled") -> KeyState:
    return KeyState(key_id, REGION, f"acs:kms:{REGION}:{ACCOUNT}:key/{key_id}", state=state, rotation=True,
                    rotation_interval_days=365, deletion_protection=False,
                    tags=(WIZARD_TAG, (TRAIL_TAG, "actiontrail-baseline")))


def test_onboarding_creates_the_key_with_its_alias_and_protection_in_one_step():
    p = plan(settings(), empty_account())
    keys = [a for a in p.actions if a.service == "kms"]
    assert [a.api for a in keys] == ["CreateKey"]
    (create,) = keys
    assert create.params["AliasName"] == ALIAS
    assert create.params["DeletionProtection"]["EnableDeletionProtection"] is True
    assert {t["TagKey"] for t in json.loads(create.params["Tags"])} == {WIZARD_TAG[0], TRAIL_TAG}
    assert "one step" in create.reason.lower()
    encryption = next(a for a in p.actions if a.api == "PutBucketEncryption")
    assert encryption.depends_on[-1:] == ("kms.create-key",)
    after = simulate(empty_account(), p)
    assert after.key(ALIAS).deletion_protection and after.key(ALIAS).aliases == (ALIAS,)


def test_a_key_left_without_its_alias_is_adopted_instead_of_creating_another():
    account = replace(empty_account(), unnamed_keys=(_unnamed("key-orphan"),))
    p = plan(settings(), account)
    assert "CreateKey" not in [a.api for a in p.actions]
    adopt = next(a for a in p.actions if a.api == "CreateAlias")
    assert adopt.params == {"AliasName": ALIAS, "KeyId": "key-orphan"}
    assert "SetDeletionProtection" in [a.api for a in p.actions]
    encryption = next(a for a in p.actions if a.api == "PutBucketEncryption")
    assert encryption.params["KMSMasterKeyID"] == "key-orphan" and adopt.id in encryption.depends_on
    assert plan(settings(), simulate(account, p)).actions == ()


def test_other_unnamed_keys_are_reported_with_what_to_do_and_never_touched():
    account = simulate(empty_account(), plan(settings(), empty_account()))
    account = replace(account, unnamed_keys=(_unnamed("key-spare"),))
    p = plan(settings(), account)
    assert p.actions == ()
    (report,) = [b for b in p.blocked if "key-spare" in b.resource]
    assert "has no alias" in report.reason and "ScheduleKeyDeletion --KeyId key-spare" in report.command
    assert [a.api for a in plan(settings(), replace(account, unnamed_keys=(_unnamed("key-spare", "Disabled"),)))
            .actions] == []


def test_a_report_of_an_unnamed_key_does_not_hold_back_the_lock():
    account = replace(empty_account(), unnamed_keys=(_unnamed("key-a"), _unnamed("key-b")))
    p = plan(settings(), account)
    assert [a.api for a in p.actions if a.irreversible] == ["CompleteBucketWorm"]
    assert [b.resource for b in p.blocked] == [f"kms://{REGION}/key-b"]
