"""Every read API the wizard makes, as data: one list for discovery's code, its docs and the operator policy.

`wizard/cloud/reads.Reader` refuses a read that is not listed here, so this
list cannot drift from what discovery really calls; the operator policy grants
exactly these (policy --mode plan is this list and `verify`'s calls, core/delivery.verify_calls).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadApi:
    service: str  # sts | actiontrail | oss | sls | kms | ram
    api: str
    why: str


DISCOVERY_READS: tuple[ReadApi, ...] = (
    ReadApi("sts", "GetCallerIdentity", "the account the credentials belong to"),
    ReadApi("actiontrail", "DescribeTrails", "the trails of the home region"),
    ReadApi("actiontrail", "GetTrailStatus", "whether the trail is logging, its last delivery error"),
    ReadApi("actiontrail", "ListDeliveryHistoryJobs", "whether the trail ever had its history delivered (backfill)"),
    ReadApi("oss", "GetBucketInfo", "the bucket exists, its region and ACL"),
    ReadApi("oss", "GetBucketAcl", "the bucket's ACL"),
    ReadApi("oss", "GetBucketPublicAccessBlock", "public access is blocked"),
    ReadApi("oss", "GetBucketPolicy", "the bucket policy denies plain HTTP"),
    ReadApi("oss", "GetBucketEncryption", "SSE-KMS and its key"),
    ReadApi("oss", "GetBucketWorm", "the WORM retention and its state"),
    ReadApi("oss", "GetBucketVersioning", "versioning (WORM refuses a versioned bucket)"),
    ReadApi("oss", "GetBucketLogging", "access logging"),
    ReadApi("oss", "ListObjectsV2", "the approved-settings records under actiontrail-wizard/approved-settings/<trail>/, "
            "and the latest apply-lock record (actiontrail-wizard/apply-lock/): did another apply run since"),
    ReadApi("oss", "GetObject", "the latest approved-settings record; at apply, the latest apply-lock record (who "
            "holds the lock, since when)"),
    ReadApi("sls", "GetProject", "the project exists and its region"),
    ReadApi("sls", "ListAlerts", "the sensitive-event alerts and whether they are enabled"),
    ReadApi("sls", "GetLogStore", "the Logstore's TTL and encryption"),
    ReadApi("sls", "GetResourceRecord", "the alerts' action policy and its recipients (enabled, the configured "
            "addresses)"),
    ReadApi("sls", "GetLogsV2", "the latest approved-settings record (Log Service only: actiontrail-wizard-approvals)"),
    ReadApi("kms", "DescribeKey", "the key's state, rotation and deletion protection"),
    ReadApi("kms", "ListAliasesByKeyId", "the key's aliases (how a re-run finds the wizard's key)"),
    ReadApi("kms", "ListKeys", "keys the wizard created but never named (an interrupted or raced run's)"),
    ReadApi("kms", "ListResourceTags", "the wizard's tags on a key no alias names"),
    ReadApi("kms", "ListAliases", "which keys have an alias"),
    ReadApi("ram", "GetRole", "the ActionTrail service-linked role exists"),
    ReadApi("ram", "ListUsers", "users, to check auditors and admins exist"),
    ReadApi("ram", "ListGroups", "groups, to check auditors and admins exist"),
    ReadApi("ram", "ListRoles", "roles, to check auditors and admins exist"),
    ReadApi("ram", "ListPolicies", "the custom policies to lint"),
    ReadApi("ram", "GetPolicy", "a custom policy's default document"),
    ReadApi("ram", "ListEntitiesForPolicy", "who holds an admin, auditor or trail-touching policy"),
    ReadApi("ram", "ListUsersForGroup", "who is in the admin group (access.admin_users hold their rights through it) "
            "and in any group holding a policy that can change the trail"),
    ReadApi("resourcemanager", "GetResourceDirectory", "an organization trail: the account's Resource Directory"),
    ReadApi("resourcemanager", "ListDelegatedAdministrators", "an organization trail: ActionTrail's delegated "
            "administrators"),
)

# Reads of the interactive wizard's steps: what the account has, offered as choices (cloud/inventory.py).
WIZARD_READS: tuple[ReadApi, ...] = (
    ReadApi("oss", "ListBuckets", "the home region's buckets, offered for the archive"),
    ReadApi("sls", "ListProject", "the home region's projects, offered for delivery"),
    ReadApi("kms", "ListAliases", "the home region's keys, offered for encryption"),
)

# Reads apply makes besides discovery: finding a key an interrupted run created but never named (cloud/apply/calls/kms.py).
RESUME_READS: tuple[ReadApi, ...] = (
    ReadApi("kms", "ListAliasesByKeyId", "whether that key got its alias"),
    ReadApi("kms", "DescribeKey", "that key's state"),
    ReadApi("actiontrail", "GetDeliveryHistoryJob", "the history backfill's progress"),
)

READ_APIS: frozenset[tuple[str, str]] = frozenset((r.service, r.api)
                                                  for r in DISCOVERY_READS + RESUME_READS + WIZARD_READS)
