"""Property tests: over random existing accounts and settings, the plan never weakens anything,
and applying it leaves only what it reported as blocked."""

from __future__ import annotations

from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tests.support.factories import ACCOUNT, REGION, simulate
from wizard.core.audit import evaluate
from wizard.core.observed import (
    AlertState,
    BucketState,
    KeyState,
    LogstoreState,
    Observed,
    PolicyState,
    ProjectState,
    TrailState,
    WormState,
)
from wizard.core.planning.invariants import FORBIDDEN_PREFIXES
from wizard.core.planning.planner import plan
from wizard.core.policies.documents import https_only_statement, policy_json
from wizard.core.settings import AccessSettings, AlertSettings, OssSettings, Settings, SlsSettings, TrailSettings

TRAIL, BUCKET, PROJECT = "actiontrail-baseline", "acme-actiontrail", "acme-actiontrail"
PRINCIPALS = ("user:alice", "user:bob", "group:security-auditors", "role:ops")
KEY_ID = "key-hzz0000000001"
KEY_ARN = f"acs:kms:{REGION}:{ACCOUNT}:key/{KEY_ID}"

regions = st.sampled_from(["All", REGION, "cn-shanghai"])
days = st.integers(min_value=1, max_value=4000)

worms = st.one_of(st.none(), st.builds(WormState, st.just("worm-1"),
                                       st.sampled_from(["InProgress", "Locked"]), days))
policies_text = st.sampled_from([
    None,
    policy_json({"Version": "1", "Statement": [https_only_statement(BUCKET, ACCOUNT)]}),
    '{"Version":"1","Statement":[{"Effect":"Allow","Principal":["*"],"Action":["oss:GetObject"],'
    '"Resource":["acs:oss:*:1:acme-actiontrail/*"]}]}',
])
buckets = st.builds(
    BucketState, st.just(BUCKET), st.sampled_from([REGION, REGION, "cn-beijing"]),
    acl=st.sampled_from(["private", "public-read", "public-read-write"]), public_access_block=st.booleans(),
    policy=policies_text, sse_algorithm=st.sampled_from([None, "AES256", "KMS"]),
    kms_key_id=st.sampled_from([None, KEY_ID, "key-other"]), worm=worms,
    versioning=st.sampled_from([None, None, "Enabled", "Suspended"]),
    logging_target=st.sampled_from([None, BUCKET]),
)
trails = st.builds(
    TrailState, st.just(TRAIL), st.just(REGION), trail_region=regions,
    event_rw=st.sampled_from(["All", "Read", "Write"]), status=st.sampled_from(["Enable", "Disable", "Fresh"]),
    is_logging=st.booleans(), oss_bucket=st.sampled_from([None, BUCKET, "other-bucket"]),
    sls_project=st.sampled_from([None, PROJECT, "other-project"]),
)
logstores = st.builds(LogstoreState, st.just(f"actiontrail_{TRAIL}"), st.integers(1, 3650),
                      encrypted=st.booleans(), encrypt_type=st.just("default"),
                      cmk_key_id=st.sampled_from([None, KEY_ID]))
projects = st.builds(ProjectState, st.just(PROJECT), st.sampled_from([REGION, REGION, "cn-beijing"]),
                     logstores=st.lists(logstores, max_size=1).map(tuple))
keys = st.builds(KeyState, st.just(KEY_ID), st.just(REGION), st.just(KEY_ARN),
                 state=st.sampled_from(["Enabled", "Enabled", "Disabled", "PendingDeletion"]),
                 rotation=st.booleans(), rotation_interval_days=st.sampled_from([None, 30, 365, 730]),
                 deletion_protection=st.booleans(),
                 aliases=st.sampled_from([(), (f"alias/actiontrail-{TRAIL}",)]))
admin_policies = st.builds(PolicyState, st.just("AliyunActionTrailFullAccess"), st.just("System"),
                           attached_to=st.lists(st.sampled_from(PRINCIPALS), unique=True).map(tuple))
auditor_policies = st.builds(PolicyState, st.just("ActionTrailAuditorReadOnly"), st.just("Custom"),
                             document=st.just('{"Version":"1","Statement":[]}'),
                             attached_to=st.lists(st.sampled_from(PRINCIPALS), unique=True).map(tuple))
alerts = st.builds(AlertState, st.just(PROJECT), st.sampled_from(["at-trail-changes", "at-root-account-use"]),
                   enabled=st.booleans())

observed_states = st.builds(
    Observed, st.just(ACCOUNT), st.just(REGION),
    trails=st.lists(trails, max_size=1).map(tuple), buckets=st.lists(buckets, max_size=1).map(tuple),
    projects=st.lists(projects, max_size=1).map(tuple), keys=st.lists(keys, max_size=1).map(tuple),
    policies=st.tuples(st.lists(admin_policies, max_size=1), st.lists(auditor_policies, max_size=1)).map(
        lambda pair: tuple(pair[0] + pair[1])),
    alerts=st.lists(alerts, max_size=2, unique_by=lambda a: a.name).map(tuple),
    service_linked_role=st.booleans(), principals=st.just(PRINCIPALS),
)


