"""Sensitive-event alert rules (the CIS Alibaba Cloud 2.10-2.22 set) as data.

Each query runs on the trail's Logstore, where ActionTrail writes each event
with flattened `event.*` fields. Tests run these queries' matching logic
against sample events; the planner turns each into one SLS CreateAlert.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AlertRule:
    name: str  # SLS alert name: 4-64 of a-z 0-9 _ -
    title: str
    query: str  # SLS search syntax over ActionTrail events
    severity: int  # SLS severity: 2 report, 4 low, 6 medium, 8 high, 10 critical
    cis: str


ALERT_RULES: tuple[AlertRule, ...] = (
    AlertRule("at-trail-changes", "ActionTrail trail stopped, deleted or changed",
              "event.serviceName: ActionTrail and (event.eventName: StopLogging or event.eventName: DeleteTrail "
              "or event.eventName: UpdateTrail)", 10, "CIS Alibaba Cloud 2.14"),
    AlertRule("at-root-account-use", "Root account used",
              "event.userIdentity.type: root-account", 8, "CIS Alibaba Cloud 2.12"),
    AlertRule("at-console-signin-no-mfa", "Console sign-in without MFA",
              "event.eventName: ConsoleSignin and event.additionalEventData.MFAUsed: false", 8,
              "CIS Alibaba Cloud 2.11"),
    AlertRule("at-console-signin-failures", "Console sign-in failures",
              "event.eventName: ConsoleSignin and event.errorCode: *", 6, "CIS Alibaba Cloud 2.15"),
    AlertRule("at-ram-policy-changes", "RAM policy or role changed",
              "event.serviceName: Ram and (event.eventName: CreatePolicy or event.eventName: DeletePolicy "
              "or event.eventName: CreatePolicyVersion or event.eventName: AttachPolicyToUser "
              "or event.eventName: AttachPolicyToGroup or event.eventName: AttachPolicyToRole "
              "or event.eventName: CreateRole or event.eventName: UpdateRole)", 8, "CIS Alibaba Cloud 2.13"),
    AlertRule("at-kms-key-disable-delete", "KMS key disabled or scheduled for deletion",
              "event.serviceName: Kms and (event.eventName: DisableKey or event.eventName: ScheduleKeyDeletion)",
              8, "CIS Alibaba Cloud 2.17"),
    AlertRule("at-oss-policy-acl-changes", "OSS bucket policy or ACL changed",
              "event.serviceName: Oss and (event.eventName: PutBucketPolicy or event.eventName: DeleteBucketPolicy "
              "or event.eventName: PutBucketAcl)", 6, "CIS Alibaba Cloud 2.18"),
    AlertRule("at-unauthorized-calls", "Unauthorized API calls",
              "event.errorCode: NoPermission or event.errorCode: Forbidden or event.errorCode: AccessDenied", 6,
              "CIS Alibaba Cloud 2.10"),
)


def alert_configuration(rule: AlertRule, project: str, logstore: str, region: str,
                        notify: tuple[str, ...]) -> dict:
    """The SLS 2020-12-30 alert `configuration` body for one rule."""
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
        "policyConfiguration": {"alertPolicyId": "sls.builtin.dynamic", "actionPolicyId": "", "repeatInterval": "5m"},
        "annotations": [{"key": "title", "value": rule.title}, {"key": "cis", "value": rule.cis}]
        + [{"key": "notify", "value": target} for target in notify],
        "tags": ["actiontrail-wizard"],
        "noDataFire": False,
        "sendResolved": False,
        "autoAnnotation": True,
    }
