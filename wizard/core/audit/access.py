"""The access rules: who holds ActionTrail admin rights (AT-RAM-ADMINS), and the auditors' read-only policy."""

from __future__ import annotations

from wizard.core.audit.catalogue import finding
from wizard.core.audit.registry import check
from wizard.core.audit.subject import Subject
from wizard.core.derive.holders import admin_holders, broad_holders, can_phrase
from wizard.core.findings import FAIL, PASS, UNKNOWN, Finding

NO_APPROVAL = "unknown: no approved settings"
from wizard.core.policies.documents import auditor_policy, policy_json, same_document


@check("AT-RAM-ADMINS")
def ram_admins(s: Subject) -> Finding:
    error = s.read_error("ListPolicies", "ListEntitiesForPolicy")
    if error:
        return finding("AT-RAM-ADMINS", FAIL, "ram://", error)
    allowed = set(s.settings.access.admins)
    admins = admin_holders(s.observed)
    broad = broad_holders(s.settings, s.observed)
    held = ", ".join(f"{h.principal} ({h.policy})" for h in admins) or "nobody but the account owner"
    if not s.intent_known:  # who should hold them is a decision: never fail the admins there are, never pass
        also = "; trail-touching policies failing the lint are held by " + ", ".join(
            sorted({f"{h.principal} ({h.policy})" for h in broad})) if broad else ""
        return finding("AT-RAM-ADMINS", UNKNOWN, "ram://", f"{NO_APPROVAL} say who should hold ActionTrail admin "
                       f"rights; they are held by {held}{also}")
    extra = [h for h in admins + broad if h.principal not in allowed]
    if extra:
        found = "; ".join(f"{h.principal} holds {h.policy}" + (f" (fails the lint: {'; '.join(h.problems)})"
                                                                if h.problems else f" ({can_phrase(h)})")
                          for h in extra)
        return finding("AT-RAM-ADMINS", FAIL, "ram://", f"not in access.admins: {found}. ActionTrail admin "
                       f"rights are held by {held}")
    evidence = f"ActionTrail admin rights held by {held}"
    if broad:
        evidence += "; trail-touching policies failing the lint are held only by access.admins: " + \
            ", ".join(sorted({h.policy for h in broad}))
    return finding("AT-RAM-ADMINS", PASS, "ram://", evidence)


@check("AT-RAM-AUDITOR")
def ram_auditor(s: Subject) -> Finding:
    name = s.settings.access.auditor_policy
    res = f"ram://policy/{name}"
    error = s.read_error(f"GetPolicy {name}", "ListPolicies")
    if error:
        return finding("AT-RAM-AUDITOR", FAIL, res, error)
    policy = s.observed.policy(name)
    if policy is None:
        return finding("AT-RAM-AUDITOR", FAIL, res, f"policy {name} does not exist")
    key_arn = s.key.arn if s.key else None
    wanted = policy_json(auditor_policy(s.settings, s.observed.account_id, key_arn))
    if not same_document(policy.document, wanted):
        return finding("AT-RAM-AUDITOR", FAIL, res, f"policy {name} differs from the least-privilege document")
    if not s.intent_known:
        who = ", ".join(policy.attached_to) or "no one"
        return finding("AT-RAM-AUDITOR", UNKNOWN, res, f"{NO_APPROVAL} name the auditors; policy {name} is "
                       f"least-privilege and attached to {who}")
    missing = [p for p in s.settings.access.auditors if p not in policy.attached_to]
    if missing:
        return finding("AT-RAM-AUDITOR", FAIL, res, "not attached to " + ", ".join(missing))
    return finding("AT-RAM-AUDITOR", PASS, res, f"attached to {len(s.settings.access.auditors)} auditor(s)")
