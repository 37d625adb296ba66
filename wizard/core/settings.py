"""Settings: the desired state of an account's ActionTrail setup.

The dataclasses below are the public contract (TOML schema in README.md). The
rule for each field is in validation.py, reading and writing the TOML file in
settings_file.py: the steps, the CLI and the tests share one definition of "valid".
"""

from __future__ import annotations

from dataclasses import dataclass, field

MIN_RETENTION_DAYS = 180  # MLPS 2.0 / Cybersecurity Law: six months of logs
DEFAULT_RETENTION_DAYS = 365  # CIS Alibaba Cloud: 365 days of Logstore retention
SLS_TTL_FOREVER = 3650
MAX_RETENTION_DAYS = 25550  # OSS WORM upper bound (70 years)
MAX_TEXT = 1024  # longest value any text field accepts, so a 10 kB paste is a clean error
EVENT_RW_CHOICES = ("All", "Read", "Write")
SLS_ENCRYPTION_CHOICES = ("service", "cmk")


@dataclass(frozen=True)
class TrailSettings:
    name: str = "actiontrail-baseline"
    event_rw: str = "All"  # All | Read | Write
    trail_region: str = "All"  # "All" or one region id
    organization: bool = False


@dataclass(frozen=True)
class OssSettings:
    bucket: str
    prefix: str = "actiontrail"
    kms_key: str = "create"  # "create" | key id | "alias/<name>"
    retention_days: int = DEFAULT_RETENTION_DAYS
    lock: bool = True


@dataclass(frozen=True)
class SlsSettings:
    project: str
    encryption: str = "service"  # "service" | "cmk"
    kms_key: str = "create"  # only used with encryption = "cmk"
    ttl_days: int = DEFAULT_RETENTION_DAYS
    backfill: bool = True  # a new trail also delivers the last 90 days (CreateDeliveryHistoryJob)


@dataclass(frozen=True)
class AccessSettings:
    auditor_policy: str = "ActionTrailAuditorReadOnly"
    auditors: tuple[str, ...] = ()  # "user:NAME" | "group:NAME" | "role:NAME"
    admins: tuple[str, ...] = ()  # who may hold ActionTrail admin rights; groups or roles (CIS 1.16)
    admin_users: tuple[str, ...] = ()  # "user:NAME": administer through the first group of `admins`

    @property
    def admin_group(self) -> str | None:
        """The group approved admins hold their rights through: the first group of `admins`."""
        return next((p.partition(":")[2] for p in self.admins if p.startswith("group:")), None)


@dataclass(frozen=True)
class AlertSettings:
    enabled: bool = True
    notify: tuple[str, ...] = ()  # "email:ADDR" | "dingtalk:WEBHOOK"


@dataclass(frozen=True)
class Settings:
    region: str = "cn-hangzhou"
    trail: TrailSettings = field(default_factory=TrailSettings)
    oss: OssSettings | None = None
    sls: SlsSettings | None = None
    access: AccessSettings = field(default_factory=AccessSettings)
    alerts: AlertSettings = field(default_factory=AlertSettings)

    @property
    def logstore_name(self) -> str:
        """ActionTrail's fixed Logstore name for this trail."""
        from wizard.core.names import logstore_name

        return logstore_name(self.trail.name)
