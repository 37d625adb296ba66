"""Never weaken: for any existing account and any valid settings, the plan, applied, leaves nothing weaker.

The judge (tests/support/weakenings.py) is independent of the planner's own invariants (planning/invariants.py):
it compares the account before and after `simulate` (the plan's effects, as pure data) resource by resource. What
the wizard does not own (other trails, buckets, Logstores, policies) must come out unchanged; what it owns may only get
stronger. Plus the plan itself: no Delete/Stop/Abort/Detach/Disable call, nothing the executor would refuse.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings

from tests.support.factories import simulate
from tests.support.strategies import accounts, desired_settings
from tests.support.weakenings import weakenings
from wizard.cloud.apply.executor import check_plan
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
