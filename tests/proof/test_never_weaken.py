"""Never weaken: for any existing account and any valid settings, the plan, applied, leaves nothing weaker.

And for an account stronger than the settings in every dimension (tests/support/stronger.py: the auditor policy
narrowed, alerts widened, more recipients, another good key, longer retention, a stricter bucket policy, a customer
key where the service key is asked, a wider trail): the plan changes nothing, says what it kept, and the audit
calls it compliant: the two agree on what is compliant.

The judge (tests/support/weakenings.py) is independent of the planner's own invariants (planning/invariants.py):
it compares the account before and after `simulate` (the plan's effects, as pure data) resource by resource. What
the wizard does not own (other trails, buckets, Logstores, policies) must come out unchanged; what it owns may only get
stronger. Plus the plan itself: no Delete/Stop/Abort/Detach/Disable call, nothing the executor would refuse.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tests.support.factories import empty_account, simulate
from tests.support.strategies import accounts, desired_settings
from tests.support.stronger import onboardable_settings, stronger_accounts
from tests.support.weakenings import weakenings
from wizard.cloud.apply.executor import check_plan
from wizard.core.audit import evaluate
from wizard.core.findings import FAIL, any_failing
from wizard.core.observed import Observed
from wizard.core.planning.planner import plan
from wizard.core.settings_file import load_settings

FORBIDDEN = ("Delete", "Stop", "Abort", "Detach", "Disable", "Cancel", "Remove", "Untag", "ScheduleKeyDeletion")
PROPERTY = hsettings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(accounts(), desired_settings())
def test_no_plan_weakens_any_account(observed, desired):
    p = plan(desired, observed)
    check_plan(p)  # the executor would run it: known APIs only, dependencies on earlier actions only
    assert [a.api for a in p.actions if a.api.startswith(FORBIDDEN)] == []
    assert [a.id for a in p.actions if a.params.get("Acl", "private") != "private"] == []
    assert weakenings(observed, simulate(observed, p), desired) == []
    if not any_failing(evaluate(desired, observed)):  # what the audit calls compliant, the plan leaves alone
        assert [a.api for a in p.actions if not a.optional] == []


# what each strengthening must leave in the plan's "kept" list (a stricter bucket policy agrees with the settings)
KEPT_RULE = {"narrower_auditor": "AT-RAM-AUDITOR", "wider_alerts": "AT-ALERTS", "more_recipients": "AT-ALERTS",
             "another_good_key": "AT-OSS-KMS", "longer_retention": ("AT-OSS-WORM", "AT-SLS-TTL"),
             "customer_key_logstore": "AT-SLS-ENCRYPTED", "wider_trail": ("AT-TRAIL-ALL-EVENTS",
                                                                         "AT-TRAIL-ALL-REGIONS")}


@hsettings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_stronger_account_is_kept_as_it_is_and_the_audit_calls_it_compliant(data):
    desired = data.draw(onboardable_settings())
    account, applied = data.draw(stronger_accounts(desired))
    p = plan(desired, account)
    assert [a.api for a in p.actions] == [], applied
    assert p.blocked == (), applied
    # a rule the settings themselves fail (a framework asks more than they say: TTL, auditors, alerts off) fails
    # at the settings too; a stronger reality must fail nothing more
    at_settings = simulate(empty_account(), plan(desired, empty_account()))
    own = {f.rule for f in evaluate(desired, at_settings) if f.status == FAIL}
    failing = [f"{f.rule}: {f.evidence}" for f in evaluate(desired, account) if f.status == FAIL and f.rule not in own]
    assert failing == [], (applied, failing)
    kept = {k.rule for k in p.kept}
    for name in applied:
        wanted = KEPT_RULE.get(name)
        if wanted:
            assert kept & set((wanted,) if isinstance(wanted, str) else wanted), (name, p.kept)


@PROPERTY
@given(accounts(), desired_settings())
def test_a_second_plan_after_applying_never_weakens_either(observed, desired):
    after = simulate(observed, plan(desired, observed))
    again = plan(desired, after)
    assert weakenings(after, simulate(after, again), desired) == []


def test_the_judge_sees_each_kind_of_weakening():
    """The judge is only proof if it can fail: one weakened copy per resource kind."""
    from dataclasses import replace

    from tests.support.strategies import ACCOUNT, REGION
    from wizard.core.observed import (
        BucketState,
        KeyState,
        LogstoreState,
        PolicyState,
        ProjectState,
        TrailState,
        WormState,
    )

    settings = load_settings(Path(__file__).resolve().parents[2] / "examples" / "baseline.toml")
    before = Observed(ACCOUNT, REGION,
                      trails=(TrailState(settings.trail.name, REGION, oss_bucket="b1"),),
                      buckets=(BucketState("b1", REGION, public_access_block=True, sse_algorithm="KMS",
                                           worm=WormState("w", "Locked", 400)),),
                      projects=(ProjectState("p1", REGION, (LogstoreState("s", 400, encrypted=True),)),),
                      keys=(KeyState("k1", REGION, rotation=True, rotation_interval_days=365,
                                     deletion_protection=True),),
                      policies=(PolicyState("Other", "Custom", "{}", attached_to=("user:a",)),),
                      group_members=(("ops", ("a",)),))
    weaker = replace(before,
                     trails=(replace(before.trails[0], event_rw="Write", is_logging=False),),
                     buckets=(replace(before.buckets[0], acl="public-read", public_access_block=False,
                                      sse_algorithm="AES256", worm=WormState("w", "Locked", 180)),),
                     projects=(ProjectState("p1", REGION, (LogstoreState("s", 30, encrypted=False),)),),
                     keys=(replace(before.keys[0], rotation=False, deletion_protection=False),),
                     policies=(PolicyState("Other", "Custom", "{}"),
                               PolicyState("AdministratorAccess", "System", attached_to=("user:mallory",))),
                     group_members=(("ops", ()), ("actiontrail-admins", ("mallory",))))
    found = " | ".join(weakenings(before, weaker, settings))
    for words in ("records Write", "stopped logging", "WORM", "widened", "public access block", "encryption of b1",
                  "TTL", "encryption of s", "rotation", "deletion protection", "detached",
                  "AdministratorAccess newly attached to user:mallory", "user mallory added to group actiontrail-admins",
                  "removed from group ops"):
        assert words in found, words


def test_the_judge_sees_each_kind_of_weakening_over_a_stronger_account():
    """Widened access, narrowed detection, a dropped recipient, a good key replaced, an unusable key put to use."""
    from dataclasses import replace

    from tests.support.factories import empty_account
    from wizard.core.alerts.notify import action_policy_id, action_script

    settings = load_settings(Path(__file__).resolve().parents[2] / "examples" / "baseline.toml")
    before = simulate(empty_account(), plan(settings, empty_account()))
    auditor = before.policy(settings.access.auditor_policy)
    narrow = auditor.document.replace('"oss:GetBucketInfo","oss:GetBucketAcl",', "")
    before = replace(before, policies=(replace(auditor, document=narrow),))
    alert = before.alerts[0]
    pending = replace(before.keys[0], key_id="key-pending", arn="arn-pending", state="PendingDeletion", aliases=())
    more = replace(settings, alerts=replace(settings.alerts, notify=settings.alerts.notify + ("email:x@example.com",)))
    before = replace(before, keys=before.keys + (pending,),
                     action_policies=((action_policy_id(settings), action_script(more)),))
    weaker = replace(before, policies=(auditor,),
                     alerts=(replace(alert, query="event.serviceName: Nothing"),) + before.alerts[1:],
                     action_policies=((action_policy_id(settings), action_script(settings)),),
                     buckets=(replace(before.buckets[0], kms_key_id="key-pending"),))
    found = " | ".join(weakenings(before, weaker, settings))
    for words in ("was widened", "detects less", "dropped a recipient", "good key", "unusable key key-pending"):
        assert words in found, words
