"""Best-practice rules: (Settings, Observed) -> one Finding per rule id, in a stable order.

A rule never passes on missing data: a read that failed (Observed.read_errors)
makes the rules that depend on it fail with "could not read X: CODE". The access
rules (RAM and alerts) are in rules_access.py.
"""

from __future__ import annotations

from wizard.core.settings import MIN_RETENTION_DAYS, OssSettings, Settings, SlsSettings, TrailSettings
from wizard.core.findings import FAIL, PASS, RULES, SKIP, Finding, finding
from wizard.core.observed import BucketState, KeyState, Observed, TrailState
from wizard.core.planning.kms import designated_key, keys_in_use
from wizard.core.policies.documents import denies_insecure_transport
from wizard.core.audit.access import AccessChecks, read_error as _read_error


ACCOUNT_WIDE = ("AT-RAM-ADMINS", "AT-RAM-AUDITOR")  # judged once, not once per trail


def best_practice_settings_for(observed: Observed, trail: TrailState | None = None) -> Settings:
    """What an audit without a config judges a trail against (the first one found by default): best practice."""
    trail = trail or (observed.trails[0] if observed.trails else None)
    if trail is None:
        return Settings(region=observed.region)  # no destination to judge: those rules skip
    return Settings(
        region=trail.home_region or observed.region,
        trail=TrailSettings(name=trail.name),
        oss=OssSettings(bucket=trail.oss_bucket, prefix=trail.oss_prefix or "") if trail.oss_bucket else None,
        sls=SlsSettings(project=trail.sls_project) if trail.sls_project else None,
    )


