"""Alerts: sensitive-event alert rules on the Logstore, and who is notified (email or a DingTalk robot)."""

from steps.question import Question, Step
from steps.when import with_alerts, with_sls
from wizard.core.alerts.rules import ALERT_RULES
from wizard.core.validation import validate_bool, validate_notify_list


def _off_cost(value):
    return None if value else "trail changes, root use and key deletion would go unnoticed until an audit"


def _nobody_told(value):
    return None if value else ("no recipient named: new alerts fire in the Log Service alert center only; whom "
                               "existing alerts notify is kept")


def _facts(observed, answers) -> tuple[str, ...]:
    if observed is None or not observed.account_id or not with_alerts(answers):
        return ()
    project = answers.get("sls.project") or ""
    names = {rule.name for rule in ALERT_RULES}
    found = [a for a in observed.alerts if a.project == project and a.name in names]
    if not found:
        return (f"No sensitive-event alert exists in {project or 'the project'} yet: {len(ALERT_RULES)} will be "
                "created.",)
    disabled = [a.name for a in found if not a.enabled]
    line = f"{len(found)} of {len(ALERT_RULES)} alerts exist in {project}"
    routes = sorted({a.action_policy for a in found if a.action_policy})
    facts = [line + (f"; disabled: {', '.join(disabled)}." if disabled else ".")]
    if routes:
        facts.append(f"They notify through {', '.join(routes)} today; leaving Notify empty keeps that.")
    return tuple(facts)


STEP = Step(
    name="alerts",
    title="Alerts",
    intro="Alert rules on the Logstore for trail changes, root use, sign-in without MFA or failing, RAM, KMS, "
    "OSS, network and RDS changes, and unauthorized calls (CIS 2.10-2.22). Needs Log Service delivery.",
    questions=(
        Question("alerts.enabled", "Create sensitive-event alerts", "One alert rule per sensitive event kind.",
                 "bool", True, validator=validate_bool, warn=_off_cost, when=with_sls),
        Question("alerts.notify", "Notify", "Comma-separated email:ADDRESS or dingtalk:env:NAME (a DingTalk robot "
                 "whose access token is in the environment variable NAME; a token is never stored).",
                 "list", [], validator=validate_notify_list, warn=_nobody_told, when=with_alerts),
    ),
    facts=_facts,
)
