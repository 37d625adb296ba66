"""Safe re-runs, the plan's side: irreversible last and only on a plan that can finish (issue 12, findings 1-3).

An irreversible action (CompleteBucketWorm, ExtendBucketWorm) waits for every other action, is planned only
when the trail will be logging and nothing the archive needs is blocked, and the plan says what it locks:
bucket, days, and until when. What would make the plan unable to finish (the region's trail limit, a
destination another trail uses, a key that is not Enabled) is found before any write.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tests.support.factories import ACCOUNT, REGION, empty_account, settings, simulate
from wizard.core.audit import evaluate
from wizard.core.findings import FAIL
from wizard.core.observed import BucketState, KeyState, Observed, TrailState, WormState
from wizard.core.planning.planner import plan
from wizard.flow.review import consent_for

ALIAS = "alias/actiontrail-actiontrail-baseline"


def _ids(p):
    return [a.id for a in p.actions]


def _irreversible(p):
    return [a for a in p.actions if a.irreversible]


def _onboarded():
    s = settings()
    return s, simulate(empty_account(), plan(s, empty_account()))


# -- finding 1: irreversible last, with preconditions ------------------------------------------------------------
def test_the_lock_is_the_last_action_and_waits_for_every_other_one():
    p = plan(settings(), empty_account())
    lock = _irreversible(p)
    assert [a.api for a in lock] == ["CompleteBucketWorm"]
    assert p.actions[-1] is lock[0] or all(a.optional for a in p.actions[p.actions.index(lock[0]) + 1:])
    others = {a.id for a in p.actions if not a.irreversible and not a.optional}
    assert others <= set(lock[0].depends_on), sorted(others - set(lock[0].depends_on))


def test_the_plan_says_what_is_locked_bucket_and_days():
    p = plan(settings(oss={"retention_days": 400}), empty_account())
    (lock,) = p.locks
    assert (lock.action_id, lock.bucket, lock.days, lock.trail) == ("oss.complete-worm", "acme-actiontrail", 400,
                                                                    "actiontrail-baseline")
    assert "400 days" in next(a for a in p.actions if a.irreversible).reason
    assert p.to_json()["locks"][0]["days"] == 400


def test_the_consent_shows_bucket_days_and_until_when():
    p = plan(settings(), empty_account())
    consent = consent_for(p, settings(), today=date(2025, 3, 1))
    (term,) = consent.locks
    assert (term.lock.bucket, term.lock.days, term.kept_until) == ("acme-actiontrail", 365, date(2026, 3, 1))
    assert consent.typed == "acme-actiontrail"
    assert "365 days" in term.words() and "2026-03-01" in term.words()


def test_the_trail_limit_blocks_the_whole_plan_before_any_write():
    others = tuple(TrailState(f"trail-{n}", REGION, oss_bucket=f"other-{n}") for n in range(5))
    p = plan(settings(), replace(empty_account(), trails=others))
    assert p.actions == ()
    assert any("5 trails" in b.reason and "actiontrail-baseline" in b.resource for b in p.blocked)


def test_the_trail_limit_counts_only_single_account_trails_of_the_home_region():
    others = tuple(TrailState(f"trail-{n}", REGION) for n in range(4)) + (
        TrailState("org-trail", REGION, organization=True), TrailState("far-trail", "cn-shanghai"))
    assert "CreateTrail" in [a.api for a in plan(settings(), replace(empty_account(), trails=others)).actions]


def test_our_own_existing_trail_is_not_held_to_the_limit():
    s, onboarded = _onboarded()
    others = tuple(TrailState(f"trail-{n}", REGION) for n in range(4))
    assert plan(s, replace(onboarded, trails=onboarded.trails + others)).actions == ()


def test_a_destination_another_trail_writes_to_blocks_the_whole_plan():
    other = TrailState("trail-other", REGION, oss_bucket="acme-actiontrail", oss_prefix="actiontrail")
    p = plan(settings(), replace(empty_account(), trails=(other,)))
    assert p.actions == ()
    assert any("trail-other" in b.reason and "acme-actiontrail" in b.reason for b in p.blocked)
    elsewhere = replace(other, oss_prefix="elsewhere")  # another prefix in the same bucket is a separate archive
    assert "CreateTrail" in [a.api for a in plan(settings(), replace(empty_account(), trails=(elsewhere,))).actions]


def test_an_existing_in_progress_worm_is_locked_only_when_the_trail_will_log():
    s, onboarded = _onboarded()
    bucket = replace(onboarded.bucket("acme-actiontrail"), worm=WormState("w-1", "InProgress", 365,
                                                                          created="2025-03-01T10:00:00"))
    trail = replace(onboarded.trail("actiontrail-baseline"), is_logging=False, status="Disable")
    account = replace(onboarded, buckets=(bucket,), trails=(trail,))
    p = plan(s, account)
    lock = _irreversible(p)[0]
    assert "actiontrail.start-logging" in lock.depends_on
    assert p.lock_of(lock.id).lapses == "2025-03-02T10:00:00"


def test_no_lock_is_planned_when_the_trail_cannot_be_set_up():
    wrong_region = BucketState("acme-other", "cn-shanghai")
    p = plan(settings(oss={"bucket": "acme-other"}), replace(empty_account(), buckets=(wrong_region,)))
    assert _irreversible(p) == [] and p.locks == ()
    p = plan(settings(sls={"encryption": "cmk", "kms_key": "key-missing"}, oss={"kms_key": "key-missing"}),
             empty_account())
    assert _irreversible(p) == []
    assert any("not locked" in b.reason and "apply again" in b.reason for b in p.blocked)


def test_a_blocked_admin_does_not_hold_back_the_lock():
    """Who holds admin rights is a human decision that leaves the archive whole: the lock still goes."""
    from wizard.core.observed import PolicyState

    admin = PolicyState("AliyunActionTrailFullAccess", "System", attached_to=("user:ops-intern",))
    p = plan(settings(), replace(empty_account(), policies=(admin,)))
    assert any("AT-RAM-ADMINS" in b.rules for b in p.blocked)
    assert [a.api for a in _irreversible(p)] == ["CompleteBucketWorm"]


# -- finding 2: a key that is not Enabled encrypts nothing -------------------------------------------------------
def _pending_key(state="PendingDeletion"):
    return KeyState("key-pending", REGION, f"acs:kms:{REGION}:{ACCOUNT}:key/key-pending", state=state, rotation=True,
                    rotation_interval_days=365, deletion_protection=True, aliases=(ALIAS,))


def test_a_key_pending_deletion_encrypts_nothing_and_nothing_irreversible_is_planned():
    for state in ("PendingDeletion", "PendingImport"):
        p = plan(settings(sls={"encryption": "cmk"}), replace(empty_account(), keys=(_pending_key(state),)))
        uses = [a for a in p.actions if "key-pending" in str(a.params) and a.service in ("oss", "sls")]
        assert uses == [], [a.api for a in uses]
        assert _irreversible(p) == [] and p.locks == ()
        assert "CreateTrail" not in [a.api for a in p.actions]  # its files would not be encrypted
        assert any("key-pending" in b.resource and state in b.reason for b in p.blocked)
    pending = plan(settings(), replace(empty_account(), keys=(_pending_key(),)))
    assert any(b.command == "aliyun kms CancelKeyDeletion --KeyId key-pending" for b in pending.blocked)


def test_a_disabled_key_is_enabled_first_and_then_used():
    p = plan(settings(), replace(empty_account(), keys=(_pending_key("Disabled"),)))
    encryption = next(a for a in p.actions if a.api == "PutBucketEncryption")
    assert "kms.enable-key" in encryption.depends_on and encryption.params["KMSMasterKeyID"] == "key-pending"
    assert [a.api for a in _irreversible(p)] == ["CompleteBucketWorm"]


def test_a_bucket_moved_off_a_key_pending_deletion_is_locked_in_the_same_run_and_the_old_key_is_reported():
    """The bucket's own key is PendingDeletion and has no alias; the settings ask for a new key: the plan re-keys
    the bucket to it, so new log files are encrypted with a good key and the lock need not wait for a second run
    (found by the never-weaken property: the rerun used to plan CompleteBucketWorm). The old key still matters to the
    files already written with it: it is reported, with the command that keeps them readable."""
    old = replace(_pending_key(), key_id="key-old", arn=f"acs:kms:{REGION}:{ACCOUNT}:key/key-old", aliases=())
    bucket = BucketState("acme-actiontrail", REGION, sse_algorithm="KMS", kms_key_id="key-old")
    observed = replace(empty_account(), keys=(old,), buckets=(bucket,))
    s = settings()
    p = plan(s, observed)
    encryption = next(a for a in p.actions if a.api == "PutBucketEncryption")
    assert encryption.params["KMSMasterKeyID"] == "${kms.create-key.KeyId}"
    assert [a.api for a in _irreversible(p)] == ["CompleteBucketWorm"]
    (report,) = [b for b in p.blocked if "key-old" in b.resource]
    assert "PendingDeletion" in report.reason and "already written" in report.reason
    assert report.command == "aliyun kms CancelKeyDeletion --KeyId key-old"
    again = plan(s, simulate(observed, p))
    assert again.changes == 0, _ids(again)


def test_a_key_in_another_region_encrypts_nothing():
    far = replace(_pending_key("Enabled"), region="cn-shanghai", arn=f"acs:kms:cn-shanghai:{ACCOUNT}:key/key-pending")
    p = plan(settings(oss={"kms_key": "key-pending"}), replace(empty_account(), keys=(far,)))
    assert "PutBucketEncryption" not in [a.api for a in p.actions] and _irreversible(p) == []


# -- finding 3: an InProgress WORM of another number of days ------------------------------------------------------
def _in_progress(days: int):
    s, onboarded = _onboarded()
    bucket = replace(onboarded.bucket("acme-actiontrail"), worm=WormState("w-1", "InProgress", days,
                                                                          created="2025-03-01T10:00:00"))
    return s, replace(onboarded, buckets=(bucket,))


def test_a_longer_in_progress_worm_is_never_locked_and_never_aborted():
    s, account = _in_progress(25550)
    p = plan(s, account)
    assert [a.api for a in p.actions] == []
    (item,) = [b for b in p.blocked if b.rules == ("AT-OSS-WORM",)]
    assert "25550" in item.reason and "365" in item.reason and "2025-03-02" in item.reason
    assert "oss.retention_days = 25550" in item.reason
    audit = {f.rule: f for f in evaluate(s, account)}
    assert audit["AT-OSS-WORM"].status == FAIL  # not locked: the audit and the plan agree


def test_a_shorter_in_progress_worm_is_locked_then_extended_to_the_asked_days():
    s, account = _in_progress(180)
    p = plan(s, account)
    assert [a.api for a in p.actions] == ["CompleteBucketWorm", "ExtendBucketWorm"]
    complete, extend = p.actions
    assert extend.depends_on == (complete.id,) and extend.params["RetentionPeriodInDays"] == 365
    assert [(lock.days, lock.previous_days) for lock in p.locks] == [(180, 0), (365, 180)]
    consent = consent_for(p, s, today=date(2025, 3, 1))
    assert [t.lock.days for t in consent.locks] == [180, 365]
    after = simulate(account, p)
    assert after.bucket("acme-actiontrail").worm == WormState("w-1", "Locked", 365, created="2025-03-01T10:00:00")


def test_an_in_progress_worm_of_the_asked_days_is_completed_and_shown_with_its_days():
    s, account = _in_progress(365)
    p = plan(s, account)
    assert [a.api for a in p.actions] == ["CompleteBucketWorm"]
    assert "365 days" in p.actions[0].reason and p.locks[0].days == 365


def test_the_plan_text_names_what_the_lock_locks():
    from wizard.report.plan.text import render_plan

    text = render_plan(plan(settings(oss={"retention_days": 730}), empty_account()))
    assert "IRREVERSIBLE" in text and "730 days" in text and "acme-actiontrail" in text


def test_an_unobserved_plan_has_locks_only_for_its_irreversible_actions():
    p = plan(settings(), Observed(region=REGION))
    assert [lock.action_id for lock in p.locks] == [a.id for a in p.actions if a.irreversible]
