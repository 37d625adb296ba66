"""Builders for Settings/Observed, and `simulate`: the effect of a plan on an Observed, as pure data.

`simulate` is how the unit tests prove the planner's promises without a network:
applying a plan's effects must make the rules pass, and planning again must
give zero actions. The sandbox tests prove the same against real SDK calls.
"""

from __future__ import annotations

import json
from dataclasses import replace

from wizard.cloud.apply.executor import resolve_references
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
from wizard.core.plan import Plan
from wizard.core.settings_file import parse_settings

# The settings shapes the tests run: the shipped example, and the OSS-only fixture (not compliant with CIS: no Logstore).
SHAPES = {"baseline": "examples/baseline.toml", "oss-only": "tests/data/settings/oss-only.toml"}
ACCOUNT = "1234567890123456"
REGION = "cn-hangzhou"
DELIVERED = "2024-05-01T08:05:00Z"

BASELINE = {
    "region": REGION,
    "trail": {"name": "actiontrail-baseline"},
    "oss": {"bucket": "acme-actiontrail", "prefix": "actiontrail"},
    "sls": {"project": "acme-actiontrail"},
    "access": {"auditors": ["group:security-auditors"], "admins": ["group:actiontrail-admins"],
               "admin_users": ["user:cloud-admin"]},
    "alerts": {"notify": ["email:secops@example.com"]},
}


def settings(**sections):
    data = json.loads(json.dumps(BASELINE))
    for name, value in sections.items():
        if value is None:
            data.pop(name, None)
        elif isinstance(value, dict) and isinstance(data.get(name), dict):
            data[name].update(value)
        else:
            data[name] = value
    return parse_settings(data)


def empty_account() -> Observed:
    return Observed(account_id=ACCOUNT, region=REGION,
                    principals=("group:security-auditors", "user:cloud-admin"))


def _swap(items, match, new):
    return tuple(new if match(item) else item for item in items)


