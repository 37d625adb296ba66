"""The access rules: who holds ActionTrail admin rights (AT-RAM-ADMINS), and the auditors' read-only policy.

Who *should* administer or audit is intent: it comes from approved settings. Without
them these rules say "unknown" (what the account shows, and that nobody approved it);
they never fail the current admins and never pass on an empty set of auditors. CIS
1.15 (no *:* policy) needs no intent and is judged either way.
"""

from __future__ import annotations

from wizard.core.audit.catalogue import finding
from wizard.core.audit.registry import check
from wizard.core.audit.subject import Subject
from wizard.core.derive.holders import admin_holders, approved_admins, broad_holders, can_phrase, full_admin_holders
from wizard.core.findings import FAIL, PASS, UNKNOWN, Finding
from wizard.core.frameworks import Framework
from wizard.core.policies.documents import auditor_policy, policy_json, same_document
from wizard.core.policies.narrower import grants_anything, grants_within

NO_APPROVAL = "unknown: no approved settings"


def _cis_1_15(s: Subject) -> tuple:
    star = full_admin_holders(s.observed)
    if not star:
        return PASS, "no custom policy allowing *:* is attached"
    return FAIL, "CIS 1.15: " + "; ".join(f"{h.policy} allows *:* and is attached to {h.principal}" for h in star)


@check("AT-RAM-ADMINS")
def ram_admins(s: Subject) -> Finding:
    error = s.read_error("ListPolicies", "ListEntitiesForPolicy")
    if error:
        return finding("AT-RAM-ADMINS", UNKNOWN, "ram://", error)
    admins = admin_holders(s.observed)
    broad = broad_holders(s.settings, s.observed)
    held = ", ".join(f"{h.principal} ({h.policy})" for h in admins) or "nobody but the account owner"
    cis = {Framework.CIS: _cis_1_15(s)}
    if not s.intent:  # who should hold them is a decision: never fail the admins there are, never pass on some
        if not admins + broad:
            return finding("AT-RAM-ADMINS", PASS, "ram://", f"ActionTrail admin rights held by {held}", cis)
        also = "; trail-touching policies failing the lint are held by " + ", ".join(
            sorted({f"{h.principal} ({h.policy})" for h in broad})) if broad else ""
        return finding("AT-RAM-ADMINS", UNKNOWN, "ram://", f"{NO_APPROVAL} say who should hold ActionTrail admin "
                       f"rights; they are held by {held}{also}", cis)
    allowed = approved_admins(s.settings)
    extra = [h for h in admins + broad if h.principal not in allowed]
    if extra:
        found = "; ".join(f"{h.principal} holds {h.policy}" + (f" (fails the lint: {'; '.join(h.problems)})"
                                                                if h.problems else f" ({can_phrase(h)})")
                          for h in extra)
        return finding("AT-RAM-ADMINS", FAIL, "ram://", f"not approved in access.admins: {found}. ActionTrail admin "
                       f"rights are held by {held}", cis)
    evidence = f"ActionTrail admin rights held by {held}"
    if broad:
        evidence += "; trail-touching policies failing the lint are held only by access.admins: " + \
            ", ".join(sorted({h.policy for h in broad}))
    return finding("AT-RAM-ADMINS", PASS, "ram://", evidence, cis)


@check("AT-RAM-AUDITOR")
def ram_auditor(s: Subject) -> Finding:
    name = s.settings.access.auditor_policy
    res = f"ram://policy/{name}"
    error = s.read_error(f"GetPolicy {name}", "ListPolicies", f"ListEntitiesForPolicy {name}")
    if error:
        return finding("AT-RAM-AUDITOR", UNKNOWN, res, error)
    auditors = s.settings.access.auditors
    if s.intent and not auditors:
        return finding("AT-RAM-AUDITOR", FAIL, res, "access.auditors names no auditor: nobody has read-only access "
                       "to the events, so auditing needs broader rights (MLPS 2.0 8.1.5.2 asks for a separate "
                       "audit administrator)")
    policy = s.observed.policy(name)
    key_arn = s.key.arn if s.key else None
    wanted = policy_json(auditor_policy(s.settings, s.observed.account_id, key_arn))
    problem = None
    narrower = False
    if policy is None:
        problem = f"policy {name} does not exist"
    elif not same_document(policy.document, wanted):
        narrower = grants_within(policy.document, wanted)  # narrowed by hand: kept, and compliant
        if narrower and not grants_anything(policy.document):
            problem = f"policy {name} grants nothing: auditors cannot read the events"
        elif not narrower:
            problem = f"policy {name} differs from the least-privilege document"
    if problem and (s.intent or policy is not None):  # a wider document fails whoever approved what
        return finding("AT-RAM-AUDITOR", FAIL, res, problem)
    if not s.intent:  # who audits is a decision: an attached least-privilege policy is not proof of it
        who = ", ".join(policy.attached_to) if policy and policy.attached_to else "no one"
        state = problem or f"policy {name} is least-privilege and attached to {who}"
        return finding("AT-RAM-AUDITOR", UNKNOWN, res, f"{NO_APPROVAL} name the auditors; {state}")
    missing = [p for p in auditors if p not in policy.attached_to]
    if missing:
        return finding("AT-RAM-AUDITOR", FAIL, res, "not attached to " + ", ".join(missing))
    shape = "; it grants less than the least-privilege document (kept)" if narrower else ""
    return finding("AT-RAM-AUDITOR", PASS, res, f"attached to {len(auditors)} auditor(s): {', '.join(auditors)}"
                   f"{shape}")
