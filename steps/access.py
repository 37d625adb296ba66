"""Access: who may read the events (auditors) and who may administer ActionTrail (admins).

Its facts come from discovery: who holds ActionTrail admin rights today, and
which of them the admins answer leaves out (those become blocked items with
the exact detach command in the plan).
"""

from steps.question import Question, Step
from wizard.core.derive.holders import admin_holders
from wizard.core.validation import validate_policy_name, validate_principals


def _no_auditors(value):
    return None if value else "no one gets read-only access: auditors would need broader rights"


def _facts(observed, answers) -> tuple[str, ...]:
    if observed is None or not observed.account_id:
        return ()
    holders = admin_holders(observed)
    if not holders:
        return ("Today nobody but the account owner holds ActionTrail admin rights.",)
    lines = ["Today ActionTrail admin rights are held by " + ", ".join(f"{h.principal} ({h.policy})"
                                                                     for h in holders) + "."]
    admins = set(answers.get("access.admins") or ())
    extra = sorted({h.principal for h in holders if h.principal not in admins})
    if extra:
        lines.append("Not among the admins below, so the plan will show how to detach: " + ", ".join(extra) + ".")
    policy = observed.policy(answers.get("access.auditor_policy") or "")
    if policy is not None:
        lines.append(f"{policy.name} exists, attached to " + (", ".join(policy.attached_to) or "no one") + ".")
    return tuple(lines)


STEP = Step(
    name="access",
    title="Access",
    intro="Auditors get a read-only policy limited to this trail's events. Anyone else holding ActionTrail "
    "admin rights is reported; the wizard never detaches a policy itself.",
    questions=(
        Question("access.auditor_policy", "Auditor policy name", "RAM policy name, 1-128 of A-Z a-z 0-9 -.", "text",
                 "ActionTrailAuditorReadOnly", validator=validate_policy_name),
        Question("access.auditors", "Auditors", "Comma-separated user:NAME, group:NAME or role:NAME.", "list", [],
                 validator=validate_principals, warn=_no_auditors, suggest="principals"),
        Question("access.admins", "ActionTrail admins", "Who may hold ActionTrail admin rights (same format).",
                 "list", [], validator=validate_principals, suggest="principals"),
    ),
    facts=_facts,
)
