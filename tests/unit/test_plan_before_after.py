"""Every update in a plan carries what it replaces: `30 -> 365` in the text, `"before": {...}` in the JSON.

The before-value must be what the account holds (as discovery read it), and it must differ from the new
value: an update that changes nothing, or that cannot say what it changes, is not shown as Terraform shows it.
"""

from __future__ import annotations

import json
from dataclasses import replace

from hypothesis import HealthCheck, given, settings

from tests.support.factories import empty_account, simulate
from tests.support.factories import settings as baseline_settings
from tests.support.strategies import accounts, desired_settings
from wizard.core.observed import WormState
from wizard.core.planning import plan
from wizard.report.plan.text import render_plan

BASELINE = baseline_settings()
APPLIED = simulate(empty_account(), plan(BASELINE, empty_account()))


def _drifted(**changes):
    """The applied baseline with the trail, bucket, logstore, key or alert changed as named."""
    o = APPLIED
    if "trail" in changes:
        o = replace(o, trails=(replace(o.trails[0], **changes["trail"]),))
    if "bucket" in changes:
        o = replace(o, buckets=(replace(o.buckets[0], **changes["bucket"]),))
    if "logstore" in changes:
        project = o.projects[0]
        o = replace(o, projects=(replace(project, logstores=(replace(project.logstores[0], **changes["logstore"]),)),))
    if "key" in changes:
        o = replace(o, keys=(replace(o.keys[0], **changes["key"]),))
    if "alert" in changes:
        o = replace(o, alerts=tuple(replace(a, **changes["alert"]) if a.name == "at-trail-changes" else a
                                    for a in o.alerts))
    return o


def _only(observed, api):
    actions = [a for a in plan(BASELINE, observed).actions if a.api == api]
    assert len(actions) == 1, [a.api for a in plan(BASELINE, observed).actions]
    return actions[0]


def test_a_ttl_fix_says_30_to_365():
    action = _only(_drifted(logstore={"ttl_days": 30}), "UpdateLogStore")
    assert action.changes() == [("ttl", 30, 365)]
    assert "~ ttl: 30 -> 365" in render_plan(plan(BASELINE, _drifted(logstore={"ttl_days": 30})))
    assert (action.to_json()["before"], action.to_json()["after"]) == ({"ttl": 30}, {"ttl": 365})


def test_event_rw_says_write_to_all_and_stopped_logging_says_its_status():
    observed = _drifted(trail={"event_rw": "Write", "trail_region": "cn-hangzhou", "is_logging": False,
                               "status": "Disable"})
    assert _only(observed, "UpdateTrail").changes() == [("EventRW", "Write", "All"), ("TrailRegion", "cn-hangzhou",
                                                                                        "All")]
    assert _only(observed, "StartLogging").changes() == [("IsLogging", False, True)]
    text = render_plan(plan(BASELINE, observed))
    assert "~ EventRW: Write -> All" in text and "~ IsLogging: false -> true" in text


def test_bucket_fixes_name_what_they_replace():
    observed = _drifted(bucket={"acl": "public-read", "public_access_block": False, "sse_algorithm": "AES256",
                                "kms_key_id": None, "logging_target": None, "policy": None,
                                "worm": WormState("w-1", "Locked", 200)})
    changes = {a.api: a.changes() for a in plan(BASELINE, observed).actions}
    assert changes["PutBucketAcl"] == [("Acl", "public-read", "private")]
    assert changes["PutBucketPublicAccessBlock"] == [("BlockPublicAccess", False, True)]
    assert changes["PutBucketEncryption"][0] == ("SSEAlgorithm", "AES256", "KMS")
    assert changes["ExtendBucketWorm"] == [("RetentionPeriodInDays", 200, 365)]


def test_key_and_alert_fixes_name_what_they_replace():
    observed = _drifted(key={"state": "Disabled", "rotation": False, "rotation_interval_days": None,
                             "deletion_protection": False},
                        alert={"enabled": False, "query": "* | select 1"})
    changes = {a.api: a.changes() for a in plan(BASELINE, observed).actions}
    assert changes["EnableKey"] == [("KeyState", "Disabled", "Enabled")]
    assert changes["UpdateRotationPolicy"][0] == ("EnableAutomaticRotation", False, True)
    assert changes["SetDeletionProtection"] == [("EnableDeletionProtection", False, True)]
    assert changes["EnableAlert"] == [("enabled", False, True)]
    assert changes["UpdateAlert"][0][:2] == ("query", "* | select 1")


def test_the_auditor_policy_version_names_the_document_it_replaces():
    policy = APPLIED.policy(BASELINE.access.auditor_policy)
    observed = replace(APPLIED, policies=tuple(replace(p, document='{"Version":"1","Statement":[]}')
                                               if p is policy else p for p in APPLIED.policies))
    assert _only(observed, "CreatePolicyVersion").changes()[0][:2] == ("PolicyDocument",
                                                                       '{"Version":"1","Statement":[]}')


def test_a_worm_lock_of_an_unlocked_policy_says_in_progress_to_locked():
    observed = _drifted(bucket={"worm": WormState("w-1", "InProgress", 365)})
    action = _only(observed, "CompleteBucketWorm")
    assert action.changes() == [("WormState", "InProgress", "Locked")]
    assert "365" in action.locks and "oss://acme-actiontrail" in action.locks


def test_the_json_form_carries_before_and_after_on_every_action():
    data = plan(BASELINE, _drifted(logstore={"ttl_days": 30})).to_json()
    assert all({"before", "after", "locks"} <= set(a) for a in data["actions"])
    json.dumps(data)  # still plain JSON


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(accounts(), desired_settings())
def test_every_update_names_a_real_change(observed, desired):
    """On any account, an update says what it replaces, and each replaced value differs from the new one."""
    for action in plan(desired, observed).actions:
        if action.kind != "update":
            continue
        assert action.before, f"{action.api} on {action.resource} does not say what it replaces"
        for key, old, new in action.changes():
            assert old != new, f"{action.api} {key}: {old!r} -> {new!r} is no change"


def test_creates_carry_no_before():
    assert all(not a.before for a in plan(BASELINE, empty_account()).actions if a.kind == "create")


def test_an_alert_that_notifies_no_one_says_so():
    observed = replace(APPLIED, alerts=tuple(replace(a, action_policy="") if a.name == "at-trail-changes" else a
                                             for a in APPLIED.alerts))
    update = next(a for a in plan(BASELINE, observed).actions if a.api == "UpdateAlert")
    assert update.changes()[0][0] == "actionPolicyId" and update.changes()[0][1] == ""
