"""Accounts stronger than the settings, in every dimension the settings and the account can disagree on.

Each starts from what onboarding makes (the settings' plan, applied to an empty account: compliant) and
strengthens a random subset of it: the auditor policy narrowed by hand, alerts widened, more recipients on the
action policy, the bucket re-keyed to another good key, longer retention (WORM, TTL), a stricter bucket policy,
a Logstore with a customer key where the settings ask for the service key, a trail wider than asked. The plan on
such an account must change nothing, say what it kept, and the audit must call it compliant.
"""

from __future__ import annotations

import json
from dataclasses import replace

from hypothesis import strategies as st

from tests.support.factories import empty_account, simulate
from tests.support.strategies import ACCOUNT, REGION, key_arn
from wizard.core.alerts.notify import action_policy_id, action_script
from wizard.core.observed import KeyState, Observed, PolicyState
from wizard.core.planning.planner import plan
from wizard.core.settings import AccessSettings, AlertSettings, OssSettings, Settings, SlsSettings, TrailSettings

OTHER_KEY = "key-hzzgood0000000009"
EXTRA_DENY = {"Effect": "Deny", "Principal": ["*"], "Action": ["oss:DeleteBucket"], "Resource": ["acs:oss:*:*:*"]}


@st.composite
def onboardable_settings(draw) -> Settings:
    """Valid settings an empty account can be brought to in one apply (the key is created)."""
    with_oss = draw(st.booleans())
    with_sls = draw(st.booleans()) or not with_oss
    emails = draw(st.lists(st.sampled_from(["email:a@example.com", "email:b@example.com"]), unique=True, max_size=2))
    return Settings(
        region=REGION,
        trail=TrailSettings(draw(st.sampled_from(["actiontrail-baseline", "team_trail"])),
                            draw(st.sampled_from(["All", "Read", "Write"])),
                            draw(st.sampled_from(["All", REGION]))),
        oss=OssSettings(draw(st.sampled_from(["acme-actiontrail", "acme-logs"])),
                        draw(st.sampled_from(["actiontrail", ""])), "create", draw(st.integers(180, 3650)))
        if with_oss else None,
        sls=SlsSettings("acme-actiontrail", draw(st.sampled_from(["service", "cmk"])), "create",
                        draw(st.integers(180, 3000))) if with_sls else None,
        access=AccessSettings(auditors=tuple(draw(st.lists(st.just("group:security-auditors"), max_size=1))),
                              admins=("user:cloud-admin",)),
        alerts=AlertSettings(enabled=draw(st.booleans()) and with_sls, notify=tuple(emails)),
    )


def _narrower_auditor(observed: Observed, settings: Settings, draw) -> Observed:
    policy = observed.policy(settings.access.auditor_policy)
    document = json.loads(policy.document)
    statements = document["Statement"]
    kept = draw(st.lists(st.sampled_from(range(len(statements))), min_size=1, max_size=len(statements) - 1,
                         unique=True)) if len(statements) > 1 else [0]
    narrowed = [statements[i] for i in sorted(kept)]
    first = dict(narrowed[0])
    if len(first["Action"]) > 1 and draw(st.booleans()):
        first["Action"] = first["Action"][:1]  # fewer actions in a statement
    narrowed[0] = first
    text = json.dumps({"Version": "1", "Statement": narrowed}, separators=(",", ":"))
    return replace(observed, policies=tuple(replace(p, document=text) if p.name == policy.name else p
                                            for p in observed.policies))


def _wider_alerts(observed: Observed, settings: Settings, draw) -> Observed:
    widen = draw(st.sampled_from(["or", "names"]))

    def wider(query: str) -> str:
        if widen == "or" or not query.endswith(")"):
            return f"({query}) or (event.serviceName: Ecs and event.eventName: DeleteInstance)"
        head, _, tail = query.rpartition(")")
        return f"{head} or event.eventName: SomethingMore){tail}"  # one more name in the last list
    picked = draw(st.sets(st.sampled_from([a.name for a in observed.alerts]), min_size=1))
    return replace(observed, alerts=tuple(replace(a, query=wider(a.query)) if a.name in picked else a
                                          for a in observed.alerts))


