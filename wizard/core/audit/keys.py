"""The trail's KMS key rules: automatic rotation and deletion protection, on every key the trail uses."""

from __future__ import annotations

from wizard.core.audit.catalogue import finding
from wizard.core.audit.registry import check
from wizard.core.audit.subject import Subject
from wizard.core.derive.keys import keys_in_use
from wizard.core.findings import FAIL, PASS, SKIP, Finding


@check("AT-KMS-ROTATION")
def kms_rotation(s: Subject) -> Finding:
    keys = keys_in_use(s.settings, s.observed)
    if not keys:
        return finding("AT-KMS-ROTATION", SKIP, "", "the trail uses no customer key")
    bad = [k for k in keys if not k.rotation or (k.rotation_interval_days or 0) > 365]
    res = ", ".join(f"kms://{k.region}/{k.key_id}" for k in keys)
    if bad:
        return finding("AT-KMS-ROTATION", FAIL, res, "automatic rotation is off or longer than 365 days on "
                       + ", ".join(k.key_id for k in bad))
    return finding("AT-KMS-ROTATION", PASS, res, "automatic rotation is on")


@check("AT-KMS-DELETION-PROTECTION")
def kms_deletion_protection(s: Subject) -> Finding:
    keys = keys_in_use(s.settings, s.observed)
    if not keys:
        return finding("AT-KMS-DELETION-PROTECTION", SKIP, "", "the trail uses no customer key")
    bad = [k for k in keys if not k.deletion_protection]
    res = ", ".join(f"kms://{k.region}/{k.key_id}" for k in keys)
    if bad:
        return finding("AT-KMS-DELETION-PROTECTION", FAIL, res, "deletion protection is off on "
                       + ", ".join(k.key_id for k in bad))
    return finding("AT-KMS-DELETION-PROTECTION", PASS, res, "deletion protection is on")
