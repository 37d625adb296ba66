"""AT-ALERTS: every sensitive-event alert exists, is enabled, matches its rule and reaches the configured recipients.

The routing is checked end to end: the alerts name the action policy, its script names
the recipient records, and each record is enabled and points where alerts.notify says.
Without Log Service delivery (or with alerts off) the best practice, which follows the
settings, skips; CIS 2.10-2.22 and MLPS 2.0 8.1.5.4 f) still ask for the alerts: fail.
"""

from __future__ import annotations

from wizard.core.alerts.drift import drift, widened
from wizard.core.alerts.notify import (NO_ACTION_POLICY, action_policy_id, notifies_everyone, recipient_problems,
                                       uncompared_webhooks)
from wizard.core.alerts.rules import ALERT_RULES
from wizard.core.audit.catalogue import finding
from wizard.core.audit.registry import check
from wizard.core.audit.subject import Subject
from wizard.core.findings import FAIL, PASS, SKIP, UNKNOWN, Finding
from wizard.core.frameworks import Framework
from wizard.core.redact import redact

REQUIRED_ELSEWHERE = {
    Framework.CIS: (FAIL, "CIS Alibaba Cloud 2.10-2.22 ask for these alerts on the trail's Logstore"),
    Framework.MLPS: (FAIL, "MLPS 2.0 8.1.5.4 f) asks that security events raise alerts"),
}


@check("AT-ALERTS")
def alerts(s: Subject) -> Finding:
    if not s.settings.sls:
        return finding("AT-ALERTS", SKIP, "", f"no Log Service delivery in {s.asked_by}: nothing watches the "
                       "events", REQUIRED_ELSEWHERE)
    if not s.settings.alerts.enabled:
        return finding("AT-ALERTS", SKIP, "", "alerts.enabled is false", REQUIRED_ELSEWHERE)
    project = s.settings.sls.project
    res = f"sls://{project}/alerts"
    error = s.read_error(f"ListAlerts {project}", "GetResourceRecord")
    if error:
        return finding("AT-ALERTS", UNKNOWN, res, error)
    if s.defaulted and s.project is None:
        return finding("AT-ALERTS", FAIL, res, "no trail delivers the events to Log Service, so no alert watches them")
    routing = action_policy_id(s.settings) if s.settings.alerts.notify else NO_ACTION_POLICY
    present = {a.name: a for a in s.observed.alerts if a.project == project}
    problems = []
    missing = [rule.name for rule in ALERT_RULES if rule.name not in present]
    disabled = [rule.name for rule in ALERT_RULES if rule.name in present and not present[rule.name].enabled]
    changes = {rule.name: drift(present[rule.name], rule, routing) for rule in ALERT_RULES if rule.name in present}
    drifted = [f"{name} ({'; '.join(words)})" for name, words in changes.items() if words]
    for words, names in (("missing", missing), ("disabled", disabled), ("changed", drifted)):
        if names:
            problems.append(f"{len(names)} of {len(ALERT_RULES)} {words}: {', '.join(names)}")
    if routing and not notifies_everyone(s.observed.action_policy(routing), s.settings):
        problems.append(f"action policy {routing} is missing or does not notify everyone alerts.notify names")
    problems += [problem for _, problem in recipient_problems(s.settings, s.observed)]
    if problems:
        return finding("AT-ALERTS", FAIL, res, "; ".join(problems))
    routes = {present[rule.name].action_policy for rule in ALERT_RULES} - {""}
    if not s.intent:  # who should be notified is a decision nobody recorded
        today = f"they notify through {', '.join(sorted(routes))}" if routes else "they notify no one"
        return finding("AT-ALERTS", UNKNOWN, res, f"all {len(ALERT_RULES)} sensitive-event alerts are enabled; "
                       f"unknown: no approved settings say who is notified; {today}")
    who = f"notifying {', '.join(redact(list(s.settings.alerts.notify)))}" if routing else \
        f"notifying through {', '.join(sorted(routes))}" if routes else "notifying no one (alerts.notify is empty)"
    uncompared = uncompared_webhooks(s.settings, s.observed)
    if uncompared:  # the webhook is a DingTalk robot; which one, only the variable's holder can tell
        who += f" (the token of {', '.join(uncompared)} was not compared: its variable is not set here)"
    wider = [rule.name for rule in ALERT_RULES if widened(present[rule.name], rule)]
    more = f"; {len(wider)} widened by hand (kept): {', '.join(wider)}" if wider else ""
    return finding("AT-ALERTS", PASS, res, f"all {len(ALERT_RULES)} sensitive-event alerts are enabled, {who}{more}")
