"""The trail's KMS key rules: automatic rotation and deletion protection, on every key the trail uses.

"skip" only when the settings ask for no customer key at all; a key they ask for that
does not exist (or could not be read) fails (or is unknown), it is never skipped.
"""

from __future__ import annotations

from wizard.core.audit.catalogue import finding
from wizard.core.audit.registry import check
from wizard.core.audit.subject import Subject
from wizard.core.derive.keys import key_reference, keys_in_use, wanted_key_ref
from wizard.core.findings import FAIL, PASS, SKIP, UNKNOWN, Finding
from wizard.core.observed import KeyState


def _keys_or_finding(rule: str, s: Subject) -> list[KeyState] | Finding:
    keys = keys_in_use(s.settings, s.observed)
    if keys:
        return keys
    if wanted_key_ref(s.settings) is None:
        return finding(rule, SKIP, "", "the trail uses no customer key")
    reference = key_reference(s.settings)
    error = s.read_error(reference, "ListKeys", "DescribeKey")
    if error:
        return finding(rule, UNKNOWN, f"kms://{s.settings.region}/{reference}", error)
    return finding(rule, FAIL, f"kms://{s.settings.region}/{reference}", f"the trail's customer key {reference} does "
                   "not exist")


@check("AT-KMS-ROTATION")
def kms_rotation(s: Subject) -> Finding:
    keys = _keys_or_finding("AT-KMS-ROTATION", s)
    if not isinstance(keys, list):
        return keys
    bad = [k for k in keys if not k.rotation or (k.rotation_interval_days or 0) > 365]
    res = ", ".join(f"kms://{k.region}/{k.key_id}" for k in keys)
    if bad:
        return finding("AT-KMS-ROTATION", FAIL, res, "automatic rotation is off or longer than 365 days on "
                       + ", ".join(k.key_id for k in bad))
    return finding("AT-KMS-ROTATION", PASS, res, "automatic rotation is on")


@check("AT-KMS-DELETION-PROTECTION")
def kms_deletion_protection(s: Subject) -> Finding:
    keys = _keys_or_finding("AT-KMS-DELETION-PROTECTION", s)
    if not isinstance(keys, list):
        return keys
    bad = [k for k in keys if not k.deletion_protection]
    res = ", ".join(f"kms://{k.region}/{k.key_id}" for k in keys)
    if bad:
        return finding("AT-KMS-DELETION-PROTECTION", FAIL, res, "deletion protection is off on "
                       + ", ".join(k.key_id for k in bad))
    return finding("AT-KMS-DELETION-PROTECTION", PASS, res, "deletion protection is on")
