"""AT-ALERTS: every sensitive-event alert exists, is enabled, matches its rule and notifies whom the settings say."""

from __future__ import annotations

from wizard.core.alerts.drift import drift
from wizard.core.alerts.notify import NO_ACTION_POLICY, action_policy_id, action_script
from wizard.core.alerts.rules import ALERT_RULES
from wizard.core.audit.catalogue import finding
from wizard.core.audit.registry import check
from wizard.core.audit.subject import Subject
from wizard.core.findings import FAIL, PASS, SKIP, UNKNOWN, Finding


@check("AT-ALERTS")
def alerts(s: Subject) -> Finding:
    if not (s.settings.alerts.enabled and s.settings.sls):
        return finding("AT-ALERTS", SKIP, "", "alerts are off or there is no SLS delivery")
    project = s.settings.sls.project
    res = f"sls://{project}/alerts"
    error = s.read_error(f"ListAlerts {project}", "GetResourceRecord")
    if error:
        return finding("AT-ALERTS", FAIL, res, error)
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
    if routing and s.observed.action_policy(routing) != action_script(s.settings):
        problems.append(f"action policy {routing} is missing or does not notify alerts.notify")
    if problems:
        return finding("AT-ALERTS", FAIL, res, "; ".join(problems))
    routes = {present[rule.name].action_policy for rule in ALERT_RULES} - {""}
    if not s.intent_known:  # who should be notified is a decision nobody recorded
        today = f"they notify through {', '.join(sorted(routes))}" if routes else "they notify no one"
        return finding("AT-ALERTS", UNKNOWN, res, f"all {len(ALERT_RULES)} sensitive-event alerts are enabled; "
                       f"unknown: no approved settings say who is notified; {today}")
    who = f"notifying {len(s.settings.alerts.notify)} channel(s)" if routing else \
        f"notifying through {', '.join(sorted(routes))}" if routes else "notifying no one (alerts.notify is empty)"
    return finding("AT-ALERTS", PASS, res, f"all {len(ALERT_RULES)} sensitive-event alerts are enabled, {who}")