def _more_recipients(observed: Observed, settings: Settings, draw) -> Observed:
    more = replace(settings, alerts=replace(settings.alerts, notify=settings.alerts.notify + ("email:c@example.com",)))
    script = action_script(more)
    policy = action_policy_id(settings)
    return replace(observed, action_policies=tuple((i, script if i == policy else s) for i, s in
                                                   observed.action_policies) or ((policy, script),))


def _another_good_key(observed: Observed, settings: Settings, draw) -> Observed:
    key = KeyState(OTHER_KEY, REGION, key_arn(OTHER_KEY), rotation=True, rotation_interval_days=180,
                   deletion_protection=True)
    buckets = tuple(replace(b, kms_key_id=OTHER_KEY) if b.name == settings.oss.bucket else b for b in observed.buckets)
    old_arn = next(k.arn for k in observed.keys if k.key_id == observed.bucket(settings.oss.bucket).kms_key_id)
    policies = tuple(replace(p, document=p.document.replace(old_arn, key.arn))  # the auditors read with the new key
                     if p.name == settings.access.auditor_policy else p for p in observed.policies)
    return replace(observed, keys=observed.keys + (key,), buckets=buckets, policies=policies)


def _longer_retention(observed: Observed, settings: Settings, draw) -> Observed:
    more = draw(st.integers(1, 5000))
    buckets = tuple(replace(b, worm=replace(b.worm, retention_days=min(25550, b.worm.retention_days + more)))
                    if b.worm else b for b in observed.buckets)
    projects = tuple(replace(p, logstores=tuple(replace(s, ttl_days=min(3650, s.ttl_days + more))
                                                 for s in p.logstores)) for p in observed.projects)
    return replace(observed, buckets=buckets, projects=projects)


def _stricter_bucket_policy(observed: Observed, settings: Settings, draw) -> Observed:
    def stricter(bucket):
        document = json.loads(bucket.policy)
        document["Statement"] = document["Statement"] + [EXTRA_DENY]
        return replace(bucket, policy=json.dumps(document, separators=(",", ":")))
    return replace(observed, buckets=tuple(stricter(b) for b in observed.buckets))


def _customer_key_logstore(observed: Observed, settings: Settings, draw) -> Observed:
    key = next((k for k in observed.keys), None) or KeyState(OTHER_KEY, REGION, key_arn(OTHER_KEY), rotation=True,
                                                             rotation_interval_days=365, deletion_protection=True)
    keys = observed.keys if observed.keys else (key,)
    projects = tuple(replace(p, logstores=tuple(replace(s, encrypt_type="default", cmk_key_id=key.key_id)
                                                 for s in p.logstores)) for p in observed.projects)
    return replace(observed, projects=projects, keys=keys)


def _wider_trail(observed: Observed, settings: Settings, draw) -> Observed:
    return replace(observed, trails=tuple(replace(t, event_rw="All", trail_region="All") for t in observed.trails))


def dimensions(settings: Settings) -> list:
    """The strengthenings that apply to these settings."""
    found = []
    if settings.access.auditor_policy:
        found.append(_narrower_auditor)
    if settings.oss:
        found += [_another_good_key, _stricter_bucket_policy]
    found.append(_longer_retention)
    if settings.sls and settings.alerts.enabled:
        found.append(_wider_alerts)
        if settings.alerts.notify:
            found.append(_more_recipients)
    if settings.sls and settings.sls.encryption == "service":
        found.append(_customer_key_logstore)
    return found


@st.composite
def stronger_accounts(draw, settings: Settings):
    """(account, the names of the strengthenings applied)."""
    observed = simulate(empty_account(), plan(settings, empty_account()))
    picked = draw(st.lists(st.sampled_from(dimensions(settings)), min_size=1, unique=True))
    if (settings.trail.event_rw, settings.trail.trail_region) != ("All", "All"):
        picked.insert(0, _wider_trail)  # the audit asks for All/All whatever the settings say: reality is wider
    for strengthen in picked:
        observed = strengthen(observed, settings, draw)
    return observed, [f.__name__.strip("_") for f in picked]


__all__ = ["ACCOUNT", "onboardable_settings", "stronger_accounts", "PolicyState"]