class _Audit(AccessChecks):
    """One evaluation: the settings, the observed account, and the resources the rules share."""

    def __init__(self, settings: Settings, observed: Observed):
        self.settings = settings
        self.observed = observed
        self.trail: TrailState | None = observed.trail(settings.trail.name)
        self.bucket: BucketState | None = observed.bucket(settings.oss.bucket) if settings.oss else None
        project = observed.project(settings.sls.project) if settings.sls else None
        self.project = project
        self.logstore = project.logstore(settings.logstore_name) if project else None
        self.trail_res = f"actiontrail://{settings.region}/{settings.trail.name}"
        self.bucket_res = f"oss://{settings.oss.bucket}" if settings.oss else ""
        self.key = designated_key(settings, observed)
        self.store_res = f"sls://{settings.sls.project}/{settings.logstore_name}" if settings.sls else ""

    # -- trail -----------------------------------------------------------------
    def trail_exists(self) -> Finding:
        error = _read_error(self.observed, "DescribeTrails")
        if error:
            return finding("AT-TRAIL-EXISTS", FAIL, self.trail_res, error)
        if self.trail is None:
            return finding("AT-TRAIL-EXISTS", FAIL, self.trail_res, f"no trail named {self.settings.trail.name}")
        return finding("AT-TRAIL-EXISTS", PASS, self.trail_res, f"trail {self.trail.name} exists in "
                       f"{self.trail.home_region}")

    def _needs_trail(self, rule: str) -> Finding | None:
        if self.trail is None:
            return finding(rule, SKIP, self.trail_res, "no trail to check")
        return None

    def trail_logging(self) -> Finding:
        skipped = self._needs_trail("AT-TRAIL-LOGGING")
        if skipped:
            return skipped
        error = _read_error(self.observed, f"GetTrailStatus {self.trail.name}")
        if error:
            return finding("AT-TRAIL-LOGGING", FAIL, self.trail_res, error)
        if not self.trail.is_logging:
            return finding("AT-TRAIL-LOGGING", FAIL, self.trail_res, f"logging is off (status {self.trail.status})")
        return finding("AT-TRAIL-LOGGING", PASS, self.trail_res, "logging is on")

    def trail_all_regions(self) -> Finding:
        skipped = self._needs_trail("AT-TRAIL-ALL-REGIONS")
        if skipped:
            return skipped
        status = PASS if self.trail.trail_region == "All" else FAIL
        return finding("AT-TRAIL-ALL-REGIONS", status, self.trail_res, f"TrailRegion is {self.trail.trail_region}")

    def trail_all_events(self) -> Finding:
        skipped = self._needs_trail("AT-TRAIL-ALL-EVENTS")
        if skipped:
            return skipped
        status = PASS if self.trail.event_rw == "All" else FAIL
        return finding("AT-TRAIL-ALL-EVENTS", status, self.trail_res, f"EventRW is {self.trail.event_rw}")

    # -- bucket ----------------------------------------------------------------
    def _needs_bucket(self, rule: str, read: str) -> Finding | None:
        if self.settings.oss is None:
            return finding(rule, SKIP, "", "no OSS delivery in the settings")
        error = _read_error(self.observed, f"{read} {self.settings.oss.bucket}", "ListBuckets")
        if error:
            return finding(rule, FAIL, self.bucket_res, error)
        if self.bucket is None:
            return finding(rule, FAIL, self.bucket_res, f"bucket {self.settings.oss.bucket} does not exist")
        return None

    def oss_kms(self) -> Finding:
        early = self._needs_bucket("AT-OSS-KMS", "GetBucketEncryption")
        if early:
            return early
        bucket = self.bucket
        if bucket.sse_algorithm != "KMS":
            return finding("AT-OSS-KMS", FAIL, self.bucket_res,
                           f"server-side encryption is {bucket.sse_algorithm or 'off'}, not SSE-KMS")
        if not bucket.kms_key_id:
            return finding("AT-OSS-KMS", FAIL, self.bucket_res, "SSE-KMS uses the OSS-managed default key, not a "
                           "customer key")
        key = self.observed.key(bucket.kms_key_id)
        if key is None:
            error = _read_error(self.observed, bucket.kms_key_id, "ListKeys")
            return finding("AT-OSS-KMS", FAIL, self.bucket_res, error or f"key {bucket.kms_key_id} was not found")
        if key.state != "Enabled":
            return finding("AT-OSS-KMS", FAIL, self.bucket_res, f"key {key.key_id} is {key.state}")
        if key.region != bucket.region:
            return finding("AT-OSS-KMS", FAIL, self.bucket_res, f"key {key.key_id} is in {key.region}, the bucket in "
                           f"{bucket.region}")
        return finding("AT-OSS-KMS", PASS, self.bucket_res, f"SSE-KMS with enabled key {key.key_id}")

    def oss_worm(self) -> Finding:
        early = self._needs_bucket("AT-OSS-WORM", "GetBucketWorm")
        if early:
            return early
        worm = self.bucket.worm
        wanted = max(MIN_RETENTION_DAYS, self.settings.oss.retention_days)
        if worm is None:
            return finding("AT-OSS-WORM", FAIL, self.bucket_res, "no WORM retention policy")
        if worm.state != "Locked":
            return finding("AT-OSS-WORM", FAIL, self.bucket_res, f"WORM policy is {worm.state} "
                           f"({worm.retention_days} days), not locked")
        if worm.retention_days < wanted:
            return finding("AT-OSS-WORM", FAIL, self.bucket_res, f"locked WORM keeps {worm.retention_days} days; "
                           f"{wanted} are required")
        return finding("AT-OSS-WORM", PASS, self.bucket_res, f"WORM locked at {worm.retention_days} days")

    def oss_private(self) -> Finding:
        early = self._needs_bucket("AT-OSS-PRIVATE", "GetBucketAcl")
        if early:
            return early
        problems = []
        if self.bucket.acl != "private":
            problems.append(f"ACL is {self.bucket.acl}")
        if not self.bucket.public_access_block:
            problems.append("public access is not blocked")
        if problems:
            return finding("AT-OSS-PRIVATE", FAIL, self.bucket_res, "; ".join(problems))
        return finding("AT-OSS-PRIVATE", PASS, self.bucket_res, "ACL private, public access blocked")

    def oss_https_only(self) -> Finding:
        early = self._needs_bucket("AT-OSS-HTTPS-ONLY", "GetBucketPolicy")
        if early:
            return early
        if denies_insecure_transport(self.bucket.policy):
            return finding("AT-OSS-HTTPS-ONLY", PASS, self.bucket_res, "bucket policy denies non-HTTPS requests")
        what = "no bucket policy" if not self.bucket.policy else "the bucket policy allows plain HTTP"
        return finding("AT-OSS-HTTPS-ONLY", FAIL, self.bucket_res, what)

    def oss_access_logging(self) -> Finding:
        early = self._needs_bucket("AT-OSS-ACCESS-LOGGING", "GetBucketLogging")
        if early:
            return early
        if self.bucket.logging_target:
            return finding("AT-OSS-ACCESS-LOGGING", PASS, self.bucket_res,
                           f"access logs go to {self.bucket.logging_target}/{self.bucket.logging_prefix or ''}")
        return finding("AT-OSS-ACCESS-LOGGING", FAIL, self.bucket_res, "access logging is off")

    # -- logstore --------------------------------------------------------------
    def _needs_logstore(self, rule: str) -> Finding | None:
        if self.settings.sls is None:
            return finding(rule, SKIP, "", "no SLS delivery in the settings")
        error = _read_error(self.observed, f"GetLogStore {self.settings.sls.project}", "ListProject",
                            f"GetProject {self.settings.sls.project}")
        if error:
            return finding(rule, FAIL, self.store_res, error)
        if self.logstore is None:
            return finding(rule, FAIL, self.store_res, f"Logstore {self.settings.logstore_name} does not exist")
        return None

    def sls_encrypted(self) -> Finding:
        early = self._needs_logstore("AT-SLS-ENCRYPTED")
        if early:
            return early
        if not self.logstore.encrypted:
            return finding("AT-SLS-ENCRYPTED", FAIL, self.store_res, "encryption is off")
        if self.settings.sls.encryption == "cmk" and not self.logstore.cmk_key_id:
            return finding("AT-SLS-ENCRYPTED", FAIL, self.store_res, "encrypted with the service key, settings ask "
                           "for a customer key")
        key = f"customer key {self.logstore.cmk_key_id}" if self.logstore.cmk_key_id else "the service key"
        return finding("AT-SLS-ENCRYPTED", PASS, self.store_res, f"encrypted ({self.logstore.encrypt_type}) with {key}")

    def sls_ttl(self) -> Finding:
        early = self._needs_logstore("AT-SLS-TTL")
        if early:
            return early
        wanted = max(MIN_RETENTION_DAYS, self.settings.sls.ttl_days)
        status = PASS if self.logstore.ttl_days >= wanted else FAIL
        return finding("AT-SLS-TTL", status, self.store_res, f"TTL is {self.logstore.ttl_days} days"
                       + ("" if status == PASS else f"; {wanted} are required"))

    # -- keys ------------------------------------------------------------------
    def _keys(self) -> list[KeyState]:
        return keys_in_use(self.settings, self.observed)

    def kms_rotation(self) -> Finding:
        keys = self._keys()
        if not keys:
            return finding("AT-KMS-ROTATION", SKIP, "", "the trail uses no customer key")
        bad = [k for k in keys if not k.rotation or (k.rotation_interval_days or 0) > 365]
        res = ", ".join(f"kms://{k.region}/{k.key_id}" for k in keys)
        if bad:
            return finding("AT-KMS-ROTATION", FAIL, res, "automatic rotation is off or longer than 365 days on "
                           + ", ".join(k.key_id for k in bad))
        return finding("AT-KMS-ROTATION", PASS, res, "automatic rotation is on")

    def kms_deletion_protection(self) -> Finding:
        keys = self._keys()
        if not keys:
            return finding("AT-KMS-DELETION-PROTECTION", SKIP, "", "the trail uses no customer key")
        bad = [k for k in keys if not k.deletion_protection]
        res = ", ".join(f"kms://{k.region}/{k.key_id}" for k in keys)
        if bad:
            return finding("AT-KMS-DELETION-PROTECTION", FAIL, res, "deletion protection is off on "
                           + ", ".join(k.key_id for k in bad))
        return finding("AT-KMS-DELETION-PROTECTION", PASS, res, "deletion protection is on")

    def delivery(self) -> Finding:
        skipped = self._needs_trail("AT-DELIVERY")
        if skipped:
            return skipped
        errors = [e for e in (self.trail.oss_delivery_error, self.trail.sls_delivery_error) if e]
        if errors:
            return finding("AT-DELIVERY", FAIL, self.trail_res, "latest delivery error: " + "; ".join(errors))
        return finding("AT-DELIVERY", PASS, self.trail_res, "no delivery error")