def simulate(observed: Observed, plan: Plan) -> Observed:
    """The Observed an account would show after every action of the plan succeeded."""
    o = observed
    outputs = {"account.AccountId": o.account_id}
    for number, action in enumerate(plan.actions):
        p = resolve_references(action.params, outputs)
        api = action.api
        bucket = o.bucket(str(p.get("Bucket", "")))

        def set_bucket(**changes):
            nonlocal o
            o = replace(o, buckets=_swap(o.buckets, lambda b: b.name == bucket.name, replace(bucket, **changes)))

        if api == "CreateServiceLinkedRole":
            o = replace(o, service_linked_role=True)
        elif api == "CreateKey":
            key_id = f"key-sim{number:04d}"
            arn = f"acs:kms:{o.region}:{o.account_id}:key/{key_id}"
            outputs[f"{action.id}.KeyId"], outputs[f"{action.id}.Arn"] = key_id, arn
            o = replace(o, keys=o.keys + (KeyState(key_id, o.region, arn, rotation=p["EnableAutomaticRotation"],
                                                    rotation_interval_days=365),))
        elif api in ("CreateAlias", "UpdateRotationPolicy", "EnableKey", "SetDeletionProtection"):
            key = o.key(p.get("KeyId") or p.get("ProtectedResourceArn"))
            new = {"CreateAlias": lambda k: replace(k, aliases=k.aliases + (p["AliasName"],)),
                   "UpdateRotationPolicy": lambda k: replace(k, rotation=True, rotation_interval_days=365),
                   "EnableKey": lambda k: replace(k, state="Enabled"),
                   "SetDeletionProtection": lambda k: replace(k, deletion_protection=True)}[api](key)
            o = replace(o, keys=_swap(o.keys, lambda k: k.key_id == key.key_id, new))
        elif api == "PutBucket":
            o = replace(o, buckets=o.buckets + (BucketState(p["Bucket"], o.region, acl=p["Acl"]),))
        elif api == "PutBucketAcl":
            set_bucket(acl=p["Acl"])
        elif api == "PutBucketPublicAccessBlock":
            set_bucket(public_access_block=p["BlockPublicAccess"])
        elif api == "PutBucketEncryption":
            set_bucket(sse_algorithm=p["SSEAlgorithm"], kms_key_id=p.get("KMSMasterKeyID"))
        elif api == "PutBucketPolicy":
            set_bucket(policy=p["Policy"])
        elif api == "PutBucketLogging":
            set_bucket(logging_target=p["TargetBucket"], logging_prefix=p["TargetPrefix"])
        elif api == "InitiateBucketWorm":
            outputs[f"{action.id}.WormId"] = f"worm-sim{number}"
            set_bucket(worm=WormState(f"worm-sim{number}", "InProgress", p["RetentionPeriodInDays"]))
        elif api == "CompleteBucketWorm":
            set_bucket(worm=replace(bucket.worm, state="Locked"))
        elif api == "ExtendBucketWorm":
            set_bucket(worm=replace(bucket.worm, retention_days=p["RetentionPeriodInDays"]))
        elif api == "CreateProject":
            o = replace(o, projects=o.projects + (ProjectState(p["projectName"], o.region),))
        elif api in ("CreateLogStore", "UpdateLogStore", "UpdateLogStoreEncryption"):
            project = o.project(p["project"])
            name = p.get("logstoreName") or p["logstore"]
            store = project.logstore(name)
            if api == "CreateLogStore":
                conf = p["encrypt_conf"]
                cmk = conf.get("user_cmk_info", {}).get("cmk_key_id")
                new_store = LogstoreState(name, p["ttl"], conf["enable"], conf["encrypt_type"], cmk)
                logstores = project.logstores + (new_store,)
            else:
                if api == "UpdateLogStore":
                    new_store = replace(store, ttl_days=p["ttl"])
                else:
                    new_store = replace(store, encrypted=p["enable"], encrypt_type=p["encryptType"],
                                        cmk_key_id=(p.get("userCmkInfo") or {}).get("keyId"))
                logstores = _swap(project.logstores, lambda s: s.name == name, new_store)
            o = replace(o, projects=_swap(o.projects, lambda pr: pr.name == project.name,
                                          replace(project, logstores=logstores)))
        elif api == "CreateRole":
            o = replace(o, principals=o.principals + (f"role:{p['RoleName']}",))
        elif api == "CreateGroup":
            o = replace(o, principals=o.principals + (f"group:{p['GroupName']}",),
                        group_members=o.group_members + ((p["GroupName"], ()),))
        elif api == "AddUserToGroup":
            members = (o.members(p["GroupName"]) or ()) + (p["UserName"],)
            o = replace(o, group_members=tuple(g for g in o.group_members if g[0] != p["GroupName"])
                        + ((p["GroupName"], members),))
        elif api.startswith("AttachPolicyTo"):
            kind = api.removeprefix("AttachPolicyTo").lower()
            who = f"{kind}:{p[kind.capitalize() + 'Name']}"
            policy = o.policy(p["PolicyName"]) or PolicyState(p["PolicyName"], p["PolicyType"])
            updated = replace(policy, attached_to=policy.attached_to + (who,))
            others = tuple(x for x in o.policies if x.name != policy.name)
            o = replace(o, policies=others + (updated,))
        elif api == "CreatePolicy":
            o = replace(o, policies=o.policies + (PolicyState(p["PolicyName"], "Custom", p["PolicyDocument"]),))
        elif api == "CreatePolicyVersion":
            o = replace(o, policies=_swap(o.policies, lambda x: x.name == p["PolicyName"],
                                          replace(o.policy(p["PolicyName"]), document=p["PolicyDocument"])))
        elif api == "CreateTrail":
            project = p.get("SlsProjectArn", "").rpartition("/")[2] or None
            o = replace(o, trails=o.trails + (TrailState(
                p["Name"], o.region, p["TrailRegion"], p["EventRW"], status="Fresh", is_logging=False,
                oss_bucket=p.get("OssBucketName"), oss_prefix=p.get("OssKeyPrefix"), sls_project=project,
                organization=bool(p.get("IsOrganizationTrail"))),))
        elif api in ("UpdateTrail", "StartLogging"):
            trail = o.trail(p["Name"])
            if api == "StartLogging":  # the sandbox, like the cloud, reports a delivery once logging runs
                new = replace(trail, is_logging=True, status="Enable",
                              oss_delivered_at=DELIVERED if trail.oss_bucket else None,
                              sls_delivered_at=DELIVERED if trail.sls_project else None)
            else:
                new = replace(trail, event_rw=p.get("EventRW", trail.event_rw),
                              trail_region=p.get("TrailRegion", trail.trail_region),
                              oss_bucket=p.get("OssBucketName", trail.oss_bucket),
                              oss_prefix=p.get("OssKeyPrefix", trail.oss_prefix),
                              sls_project=p["SlsProjectArn"].rpartition("/")[2] if "SlsProjectArn" in p
                              else trail.sls_project)
            o = replace(o, trails=_swap(o.trails, lambda t: t.name == trail.name, new))
        elif api == "CreateDeliveryHistoryJob":
            pass  # history goes into the Logstore: nothing a rule reads changes
        elif api in ("CreateAlert", "UpdateAlert"):
            conf = p["configuration"]
            name = p.get("name") or p["alertName"]
            old = next((a for a in o.alerts if a.name == name and a.project == p["project"]), None)
            new = AlertState(p["project"], name, old.enabled if old else True, p["displayName"],
                             conf["queryList"][0]["query"], conf["policyConfiguration"]["actionPolicyId"])
            o = replace(o, alerts=_swap(o.alerts, lambda a: a is old, new) if old else o.alerts + (new,))
        elif api == "UpsertResourceRecord":
            for record in p["records"]:
                if p["resourceName"] == "sls.alert.action_policy":
                    script = json.loads(record["value"])["primary_policy_script"]
                    o = replace(o, action_policies=tuple(x for x in o.action_policies if x[0] != record["id"])
                                + ((record["id"], script),))
                else:
                    key = (p["resourceName"], record["id"])
                    o = replace(o, resource_records=tuple(r for r in o.resource_records if r[:2] != key)
                                + ((*key, record["value"]),))
        elif api == "EnableAlert":
            alert = next(a for a in o.alerts if a.name == p["alertName"] and a.project == p["project"])
            o = replace(o, alerts=_swap(o.alerts, lambda a: a.name == p["alertName"] and a.project == p["project"],
                                        replace(alert, enabled=True)))
        else:
            raise AssertionError(f"simulate does not know {api}")
    return o
