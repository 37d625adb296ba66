"""What one evaluation judges: the settings, the observed account, and the resources the rules share.

Also what an audit without settings judges a trail against (the best practice; on an
account with no trail, the wizard's own defaults, which archive to OSS and deliver to
Log Service), and the early answers every area shares: "skip" when the settings ask for
no such destination, "unknown" when it could not be read, "fail" when it does not exist.
Without settings (`intent` False) nobody approved who may administer or audit: the
rules that need that say "unknown", never fail the current admins, never pass on nothing.
"""

from __future__ import annotations

from wizard.core.audit.catalogue import Override, finding
from wizard.core.derive.keys import designated_key
from wizard.core.derive.reads import read_error
from wizard.core.findings import FAIL, SKIP, UNKNOWN, Finding
from wizard.core.frameworks import Framework
from wizard.core.names import default_destination
from wizard.core.observed import BucketState, KeyState, LogstoreState, Observed, ProjectState, TrailState
from wizard.core.settings import OssSettings, Settings, SlsSettings, TrailSettings


def best_practice_settings_for(observed: Observed, trail: TrailState | None = None) -> Settings:
    """What an audit without a config judges a trail against (the first one found by default): best practice.

    With no trail at all, the wizard's defaults: both destinations, named after the account."""
    trail = trail or (observed.trails[0] if observed.trails else None)
    if trail is None:
        name = default_destination(observed.account_id or "<account id>")
        return Settings(region=observed.region, oss=OssSettings(bucket=name), sls=SlsSettings(project=name))
    return Settings(
        region=trail.home_region or observed.region,
        trail=TrailSettings(name=trail.name),
        oss=OssSettings(bucket=trail.oss_bucket, prefix=trail.oss_prefix or "") if trail.oss_bucket else None,
        sls=SlsSettings(project=trail.sls_project) if trail.sls_project else None,
    )


class Subject:
    """One evaluation: the settings, the observed account, and the resources the rules share."""

    def __init__(self, settings: Settings, observed: Observed, intent: bool = True):
        self.settings = settings
        self.observed = observed
        self.intent = intent  # someone approved these settings (not found in the account, not the wizard's defaults)
        self.trail: TrailState | None = observed.trail(settings.trail.name)
        self.defaulted = not intent and not observed.trails  # judged against the wizard's own defaults
        self.bucket: BucketState | None = observed.bucket(settings.oss.bucket) if settings.oss else None
        self.project: ProjectState | None = observed.project(settings.sls.project) if settings.sls else None
        self.logstore: LogstoreState | None = self.project.logstore(settings.logstore_name) if self.project else None
        self.key: KeyState | None = designated_key(settings, observed)
        self.trail_res = f"actiontrail://{settings.region}/{settings.trail.name}"
        self.bucket_res = f"oss://{settings.oss.bucket}" if settings.oss else ""
        self.store_res = f"sls://{settings.sls.project}/{settings.logstore_name}" if settings.sls else ""

    def read_error(self, *needles: str) -> str | None:
        return read_error(self.observed, *needles)

    @property
    def asked_by(self) -> str:
        return "the settings" if self.intent else "the trail's own configuration"

    def needs_trail(self, rule: str) -> Finding | None:
        if self.trail is None:
            return finding(rule, SKIP, self.trail_res, "no trail to check")
        return None

    def needs_bucket(self, rule: str, read: str) -> Finding | None:
        if self.settings.oss is None:
            return finding(rule, SKIP, "", f"no OSS archive in {self.asked_by}")
        if self.observed.held_elsewhere(self.bucket_res):
            return finding(rule, FAIL, self.bucket_res, f"bucket {self.settings.oss.bucket} belongs to another "
                           "Alibaba Cloud account (bucket names are global)")
        error = self.read_error(f"{read} {self.settings.oss.bucket}", "ListBuckets")
        if error:
            return finding(rule, UNKNOWN, self.bucket_res, error)
        if self.bucket is None:
            if self.defaulted:
                return finding(rule, FAIL, self.bucket_res, "no trail archives the events to OSS (the best "
                               f"practice's archive: {self.bucket_res})")
            return finding(rule, FAIL, self.bucket_res, f"bucket {self.settings.oss.bucket} does not exist")
        return None

    def needs_logstore(self, rule: str, absent: dict[Framework, Override] | None = None) -> Finding | None:
        """`absent`: the verdicts of frameworks that require a Logstore when the settings deliver to none."""
        if self.settings.sls is None:
            return finding(rule, SKIP, "", f"no Log Service delivery in {self.asked_by}", absent)
        if self.observed.held_elsewhere(f"sls://{self.settings.sls.project}"):
            return finding(rule, FAIL, self.store_res, f"project {self.settings.sls.project} belongs to another "
                           "Alibaba Cloud account (project names are global)")
        error = self.read_error(f"GetLogStore {self.settings.sls.project}", "ListProject",
                                f"GetProject {self.settings.sls.project}")
        if error:
            return finding(rule, UNKNOWN, self.store_res, error)
        if self.logstore is None:
            if self.defaulted:
                return finding(rule, FAIL, self.store_res, "no trail delivers the events to Log Service (the best "
                               f"practice's Logstore: {self.store_res})")
            return finding(rule, FAIL, self.store_res, f"Logstore {self.settings.logstore_name} does not exist")
        return None
