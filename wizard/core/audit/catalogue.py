"""The rule catalogue: each best-practice rule as data (id, title, severity, fix, references).

Reports, the audit screen and the README read the same words; every rule here
has exactly one check registered in the audit's area modules.
"""

from __future__ import annotations

from dataclasses import dataclass

from wizard.core.findings import Finding, Status

BEST_PRACTICE = "Alibaba Cloud ActionTrail best practices"
MLPS_AUDIT = "MLPS 2.0 level 3: security audit (8.1.4.3)"
MLPS_RETENTION = "MLPS 2.0 / Cybersecurity Law art. 21: keep logs at least 180 days"


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: str  # high | medium | low
    fix: str
    references: tuple[str, ...]


RULES: tuple[Rule, ...] = (
    Rule("AT-TRAIL-EXISTS", "A trail records the account's API activity", "high",
         "Create the trail (CreateTrail).", (BEST_PRACTICE, MLPS_AUDIT, "CIS Alibaba Cloud 2.1")),
    Rule("AT-TRAIL-LOGGING", "The trail is logging", "high",
         "Start logging on the trail (StartLogging).", (BEST_PRACTICE, MLPS_AUDIT, "CIS Alibaba Cloud 2.1")),
    Rule("AT-TRAIL-ALL-REGIONS", "The trail covers all regions", "high",
         "Set TrailRegion to All (UpdateTrail).", (BEST_PRACTICE, "CIS Alibaba Cloud 2.1")),
    Rule("AT-TRAIL-ALL-EVENTS", "The trail records read and write events", "medium",
         "Set EventRW to All (UpdateTrail).", (BEST_PRACTICE, "CIS Alibaba Cloud 2.1")),
    Rule("AT-OSS-KMS", "The log bucket is encrypted with a customer KMS key", "high",
         "Enable SSE-KMS with an enabled customer key in the bucket's region (PutBucketEncryption).",
         (BEST_PRACTICE, "MLPS 2.0 level 3: data confidentiality (8.1.4.8)", "CIS Alibaba Cloud 2.5")),
    Rule("AT-OSS-WORM", "The log bucket has a locked WORM retention of at least 180 days", "high",
         "Initiate and lock a WORM policy of at least 180 days (InitiateBucketWorm, CompleteBucketWorm).",
         (BEST_PRACTICE, MLPS_RETENTION, "CIS Alibaba Cloud 2.4")),
    Rule("AT-OSS-PRIVATE", "The log bucket is private and blocks public access", "high",
         "Set the ACL to private and block public access (PutBucketAcl, PutBucketPublicAccessBlock).",
         (BEST_PRACTICE, "CIS Alibaba Cloud 2.2")),
    Rule("AT-OSS-HTTPS-ONLY", "The log bucket refuses plain-HTTP requests", "medium",
         "Add a bucket policy statement denying requests where acs:SecureTransport is false (PutBucketPolicy).",
         (BEST_PRACTICE, "MLPS 2.0 level 3: data integrity in transit (8.1.4.7)")),
    Rule("AT-OSS-ACCESS-LOGGING", "Access to the log bucket is itself logged", "medium",
         "Enable access logging on the bucket (PutBucketLogging).", (BEST_PRACTICE, "CIS Alibaba Cloud 2.3")),
    Rule("AT-SLS-ENCRYPTED", "The trail's Logstore is encrypted", "high",
         "Turn on Logstore encryption (UpdateLogStoreEncryption).",
         (BEST_PRACTICE, "MLPS 2.0 level 3: data confidentiality (8.1.4.8)")),
    Rule("AT-SLS-TTL", "The trail's Logstore keeps events at least 180 days", "high",
         "Raise the Logstore TTL (UpdateLogStore); 365 days meets CIS.",
         (BEST_PRACTICE, MLPS_RETENTION, "CIS Alibaba Cloud 2.11")),
    Rule("AT-KMS-ROTATION", "The trail's KMS key rotates automatically", "medium",
         "Enable automatic rotation every 365 days or less (UpdateRotationPolicy).",
         (BEST_PRACTICE, "CIS Alibaba Cloud 8.2")),
    Rule("AT-KMS-DELETION-PROTECTION", "The trail's KMS key is protected against deletion", "medium",
         "Enable deletion protection on the key (SetDeletionProtection).", (BEST_PRACTICE,)),
    Rule("AT-RAM-ADMINS", "Only the listed admins hold ActionTrail admin rights", "high",
         "Detach ActionTrail admin policies from principals not in access.admins (a human decision).",
         (BEST_PRACTICE, "MLPS 2.0 level 3: least privilege (8.1.4.2)", "CIS Alibaba Cloud 1.x")),
    Rule("AT-RAM-AUDITOR", "Auditors have read-only access to the events", "medium",
         "Create the auditor policy and attach it to each auditor (CreatePolicy, AttachPolicyTo*).",
         (BEST_PRACTICE, "MLPS 2.0 level 3: separation of duties (8.1.4.2)")),
    Rule("AT-ALERTS", "Sensitive events raise alerts", "medium",
         "Create the sensitive-event alert rules on the trail's Logstore (CreateAlert).",
         (BEST_PRACTICE, "CIS Alibaba Cloud 2.10-2.22")),
    Rule("AT-DELIVERY", "Events reach their destinations", "high",
         "Fix the delivery error reported by GetTrailStatus (bucket policy, project, role).",
         (BEST_PRACTICE, MLPS_AUDIT)),
)
RULES_BY_ID = {rule.id: rule for rule in RULES}


def finding(rule_id: str, status: Status, resource: str, evidence: str) -> Finding:
    """A Finding of one catalogue rule, with the rule's own title, severity, fix and references."""
    rule = RULES_BY_ID[rule_id]
    return Finding(rule.id, rule.title, status, rule.severity, resource, evidence, rule.fix, rule.references)
