"""Sensitive-event alert rules (trail changes and the CIS Alibaba Cloud 2.10-2.22 set) as data: one table.

Each query runs on the trail's Logstore, where ActionTrail writes each event as
the JSON field `event` (searched as event.eventName, event.userIdentity.type,
...). The queries use a small subset of SLS search syntax (field: value, a
trailing * wildcard, "field: *" for "present", and/or/not, parentheses) that
wizard/core/alerts/query.py implements, so tests run them against sample events. The
planner turns each rule into one SLS CreateAlert.
"""

from __future__ import annotations

from dataclasses import dataclass

from wizard.core.alerts.notify import NO_ACTION_POLICY


@dataclass(frozen=True)
class AlertRule:
    name: str  # SLS alert name: 4-64 of a-z 0-9 _ -
    title: str
    query: str  # SLS search syntax over ActionTrail events
    severity: int  # SLS severity: 2 report, 4 low, 6 medium, 8 high, 10 critical
    cis: str


def _events(services: tuple[str, ...], names: tuple[str, ...]) -> str:
    """Events of these services with one of these names."""
    service = " or ".join(f"event.serviceName: {s}" for s in services)
    event = " or ".join(f"event.eventName: {n}" for n in names)
    return f"({service}) and ({event})"


ALERT_RULES: tuple[AlertRule, ...] = (
    AlertRule("at-trail-changes", "ActionTrail trail stopped, deleted or changed",
              _events(("Actiontrail",), ("StopLogging", "DeleteTrail", "UpdateTrail")), 10,
              "ActionTrail best practices; CIS Alibaba Cloud 2.1"),
    AlertRule("at-ram-changes", "RAM policy or role changed",
              _events(("Ram",), ("CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion",
                                 "SetDefaultPolicyVersion", "AttachPolicyToUser", "AttachPolicyToGroup",
                                 "AttachPolicyToRole", "DetachPolicyFromUser", "DetachPolicyFromGroup",
                                 "DetachPolicyFromRole", "CreateRole", "DeleteRole", "UpdateRole")), 8,
              "CIS Alibaba Cloud 2.10"),
    AlertRule("at-cloudfw-changes", "Cloud Firewall rule changed",
              _events(("Cloudfw",), ("CreateVpcFirewallControlPolicy", "DeleteVpcFirewallControlPolicy",
                                     "ModifyVpcFirewallControlPolicy", "AddControlPolicy", "DeleteControlPolicy",
                                     "ModifyControlPolicy")), 6, "CIS Alibaba Cloud 2.11"),
    AlertRule("at-vpc-route-changes", "VPC route changed",
              _events(("Vpc", "Ecs"), ("CreateRouteEntry", "DeleteRouteEntry", "ModifyRouteEntry",
                                       "AssociateRouteTable", "UnassociateRouteTable")), 6, "CIS Alibaba Cloud 2.12"),
    AlertRule("at-vpc-changes", "VPC or vSwitch changed",
              _events(("Vpc", "Ecs"), ("CreateVpc", "DeleteVpc", "ModifyVpcAttribute", "AssociateVpcCidrBlock",
                                       "UnassociateVpcCidrBlock", "CreateVSwitch", "DeleteVSwitch",
                                       "EnableVpcClassicLink", "DisableVpcClassicLink")), 6, "CIS Alibaba Cloud 2.13"),
    AlertRule("at-oss-acl-changes", "OSS bucket or object ACL changed",
              _events(("Oss",), ("PutBucketAcl", "PutObjectAcl")), 8, "CIS Alibaba Cloud 2.14"),
    AlertRule("at-rds-changes", "RDS instance security configuration changed",
              _events(("Rds",), ("ModifySecurityIps", "ModifyDBInstanceSSL", "ModifyDBInstanceNetworkType",
                                 "AllocateInstancePublicConnection", "ModifyDBInstanceConnectionString",
                                 "SwitchDBInstanceNetType", "ModifyBackupPolicy", "DeleteBackup",
                                 "ModifyDBInstanceSpec")), 6, "CIS Alibaba Cloud 2.15"),
    # CIS 2.16's own query, every code of it (Forbbiden is spelled so by some services), plus OSS's AccessDenied;
    # like CIS, Forbidden.* also matches a KMS Forbidden.KeyNotFound, which is no refusal
    AlertRule("at-unauthorized-calls", "Unauthorized API calls",
              "event.eventType: ApiCall and (event.errorCode: NoPermission* or event.errorCode: Forbidden* "
              "or event.errorCode: Forbbiden or event.errorCode: AccessDenied* or event.errorCode: InvalidAccessKeyId* "
              "or event.errorCode: InvalidSecurityToken* or event.errorCode: SignatureDoesNotMatch "
              "or event.errorCode: InvalidAuthorization or event.errorCode: AccessForbidden "
              "or event.errorCode: NotAuthorized)", 6, "CIS Alibaba Cloud 2.16"),
    AlertRule("at-console-signin-no-mfa", "Console sign-in without MFA",  # ActionTrail's own field, not CloudTrail's
              "event.eventName: ConsoleSignin and event.additionalEventData.isMFAChecked: false "
              "and not event.errorCode: *", 8,
              "CIS Alibaba Cloud 2.17"),
    AlertRule("at-root-account-use", "Root account used",
              "event.userIdentity.type: root-account", 8, "CIS Alibaba Cloud 2.18"),
    AlertRule("at-console-signin-failures", "Console sign-in failures",
              "event.eventName: ConsoleSignin and event.errorCode: *", 6, "CIS Alibaba Cloud 2.19"),
    AlertRule("at-kms-key-disable-delete", "KMS key disabled or scheduled for deletion",
              _events(("Kms",), ("DisableKey", "ScheduleKeyDeletion", "DeleteKeyMaterial")), 8,
              "CIS Alibaba Cloud 2.20"),
    AlertRule("at-oss-policy-changes", "OSS bucket policy or protection changed",
              _events(("Oss",), ("PutBucketPolicy", "DeleteBucketPolicy", "PutBucketEncryption",
                                 "DeleteBucketEncryption", "PutBucketLifecycle", "DeleteBucketLifecycle",
                                 "PutBucketCors", "DeleteBucketCors", "PutBucketReplication",
                                 "DeleteBucketReplication")), 6, "CIS Alibaba Cloud 2.21"),
    AlertRule("at-security-group-changes", "Security group changed",
              _events(("Ecs",), ("CreateSecurityGroup", "AuthorizeSecurityGroup", "AuthorizeSecurityGroupEgress",
                                 "RevokeSecurityGroup", "RevokeSecurityGroupEgress", "JoinSecurityGroup",
                                 "LeaveSecurityGroup", "DeleteSecurityGroup", "ModifySecurityGroupPolicy",
                                 "ModifySecurityGroupRule")), 6, "CIS Alibaba Cloud 2.22"),
)

