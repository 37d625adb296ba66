"""The rule catalogue: each rule as data (id, title, severity, fix) and the controls it checks, per framework.

Reports, the audit screen and the README read the same words; every rule here has
exactly one check registered in the audit's area modules. A control is cited only
where its own words say what the rule checks (tests/unit/test_references.py holds the
CIS Alibaba Cloud 2.0 titles and the MLPS 2.0 level 3 clauses as data); a rule no
control of a framework covers is "skip" under that framework, never a pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from wizard.core.findings import SKIP, Finding, Status, Verdict, strictest
from wizard.core.frameworks import TITLES, Control, Framework

BP, MLPS, CIS = Framework.BEST_PRACTICE, Framework.MLPS, Framework.CIS
BEST_PRACTICE = Control(BP, "", "Alibaba Cloud ActionTrail best practices")
RAM_BEST_PRACTICE = Control(BP, "", "Alibaba Cloud RAM best practices: grant permissions to groups, not to users")


def _cis(number: str, title: str) -> Control:
    return Control(CIS, number, title)


def _mlps(clause: str, title: str) -> Control:
    return Control(MLPS, clause, title)


CIS_TRAIL = _cis("2.1", "Ensure that ActionTrail are configured to export copies of all Log entries")
CIS_ALERTS = tuple(_cis(number, title) for number, title in (
    ("2.10", "Ensure log monitoring and alerts are set up for RAM Role changes"),
    ("2.11", "Ensure log monitoring and alerts are set up for Cloud Firewall changes"),
    ("2.12", "Ensure log monitoring and alerts are set up for VPC network route changes"),
    ("2.13", "Ensure log monitoring and alerts are set up for VPC changes"),
    ("2.14", "Ensure log monitoring and alerts are set up for OSS permission changes"),
    ("2.15", "Ensure log monitoring and alerts are set up for RDS instance configuration changes"),
    ("2.16", "Ensure a log monitoring and alerts are set up for unauthorized API calls"),
    ("2.17", "Ensure a log monitoring and alerts are set up for Management Console sign-in without MFA"),
    ("2.18", "Ensure a log monitoring and alerts are set up for usage of root account"),
    ("2.19", "Ensure a log monitoring and alerts are set up for Management Console authentication failures"),
    ("2.20", "Ensure a log monitoring and alerts are set up for disabling or deletion of customer created CMKs"),
    ("2.21", "Ensure a log monitoring and alerts are set up for OSS bucket policy changes"),
    ("2.22", "Ensure a log monitoring and alerts are set up for security group changes"),
))
MLPS_AUDIT = _mlps("8.1.4.3 a)", "enable security audit covering every user, auditing important user behaviour and "
                   "security events")
MLPS_PROTECT = _mlps("8.1.4.3 c)", "protect audit records and back them up, so they cannot be unexpectedly deleted, "
                     "modified or overwritten")
MLPS_STORED = _mlps("8.1.4.8 b)", "protect the confidentiality of important data in storage with cryptography")
MLPS_RETENTION = _mlps("8.1.5.4 d)", "collect the audit data centrally for analysis, and keep audit records as long "
                       "as the law requires (six months)")


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: str  # high | medium | low
    fix: str
    controls: tuple[Control, ...]

    @property
    def references(self) -> tuple[str, ...]:
        return tuple(control.text for control in self.controls)

    def controls_in(self, framework: Framework) -> tuple[Control, ...]:
        return tuple(c for c in self.controls if c.framework == framework)


RULES: tuple[Rule, ...] = (
    Rule("AT-TRAIL-EXISTS", "A trail records the account's API activity", "high",
         "Create the trail (CreateTrail).", (BEST_PRACTICE, MLPS_AUDIT, CIS_TRAIL)),
    Rule("AT-TRAIL-LOGGING", "The trail is logging", "high",
         "Start logging on the trail (StartLogging).", (BEST_PRACTICE, MLPS_AUDIT, CIS_TRAIL)),
    Rule("AT-TRAIL-ALL-REGIONS", "The trail covers all regions", "high",
         "Set TrailRegion to All (UpdateTrail).", (BEST_PRACTICE, MLPS_AUDIT, CIS_TRAIL)),
    Rule("AT-TRAIL-ALL-EVENTS", "The trail records read and write events", "medium",
         "Set EventRW to All (UpdateTrail).", (BEST_PRACTICE, MLPS_AUDIT, CIS_TRAIL)),
    Rule("AT-OSS-KMS", "The log bucket is encrypted with a customer KMS key", "high",
         "Enable SSE-KMS with an enabled customer key in the bucket's region (PutBucketEncryption).",
         (BEST_PRACTICE, MLPS_STORED, _cis("5.9", "Ensure server-side encryption is set to Encrypt with BYOK"))),
    Rule("AT-OSS-WORM", "The log bucket has a locked WORM retention long enough", "high",
         "Initiate and lock a WORM policy of at least 180 days (InitiateBucketWorm, CompleteBucketWorm).",
         (BEST_PRACTICE, MLPS_PROTECT, MLPS_RETENTION)),
    Rule("AT-OSS-PRIVATE", "The log bucket is private and blocks public access", "high",
         "Set the ACL to private and block public access (PutBucketAcl, PutBucketPublicAccessBlock).",
         (BEST_PRACTICE, MLPS_PROTECT,
          _cis("2.2", "Ensure the OSS used to store ActionTrail logs is not publicly accessible"),
          _cis("5.1", "Ensure that OSS bucket is not anonymously or publicly accessible"))),
    Rule("AT-OSS-HTTPS-ONLY", "The log bucket refuses plain-HTTP requests", "medium",
         "Add a bucket policy statement denying every OSS action on the bucket and its objects to every principal "
         "when acs:SecureTransport is false (PutBucketPolicy).",
         (BEST_PRACTICE, _mlps("8.1.4.7 a)", "protect the integrity of important data in transit, audit data "
                               "included, with checksums or cryptography"),
          _cis("5.4", "Ensure that 'Secure transfer required' is set to 'Enabled'"))),
    Rule("AT-OSS-ACCESS-LOGGING", "Access to the log bucket is itself logged", "medium",
         "Enable access logging on the bucket (PutBucketLogging).",
         (BEST_PRACTICE, MLPS_AUDIT, _cis("5.3", "Ensure that logging is enabled for OSS buckets"))),
    Rule("AT-SLS-ENCRYPTED", "The trail's Logstore is encrypted", "high",
         "Turn on Logstore encryption (UpdateLogStoreEncryption).", (BEST_PRACTICE, MLPS_STORED)),
    Rule("AT-SLS-TTL", "The trail's Logstore keeps events long enough", "high",
         "Raise the Logstore TTL (UpdateLogStore): 180 days meet MLPS 2.0, 365 CIS Alibaba Cloud 2.23.",
         (BEST_PRACTICE, MLPS_RETENTION,
          _cis("2.23", "Ensure that Logstore data retention period is set 365 days or greater"))),
    Rule("AT-KMS-ROTATION", "The trail's KMS key rotates automatically", "medium",
         "Enable automatic rotation every 365 days or less (UpdateRotationPolicy).", (BEST_PRACTICE,)),
    Rule("AT-KMS-DELETION-PROTECTION", "The trail's KMS key is protected against deletion", "medium",
         "Enable deletion protection on the key (SetDeletionProtection).", (BEST_PRACTICE,)),
    Rule("AT-RAM-ADMINS", "Only the approved admins hold ActionTrail admin rights", "high",
         "Detach ActionTrail admin policies from principals not in access.admins, and custom policies allowing *:* "
         "from everyone (a human decision).",
         (BEST_PRACTICE, _mlps("8.1.4.2 d)", "grant administrative users only the privileges they need, and "
                               "separate their privileges"),
          _cis("1.15", "Ensure RAM policies that allow full *:* administrative privileges are not created"))),
    Rule("AT-RAM-ADMIN-GROUPS", "ActionTrail admin rights are held through groups or roles, not by users", "high",
         "Put the admins in the admin group (CreateGroup, AttachPolicyToGroup, AddUserToGroup), then detach the "
         "policies attached to users directly (a human decision).",
         (RAM_BEST_PRACTICE, _cis("1.16", "Ensure RAM policies are attached only to groups or roles"))),
    Rule("AT-RAM-AUDITOR", "Auditors have read-only access to the events", "medium",
         "Create the auditor policy and attach it to each auditor (CreatePolicy, AttachPolicyTo*).",
         (BEST_PRACTICE, _mlps("8.1.5.2 a)", "authenticate the audit administrator, who audits only through specific "
                               "commands or interfaces, themselves audited"))),
    Rule("AT-ALERTS", "Sensitive events raise alerts to the configured recipients", "medium",
         "Create the sensitive-event alert rules on the trail's Logstore and their recipients (CreateAlert, "
         "UpsertResourceRecord).",
         (BEST_PRACTICE, _mlps("8.1.5.4 f)", "identify, alert on and analyse security events"), *CIS_ALERTS)),
    Rule("AT-DELIVERY", "Events reach their destinations", "high",
         "Fix the delivery error reported by GetTrailStatus (bucket policy, project, role).",
         (BEST_PRACTICE, MLPS_RETENTION, CIS_TRAIL)),
)
RULES_BY_ID = {rule.id: rule for rule in RULES}

Override = Verdict | tuple  # a Verdict, or (status, note)


def finding(rule_id: str, status: Status, resource: str, evidence: str,
            by: dict[Framework, Override] | None = None) -> Finding:
    """A Finding of one catalogue rule: `status` under every framework that cites a control, unless `by` says
    otherwise for one (its own threshold); "skip" under a framework with no control for the rule."""
    rule = RULES_BY_ID[rule_id]
    verdicts = []
    for framework in Framework:
        if not rule.controls_in(framework):
            verdict = Verdict(SKIP, f"no {TITLES[framework]} control covers this rule")
        elif by and framework in by:
            given = by[framework]
            verdict = given if isinstance(given, Verdict) else Verdict(*given)
        else:
            verdict = Verdict(status)
        verdicts.append((framework, verdict))
    return Finding(rule.id, rule.title, strictest(v.status for _, v in verdicts), rule.severity, resource, evidence,
                   rule.fix, rule.references, tuple(verdicts), rule.controls)
