"""The trail's Logstore rules: encrypted, and keeping events long enough under each framework's threshold."""

from __future__ import annotations

from wizard.core.audit.catalogue import finding
from wizard.core.audit.registry import check
from wizard.core.audit.subject import Subject
from wizard.core.findings import FAIL, PASS, SKIP, Finding
from wizard.core.frameworks import CIS_RETENTION_DAYS, MLPS_RETENTION_DAYS, Framework
from wizard.core.settings import MIN_RETENTION_DAYS

NO_LOGSTORE_CIS = (FAIL, "CIS Alibaba Cloud 2.23 asks a Logstore keeping the trail's events 365 days: deliver the "
                   "trail to Log Service")


@check("AT-SLS-ENCRYPTED")
def sls_encrypted(s: Subject) -> Finding:
    early = s.needs_logstore("AT-SLS-ENCRYPTED")
    if early:
        return early
    if not s.logstore.encrypted:
        return finding("AT-SLS-ENCRYPTED", FAIL, s.store_res, "encryption is off")
    if s.settings.sls.encryption == "cmk" and not s.logstore.cmk_key_id:
        return finding("AT-SLS-ENCRYPTED", FAIL, s.store_res, "encrypted with the service key, settings ask "
                       "for a customer key")
    key = f"customer key {s.logstore.cmk_key_id}" if s.logstore.cmk_key_id else "the service key"
    return finding("AT-SLS-ENCRYPTED", PASS, s.store_res, f"encrypted ({s.logstore.encrypt_type}) with {key}")


def _at_least(days: int, wanted: int, who: str) -> tuple:
    return (PASS, "") if days >= wanted else (FAIL, f"{who} asks {wanted} days")


@check("AT-SLS-TTL")
def sls_ttl(s: Subject) -> Finding:
    """The settings' days (at least 180) for the best practice, 180 for MLPS 2.0, 365 for CIS 2.23."""
    mlps_without = (SKIP, "the OSS archive's WORM retention keeps the events (AT-OSS-WORM)") if s.settings.oss else \
        (FAIL, "MLPS 2.0 asks 180 days of audit records: no OSS archive and no Logstore keeps them")
    early = s.needs_logstore("AT-SLS-TTL", {Framework.CIS: NO_LOGSTORE_CIS, Framework.MLPS: mlps_without})
    if early:
        return early
    days = s.logstore.ttl_days
    wanted = max(MIN_RETENTION_DAYS, s.settings.sls.ttl_days)
    by = {Framework.MLPS: _at_least(days, MLPS_RETENTION_DAYS, "MLPS 2.0"),
          Framework.CIS: _at_least(days, CIS_RETENTION_DAYS, "CIS Alibaba Cloud 2.23")}
    status = PASS if days >= wanted else FAIL
    evidence = f"TTL is {days} days" + ("" if status == PASS else f"; {s.asked_by} ask {wanted}")
    return finding("AT-SLS-TTL", status, s.store_res, evidence, by)
