"""Hypothesis strategies for existing accounts in any state, and for any valid settings.

Wider than tests/unit/test_planner_properties.py: several trails (ours and others,
organization trails, any destinations), several buckets (any ACL, public access
block, policy, encryption, WORM state and days, versioning, logging), projects with
several Logstores (any TTL, encryption, key), several keys (any state, rotation,
protection, region, alias), custom and system policies with any attachments and
documents (auditor-like, admin-granting, broad), and alerts in any state. The state
is consistent the way discovery reports it: alerts only live in a project that exists.
"""

from __future__ import annotations

from hypothesis import strategies as st

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
from wizard.core.policies.documents import https_only_statement, policy_json
from wizard.core.settings import AccessSettings, AlertSettings, OssSettings, Settings, SlsSettings, TrailSettings

ACCOUNT, REGION = "1234567890123456", "cn-hangzhou"
TRAILS = ("actiontrail-baseline", "actiontrail-other", "legacy_trail")
BUCKETS = ("acme-actiontrail", "acme-other-logs", "shared-bucket")
PROJECTS = ("acme-actiontrail", "acme-other")
PRINCIPALS = ("user:alice", "user:bob", "user:cloud-admin", "group:security-auditors", "role:ops")
ADMIN_GROUP = "group:actiontrail-admins"  # present in some accounts, absent in others
KEY_IDS = ("key-hzz0000000001", "key-hzz0000000002", "key-sha000000003")
ALERT_NAMES = ("at-trail-changes", "at-root-account-use", "at-unauthorized-calls", "my-own-alert")
REGIONS = (REGION, REGION, REGION, REGION, "cn-shanghai", "cn-beijing")


def key_arn(key_id: str, region: str = REGION) -> str:
    return f"acs:kms:{region}:{ACCOUNT}:key/{key_id}"


days = st.one_of(st.integers(1, 400), st.integers(400, 25550))
worms = st.one_of(st.none(), st.builds(WormState, st.sampled_from(["worm-1", "worm-2"]),
                                       st.sampled_from(["InProgress", "Locked"]), days))
_statement = st.sampled_from([
    {"Effect": "Allow", "Principal": ["*"], "Action": ["oss:GetObject"], "Resource": ["acs:oss:*:1:b/*"]},
    {"Effect": "Deny", "Principal": ["*"], "Action": ["oss:DeleteObject"], "Resource": ["acs:oss:*:1:b/*"]},
    {"Effect": "Allow", "Principal": ["2000"], "Action": ["oss:PutObject"], "Resource": ["acs:oss:*:1:b/x/*"]},
])


@st.composite
def bucket_policies(draw, bucket: str):
    statements = draw(st.lists(_statement, max_size=2, unique_by=str))
    if draw(st.booleans()):
        statements.append(https_only_statement(bucket, ACCOUNT))
    return None if not statements else policy_json({"Version": "1", "Statement": statements})


@st.composite
def buckets(draw, name: str):
    return BucketState(
        name, draw(st.sampled_from(REGIONS)),
        acl=draw(st.sampled_from(["private", "public-read", "public-read-write"])),
        public_access_block=draw(st.booleans()), policy=draw(bucket_policies(name)),
        sse_algorithm=draw(st.sampled_from([None, "AES256", "SM4", "KMS"])),
        kms_key_id=draw(st.sampled_from((None, "key-unknown") + KEY_IDS)), worm=draw(worms),
        versioning=draw(st.sampled_from([None, None, None, None, "Enabled", "Suspended"])),
        logging_target=draw(st.sampled_from((None,) + BUCKETS)), logging_prefix=draw(st.sampled_from([None, "log/"])))


@st.composite
def trails(draw, name: str):
    return TrailState(
        name, REGION, trail_region=draw(st.sampled_from(["All", REGION, "cn-shanghai"])),
        event_rw=draw(st.sampled_from(["All", "Read", "Write"])), status=draw(st.sampled_from(["Enable", "Disable",
                                                                                                "Fresh"])),
        is_logging=draw(st.booleans()), oss_bucket=draw(st.sampled_from((None,) + BUCKETS)),
        oss_prefix=draw(st.sampled_from([None, "actiontrail", "other"])),
        sls_project=draw(st.sampled_from((None,) + PROJECTS)), organization=draw(st.booleans()),
        oss_delivery_error=draw(st.sampled_from([None, "AccessDenied"])))


@st.composite
def logstores(draw):
    name = draw(st.sampled_from([f"actiontrail_{t}" for t in TRAILS] + ["app-logs"]))
    if not draw(st.booleans()):
        return LogstoreState(name, draw(st.integers(1, 3650)))
    return LogstoreState(name, draw(st.integers(1, 3650)), True, draw(st.sampled_from(["default", "sm4_gcm"])),
                         draw(st.sampled_from((None,) + KEY_IDS)))


@st.composite
def projects(draw, name: str):
    stores = draw(st.lists(logstores(), max_size=3, unique_by=lambda s: s.name))
    return ProjectState(name, draw(st.sampled_from(REGIONS)), tuple(stores))


