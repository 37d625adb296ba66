"""Alerts: sensitive-event alert rules on the Logstore, and who is notified."""

from wizard.config import validate_bool, validate_notify_list

from .destinations import _with_sls
from .question import Question, Step


def _alerts_on(answers):
    return _with_sls(answers) and bool(answers.get("alerts.enabled", True))


def _off_cost(value):
    return None if value else "trail changes, root use and key deletion would go unnoticed until an audit"


STEP = Step(
    name="alerts",
    title="Alerts",
    intro="Alert rules on the Logstore for trail changes, root use, sign-in without MFA, RAM, KMS and OSS "
    "policy changes, and unauthorized calls (CIS 2.10-2.22). Needs Log Service delivery.",
    questions=(
        Question("alerts.enabled", "Create sensitive-event alerts", "One alert rule per sensitive event kind.",
                 "bool", True, validator=validate_bool, warn=_off_cost, when=_with_sls),
        Question("alerts.notify", "Notify", "Comma-separated email:ADDRESS or dingtalk:https://... webhooks.",
                 "list", [], validator=validate_notify_list, when=_alerts_on),
    ),
)
