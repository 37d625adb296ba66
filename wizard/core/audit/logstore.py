"""The trail's Logstore rules: encrypted, and keeping events long enough."""

from __future__ import annotations

from wizard.core.audit.catalogue import finding
from wizard.core.audit.registry import check
from wizard.core.audit.subject import Subject
from wizard.core.findings import FAIL, PASS, Finding
from wizard.core.settings import MIN_RETENTION_DAYS


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


@check("AT-SLS-TTL")
def sls_ttl(s: Subject) -> Finding:
    early = s.needs_logstore("AT-SLS-TTL")
    if early:
        return early
    wanted = max(MIN_RETENTION_DAYS, s.settings.sls.ttl_days)
    status = PASS if s.logstore.ttl_days >= wanted else FAIL
    return finding("AT-SLS-TTL", status, s.store_res, f"TTL is {s.logstore.ttl_days} days"
                   + ("" if status == PASS else f"; {wanted} are required"))