@st.composite
def keys(draw, key_id: str):
    region = draw(st.sampled_from(REGIONS))
    aliases = draw(st.lists(st.sampled_from([f"alias/actiontrail-{t}" for t in TRAILS] + ["alias/app"]),
                            max_size=2, unique=True))
    return KeyState(key_id, region, key_arn(key_id, region),
                    state=draw(st.sampled_from(["Enabled", "Enabled", "Disabled", "PendingDeletion", "PendingImport"])),
                    rotation=draw(st.booleans()), rotation_interval_days=draw(st.sampled_from([None, 7, 365, 730,
                                                                                               2560])),
                    deletion_protection=draw(st.booleans()), aliases=tuple(aliases))


_documents = st.sampled_from([
    "",
    '{"Version":"1","Statement":[]}',
    '{"Version":"1","Statement":[{"Effect":"Allow","Action":"actiontrail:*","Resource":"*"}]}',
    '{"Version":"1","Statement":[{"Effect":"Allow","Action":["actiontrail:LookupEvents"],"Resource":"*"}]}',
    '{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
    "not json",
])
attachments = st.lists(st.sampled_from(PRINCIPALS + ("group:actiontrail-admins",)), unique=True, max_size=3).map(tuple)
policies = st.one_of(
    st.builds(PolicyState, st.sampled_from(["AliyunActionTrailFullAccess", "AdministratorAccess",
                                            "AliyunActionTrailReadOnlyAccess"]), st.just("System"),
              attached_to=attachments),
    st.builds(PolicyState, st.sampled_from(["ActionTrailAuditorReadOnly", "MyAuditors", "TeamAdmin"]),
              st.just("Custom"), document=_documents, attached_to=attachments),
)


def _named(strategy_for, names, max_size):
    return st.lists(st.sampled_from(names), unique=True, max_size=max_size).flatmap(
        lambda chosen: st.tuples(*(strategy_for(n) for n in chosen)))


@st.composite
def accounts(draw):
    found_projects = draw(_named(projects, PROJECTS, 2))
    alerts = draw(st.lists(st.builds(AlertState, st.sampled_from([p.name for p in found_projects]),
                                     st.sampled_from(ALERT_NAMES), enabled=st.booleans()),
                           max_size=4, unique_by=lambda a: (a.project, a.name))) if found_projects else []
    with_group = draw(st.booleans())
    members = draw(st.lists(st.sampled_from([p for p in PRINCIPALS if p.startswith("user:")]), unique=True,
                            max_size=2)) if with_group else []
    return Observed(
        ACCOUNT, REGION, trails=draw(_named(trails, TRAILS, 3)), buckets=draw(_named(buckets, BUCKETS, 3)),
        projects=found_projects, keys=draw(_named(keys, KEY_IDS, 3)),
        policies=tuple(draw(st.lists(policies, max_size=4, unique_by=lambda p: p.name))), alerts=tuple(alerts),
        service_linked_role=draw(st.booleans()), principals=PRINCIPALS + ((ADMIN_GROUP,) if with_group else ()),
        group_members=((ADMIN_GROUP.partition(":")[2], tuple(m.partition(":")[2] for m in members)),)
        if with_group else ())


_kms_refs = st.sampled_from(("create", "alias/actiontrail-actiontrail-baseline", "alias/app") + KEY_IDS)


USERS = tuple(p for p in PRINCIPALS if p.startswith("user:"))


@st.composite
def desired_settings(draw):
    admins = tuple(draw(st.lists(st.sampled_from(PRINCIPALS + (ADMIN_GROUP,)), unique=True, max_size=3)))
    with_oss = draw(st.booleans())
    with_sls = draw(st.booleans()) or not with_oss
    return Settings(
        region=REGION,
        trail=TrailSettings(draw(st.sampled_from(TRAILS)), draw(st.sampled_from(["All", "Read", "Write"])),
                            draw(st.sampled_from(["All", REGION, "cn-shanghai"])), draw(st.booleans())),
        oss=OssSettings(draw(st.sampled_from(BUCKETS)), draw(st.sampled_from(["actiontrail", "", "logs/at"])),
                        draw(_kms_refs), draw(st.integers(180, 25550)), draw(st.booleans())) if with_oss else None,
        sls=SlsSettings(draw(st.sampled_from(PROJECTS)), draw(st.sampled_from(["service", "cmk"])), draw(_kms_refs),
                        draw(st.integers(180, 3650))) if with_sls else None,
        access=AccessSettings(draw(st.sampled_from(["ActionTrailAuditorReadOnly", "MyAuditors"])),
                              auditors=tuple(draw(st.lists(st.sampled_from(PRINCIPALS), unique=True, max_size=3))),
                              admins=admins,
                              admin_users=tuple(draw(st.lists(st.sampled_from(USERS), unique=True, max_size=2)))
                              if any(a.startswith("group:") for a in admins) else ()),
        alerts=AlertSettings(enabled=draw(st.booleans()) and with_sls,
                             notify=tuple(draw(st.lists(st.sampled_from(["email:a@example.com"]), max_size=1)))),
    )
