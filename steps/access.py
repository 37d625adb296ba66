"""Access: who may read the events (auditors), who may administer ActionTrail (admins), and through which group.

Its facts come from discovery: who holds ActionTrail admin rights today, which of
them the admins answer leaves out (those become blocked items with the exact detach
command in the plan), and who holds them attached to a user (CIS 1.16 asks for
groups or roles: list them as admin users and the plan puts them in the admin group).
"""

from steps.question import Question, Step
from wizard.core.derive.holders import admin_holders
from wizard.core.names import ADMIN_GROUP
from wizard.core.validation import validate_policy_name, validate_principals, validate_users


def _no_auditors(value):
    return None if value else "no one gets read-only access: auditors would need broader rights"


def _users_as_admins(value):
    users = [p for p in value or () if str(p).startswith("user:")]
    return (f"{', '.join(users)}: CIS 1.16 asks that admin rights are attached to groups or roles, not users; list "
            "them as admin users instead") if users else None


def _facts(observed, answers) -> tuple[str, ...]:
    if observed is None or not observed.account_id:
        return ()
    holders = admin_holders(observed)
    if not holders:
        return ("Today nobody but the account owner holds ActionTrail admin rights.",)
    lines = ["Today ActionTrail admin rights are held by " + ", ".join(f"{h.principal} ({h.policy})"
                                                                     for h in holders) + "."]
    admins = set(answers.get("access.admins") or ()) | set(answers.get("access.admin_users") or ())
    extra = sorted({h.principal for h in holders if h.principal not in admins})
    if extra:
        lines.append("Not among the admins below, so the plan will show how to detach: " + ", ".join(extra) + ".")
    direct = sorted({h.principal for h in holders if h.principal.startswith("user:") and h.principal in admins})
    if direct:
        lines.append("Held attached to a user (CIS 1.16 asks for groups or roles): " + ", ".join(direct) + "; the "
                     "plan puts admin users in the admin group, and a human removes the direct policy.")
    policy = observed.policy(answers.get("access.auditor_policy") or "")
    if policy is not None:
        lines.append(f"{policy.name} exists, attached to " + (", ".join(policy.attached_to) or "no one") + ".")
    return tuple(lines)


STEP = Step(
    name="access",
    title="Access",
    intro="Auditors get a read-only policy limited to this trail's events. Admins hold their rights through a group. "
    "Anyone else holding ActionTrail admin rights is reported; the wizard never detaches a policy itself.",
    questions=(
        Question("access.auditor_policy", "Auditor policy name", "RAM policy name, 1-128 of A-Z a-z 0-9 -.", "text",
                 "ActionTrailAuditorReadOnly", validator=validate_policy_name),
        Question("access.auditors", "Auditors", "Comma-separated user:NAME, group:NAME or role:NAME.", "list", [],
                 validator=validate_principals, warn=_no_auditors, suggest="principals"),
        Question("access.admins", "ActionTrail admins", "Who may hold ActionTrail admin rights: groups or roles "
                 "(CIS 1.16), same format.", "list", [f"group:{ADMIN_GROUP}"], validator=validate_principals,
                 warn=_users_as_admins, suggest="principals"),
        Question("access.admin_users", "Admin users", "RAM users (user:NAME) who administer through the first group "
                 "above: the plan creates the group if needed, gives it AliyunActionTrailFullAccess and adds them.",
                 "list", [], validator=validate_users, suggest="principals"),
    ),
    facts=_facts,
)
