"""Observed: frozen records of an account, as read-only discovery saw it.

Discovery (wizard/cloud/discover/) builds these from SDK responses; rules
and the planner only ever read them.  Tests build them by hand.  Everything is
plain data: no SDK types leak in here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wizard.core.approval import Approval, ApprovalState
from wizard.core.history import HistoryJob


@dataclass(frozen=True)
class TrailState:
    name: str
    home_region: str
    trail_region: str = "All"  # "All" or a region id
    event_rw: str = "All"  # All | Read | Write
    status: str = "Enable"  # Fresh (never started) | Enable | Disable, as DescribeTrails says
    is_logging: bool = True  # GetTrailStatus.IsLogging
    oss_bucket: str | None = None
    oss_prefix: str | None = None
    sls_project: str | None = None  # project name parsed from SlsProjectArn
    sls_write_role_arn: str | None = None
    organization: bool = False
    oss_delivery_error: str | None = None  # GetTrailStatus.LatestDeliveryError / OssDeliveryError
    sls_delivery_error: str | None = None
    oss_delivered_at: str | None = None  # GetTrailStatus.LatestDeliveryTime: None, never delivered to OSS
    sls_delivered_at: str | None = None  # GetTrailStatus.LatestDeliveryLogServiceTime


@dataclass(frozen=True)
class WormState:
    worm_id: str
    state: str  # InProgress | Locked: the only documented states (a policy left unlocked for 24 h is gone)
    retention_days: int
    created: str = ""  # GetBucketWorm CreationDate, "YYYY-MM-DDTHH:MM:SS" (UTC): an InProgress policy lapses 24 h later


@dataclass(frozen=True)
class BucketState:
    name: str
    region: str
    acl: str = "private"  # private | public-read | public-read-write
    public_access_block: bool = False
    policy: str | None = None  # bucket policy JSON text, None when absent
    sse_algorithm: str | None = None  # KMS | AES256 | SM4 | None
    kms_key_id: str | None = None
    worm: WormState | None = None
    versioning: str | None = None  # Enabled | Suspended | None (never enabled)
    logging_target: str | None = None  # target bucket of access logging
    logging_prefix: str | None = None
    apply_seq: int = 0  # the latest apply-lock record in it (cloud/apply/account_lock.py); 0 when there is none


@dataclass(frozen=True)
class LogstoreState:
    name: str
    ttl_days: int
    encrypted: bool = False
    encrypt_type: str | None = None  # default | aes_gcm | sm4_gcm ...
    cmk_key_id: str | None = None  # user CMK, None for the service key
    # Every other setting GetLogStore showed, by its UpdateLogStore name (shardCount, autoSplit, maxSplitShard,
    # appendMeta, enable_tracking, hot_ttl, infrequentAccessTTL, mode, telemetryType): UpdateLogStore replaces
    # the whole setting, so a TTL fix sends them back as they are.
    settings: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class ProjectState:
    name: str
    region: str
    logstores: tuple[LogstoreState, ...] = ()

    def logstore(self, name: str) -> LogstoreState | None:
        return next((ls for ls in self.logstores if ls.name == name), None)


@dataclass(frozen=True)
class KeyState:
    key_id: str
    region: str
    arn: str = ""
    state: str = "Enabled"  # Enabled | Disabled | PendingDeletion | PendingImport
    rotation: bool = False  # AutomaticRotation == "Enabled"
    rotation_interval_days: int | None = None
    deletion_protection: bool = False
    aliases: tuple[str, ...] = ()  # "alias/<name>"
    tags: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PolicyState:
    name: str
    policy_type: str  # System | Custom
    document: str = ""  # default version's JSON text
    default_version: str = "v1"
    attached_to: tuple[str, ...] = ()  # "user:NAME" | "group:NAME" | "role:NAME"


@dataclass(frozen=True)
class AlertState:
    project: str
    name: str
    enabled: bool = True
    display_name: str = ""
    query: str = ""
    action_policy: str = ""  # configuration.policyConfiguration.actionPolicyId: who is notified


@dataclass(frozen=True)
class Inventory:
    """What already exists in the home region, offered as choices by the wizard's steps (never required)."""

    buckets: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    key_aliases: tuple[str, ...] = ()  # "alias/<name>" of the region's KMS keys