_CHECKS = {
    "AT-TRAIL-EXISTS": _Audit.trail_exists, "AT-TRAIL-LOGGING": _Audit.trail_logging,
    "AT-TRAIL-ALL-REGIONS": _Audit.trail_all_regions, "AT-TRAIL-ALL-EVENTS": _Audit.trail_all_events,
    "AT-OSS-KMS": _Audit.oss_kms, "AT-OSS-WORM": _Audit.oss_worm, "AT-OSS-PRIVATE": _Audit.oss_private,
    "AT-OSS-HTTPS-ONLY": _Audit.oss_https_only, "AT-OSS-ACCESS-LOGGING": _Audit.oss_access_logging,
    "AT-SLS-ENCRYPTED": _Audit.sls_encrypted, "AT-SLS-TTL": _Audit.sls_ttl, "AT-KMS-ROTATION": _Audit.kms_rotation,
    "AT-KMS-DELETION-PROTECTION": _Audit.kms_deletion_protection, "AT-RAM-ADMINS": _Audit.ram_admins,
    "AT-RAM-AUDITOR": _Audit.ram_auditor, "AT-ALERTS": _Audit.alerts, "AT-DELIVERY": _Audit.delivery,
}
assert set(_CHECKS) == {rule.id for rule in RULES}


def evaluate(settings: Settings | None, observed: Observed) -> list[Finding]:
    """One Finding per rule, in catalogue order; without settings, every trail found is judged at best practice
    (its rules once per trail, the account-wide ones once)."""
    if settings is not None or len(observed.trails) <= 1:
        audit = _Audit(settings or best_practice_settings_for(observed), observed)
        return [_CHECKS[rule.id](audit) for rule in RULES]
    audits = [_Audit(best_practice_settings_for(observed, trail), observed) for trail in observed.trails]
    return [_CHECKS[rule.id](audit) for rule in RULES
            for audit in (audits[:1] if rule.id in ACCOUNT_WIDE else audits)]


def failing(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.status == FAIL]