ALERT_POLICY = "sls.builtin.dynamic"  # SLS's built-in alert policy: it routes to the rule's own action policy
REPEAT_INTERVAL = "1h"  # a still-firing alert is repeated at most hourly


def alert_configuration(rule: AlertRule, project: str, logstore: str, region: str,
                        action_policy: str = NO_ACTION_POLICY) -> dict:
    """The SLS 2020-12-30 alert `configuration` body for one rule; `action_policy` says who is notified."""
    return {
        "version": "2.0",
        "type": "default",
        "queryList": [
            {
                "storeType": "log",
                "region": region,
                "project": project,
                "store": logstore,
                "query": rule.query,
                "timeSpanType": "Relative",
                "start": "-5m",
                "end": "now",
            }
        ],
        "conditionConfiguration": {"condition": "", "countCondition": "__count__ > 0"},
        "severityConfigurations": [{"severity": rule.severity, "evalCondition": {"condition": "", "countCondition": ""}}],
        "policyConfiguration": {"alertPolicyId": ALERT_POLICY, "actionPolicyId": action_policy,
                                "repeatInterval": REPEAT_INTERVAL},
        "annotations": [{"key": "title", "value": rule.title}, {"key": "cis", "value": rule.cis}],
        "tags": ["actiontrail-wizard"],
        "groupConfiguration": {"type": "no_group", "fields": []},  # required: one alert per evaluation
        "threshold": 1,  # required: fire on the first evaluation that matches
        "noDataFire": False,
        "sendResolved": False,
        "autoAnnotation": True,
    }