@dataclass(frozen=True)
class OrganizationState:
    """The account's place in a Resource Directory; read only when the settings ask for an organization trail."""

    directory_id: str = ""  # GetResourceDirectory; "" when the account is in no Resource Directory
    management_account_id: str = ""
    delegated_admins: tuple[str, ...] = ()  # ListDelegatedAdministrators for actiontrail.aliyuncs.com
    error: str = ""  # "<API>: <code>" of a read that failed, so the account's role may be unknown

    def role(self, account_id: str) -> str:
        """management | delegated-admin | member | none | unknown (a read failed and the answer depends on it)."""
        if self.error.startswith("GetResourceDirectory"):
            return "unknown"
        if not self.directory_id:
            return "none"
        if account_id and account_id == self.management_account_id:
            return "management"
        if account_id in self.delegated_admins:
            return "delegated-admin"
        return "unknown" if self.error else "member"


REFUSED_BY_RAM = "RAM refused "


@dataclass(frozen=True)
class FailedRead:
    """A read that failed: becomes a finding, never a crash."""

    what: str  # e.g. "oss:GetBucketPolicy acme-actiontrail"
    code: str  # e.g. "AccessDenied"
    message: str = ""  # for a call RAM refused: REFUSED_BY_RAM + who, which action, on what

    @property
    def refused_by_ram(self) -> bool:
        return self.message.startswith(REFUSED_BY_RAM)


@dataclass(frozen=True)
class Observed:
    account_id: str = ""
    region: str = "cn-hangzhou"
    trails: tuple[TrailState, ...] = ()
    buckets: tuple[BucketState, ...] = ()
    projects: tuple[ProjectState, ...] = ()
    keys: tuple[KeyState, ...] = ()
    policies: tuple[PolicyState, ...] = ()
    alerts: tuple[AlertState, ...] = ()
    service_linked_role: bool = False  # AliyunServiceRoleForActionTrail exists
    principals: tuple[str, ...] = ()  # known RAM users/groups/roles, "user:NAME" ...
    organization: OrganizationState | None = None  # None: not read (the settings ask for no organization trail)
    read_errors: tuple[FailedRead, ...] = field(default=())
    action_policies: tuple[tuple[str, str], ...] = ()  # SLS alert action policies: (id, primary_policy_script)
    history_jobs: tuple[HistoryJob, ...] | None = None  # ListDeliveryHistoryJobs; None: not read (or unreadable)
    unnamed_keys: tuple[KeyState, ...] = ()  # keys the wizard created for this trail (its tags) that have no alias
    approvals: tuple[tuple[str, ApprovalState], ...] = ()  # (trail, what the account remembers); absent: not read
    taken: tuple[str, ...] = ()  # "oss://<bucket>", "sls://<project>": global names another account holds
    resource_records: tuple[tuple[str, str, str], ...] = ()  # alert recipients read: (resource, record id, value JSON)
    # (group, its user names), for the groups read: the admin group, and every group holding a trail-changing policy
    group_members: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def held_elsewhere(self, resource: str) -> bool:
        """Another account holds this bucket or project name (names are global): it exists, and it is not ours."""
        return resource in self.taken

    def record(self, resource: str, record_id: str) -> str | None:
        """The value (JSON text) of an SLS resource record, None when it does not exist."""
        return next((value for kind, found, value in self.resource_records if (kind, found) == (resource, record_id)),
                    None)

    def members(self, group: str) -> tuple[str, ...] | None:
        """The user names in a group, None when its members were not read (or it does not exist)."""
        return next((users for name, users in self.group_members if name == group), None)

    def approval_for(self, trail: str) -> ApprovalState | None:
        """What the account remembers of the approved settings of this trail; None when it was not read."""
        return next((state for name, state in self.approvals if name == trail), None)

    def latest_approval(self) -> Approval | None:
        """The latest approval recorded for any trail of the account (by its time)."""
        found = [state.latest for _, state in self.approvals if state.latest is not None]
        return max(found, key=lambda a: a.approved_at, default=None)

    def action_policy(self, policy_id: str) -> str | None:
        """The script of an SLS alert action policy, None when it does not exist."""
        return next((script for found, script in self.action_policies if found == policy_id), None)

    def trail(self, name: str) -> TrailState | None:
        return next((t for t in self.trails if t.name == name), None)

    def bucket(self, name: str) -> BucketState | None:
        return next((b for b in self.buckets if b.name == name), None)

    def project(self, name: str) -> ProjectState | None:
        return next((p for p in self.projects if p.name == name), None)

    def key(self, ref: str) -> KeyState | None:
        """A key by id, ARN or "alias/<name>"."""
        for key in self.keys:
            if ref in (key.key_id, key.arn) or ref in key.aliases:
                return key
        return None

    def policy(self, name: str) -> PolicyState | None:
        return next((p for p in self.policies if p.name == name), None)
