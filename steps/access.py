"""Access: who may read the events (auditors) and who may administer ActionTrail (admins)."""

from wizard.config import validate_policy_name, validate_principals

from .question import Question, Step


def _no_auditors(value):
    return None if value else "no one gets read-only access: auditors would need broader rights"


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
                 "list", [], validator=validate_principals, suggest="admins_today"),
    ),
)