@st.composite
def settings_values(draw):
    with_oss = draw(st.booleans())
    with_sls = draw(st.booleans()) or not with_oss
    return Settings(
        region=REGION,
        trail=TrailSettings(TRAIL, draw(st.sampled_from(["All", "Read", "Write"])), draw(regions)),
        oss=OssSettings(BUCKET, "actiontrail", draw(st.sampled_from(["create", KEY_ID])),
                        draw(st.integers(180, 4000)), draw(st.booleans())) if with_oss else None,
        sls=SlsSettings(PROJECT, draw(st.sampled_from(["service", "cmk"])), "create",
                        draw(st.integers(180, 3650))) if with_sls else None,
        access=AccessSettings(auditors=tuple(draw(st.lists(st.sampled_from(PRINCIPALS), unique=True))),
                              admins=tuple(draw(st.lists(st.sampled_from(PRINCIPALS), unique=True)))),
        alerts=AlertSettings(enabled=draw(st.booleans()) and with_sls),
    )


PROPERTY = hsettings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _weakened(before: Observed, after: Observed) -> list[str]:
    """Every way `after` is weaker than `before`, judged independently of the planner's own checks."""
    problems = []
    for old in before.buckets:
        new = after.bucket(old.name)
        if old.worm:
            if new.worm is None or new.worm.retention_days < old.worm.retention_days:
                problems.append(f"WORM shortened on {old.name}")
            if old.worm.state == "Locked" and new.worm.state != "Locked":
                problems.append("WORM unlocked")
        rank = {"private": 0, "public-read": 1, "public-read-write": 2}
        if rank[new.acl] > rank[old.acl]:
            problems.append(f"ACL widened to {new.acl}")
        if old.public_access_block and not new.public_access_block:
            problems.append("public access block removed")
        if old.sse_algorithm and new.sse_algorithm != "KMS" and new.sse_algorithm != old.sse_algorithm:
            problems.append("bucket encryption weakened")
        if old.policy and new.policy != old.policy:
            import json
            kept = json.loads(new.policy)["Statement"]
            if any(s not in kept for s in json.loads(old.policy)["Statement"]):
                problems.append("bucket policy statement dropped")
        if new.versioning != old.versioning:
            problems.append("versioning changed")
    for old in before.projects:
        for store in old.logstores:
            new = after.project(old.name).logstore(store.name)
            if new.ttl_days < store.ttl_days:
                problems.append("TTL shortened")
            if store.encrypted and not new.encrypted:
                problems.append("Logstore encryption off")
    for old in before.trails:
        new = after.trail(old.name)
        if old.event_rw == "All" and new.event_rw != "All":
            problems.append("EventRW narrowed")
        if old.trail_region == "All" and new.trail_region != "All":
            problems.append("TrailRegion narrowed")
        if old.is_logging and not new.is_logging:
            problems.append("logging stopped")
        if old.oss_bucket and new.oss_bucket != old.oss_bucket:
            problems.append("OSS destination removed")
        if old.sls_project and new.sls_project != old.sls_project:
            problems.append("SLS destination removed")
    for old in before.keys:
        new = after.key(old.key_id)
        if (old.state == "Enabled" and new.state != "Enabled") or (old.deletion_protection and not new.deletion_protection):
            problems.append("key weakened")
    for old in before.policies:
        new = after.policy(old.name)
        if any(p not in new.attached_to for p in old.attached_to):
            problems.append("policy detached")
    return problems


@PROPERTY
@given(observed_states, settings_values())
def test_plan_never_weakens_anything(observed, desired):
    p = plan(desired, observed)
    assert not [a.api for a in p.actions if a.api.startswith(FORBIDDEN_PREFIXES)]
    assert not [a for a in p.actions if a.api in ("PutBucketVersioning",)]
    assert _weakened(observed, simulate(observed, p)) == []


@PROPERTY
@given(observed_states, settings_values())
def test_plan_order_respects_dependencies(observed, desired):
    p = plan(desired, observed)
    seen: set[str] = set()
    for action in p.actions:
        assert set(action.depends_on) <= seen, action.id
        seen.add(action.id)
    assert len(seen) == len(p.actions), "action ids are unique"


@PROPERTY
@given(observed_states, settings_values())
def test_after_the_plan_only_blocked_rules_fail_and_a_rerun_converges(observed, desired):
    p = plan(desired, observed)
    after = simulate(observed, p)
    blocked_rules = {rule for b in p.blocked for rule in b.rules}
    if any(not b.rules for b in p.blocked):
        return  # a refusal outside any rule (e.g. organization trail): nothing more to claim
    # settings may choose below best practice (with a warning in the steps): the audit still says so
    chosen = {"AT-TRAIL-ALL-EVENTS"} if desired.trail.event_rw != "All" else set()
    chosen |= {"AT-TRAIL-ALL-REGIONS"} if desired.trail.trail_region != "All" else set()
    chosen |= {"AT-RAM-AUDITOR"} if not desired.access.auditors else set()  # no auditor named: fails, nothing to plan
    # the plan brings the account to the settings: the best practice's verdicts (MLPS and CIS may ask for more)
    still_failing = {f.rule for f in evaluate(desired, after) if f.verdict("best-practice").status == "fail"}
    assert still_failing - blocked_rules - chosen - {"AT-DELIVERY"} == set()
    again = plan(desired, after)
    assert again.changes == 0, [a.id for a in again.actions]


@PROPERTY
@given(observed_states, settings_values())
def test_an_existing_bucket_never_gets_put_bucket(observed, desired):
    """FIDELITY.md, "OSS: PutBucket": the owner's repeated PutBucket modifies the bucket's metadata (it can reset its
    ACL), so the plan only ever creates a bucket that discovery found absent."""
    p = plan(desired, observed)
    if desired.oss and observed.bucket(desired.oss.bucket) is not None:
        assert "PutBucket" not in [a.api for a in p.actions]
