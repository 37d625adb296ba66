"""The access rules (AT-RAM-ADMINS, AT-RAM-AUDITOR, AT-ALERTS), mixed into rules._Audit.

Kept apart from the trail and storage rules: they judge who holds what (RAM)
and who is told (alerts), with their own helpers from planning/ram.py and
planning/alerts*.py, so the planner and the audit agree on every word.
"""

from __future__ import annotations

from wizard.core.alerts.rules import ALERT_RULES
from wizard.core.findings import FAIL, PASS, SKIP, Finding, finding
from wizard.core.observed import Observed
from wizard.core.planning.alerts import drift
from wizard.core.planning.notify import NO_ACTION_POLICY, action_policy_id, action_script
from wizard.core.planning.ram import admin_holders, broad_holders
from wizard.core.policies.documents import auditor_policy, policy_json, same_document


def read_error(observed: Observed, *needles: str) -> str | None:
    for error in observed.read_errors:
        if any(needle in error.what for needle in needles):
            return f"could not read {error.what}: {error.code}"
    return None


class AccessChecks:
    """Needs self.settings, self.observed and self.key (the trail's designated key, or None)."""

    def ram_admins(self) -> Finding:
        error = read_error(self.observed, "ListPolicies", "ListEntitiesForPolicy")
        if error:
            return finding("AT-RAM-ADMINS", FAIL, "ram://", error)
        allowed = set(self.settings.access.admins)
        admins = admin_holders(self.observed)
        broad = broad_holders(self.settings, self.observed)
        held = ", ".join(f"{h.principal} ({h.policy})" for h in admins) or "nobody but the account owner"
        extra = [h for h in admins + broad if h.principal not in allowed]
        if extra:
            found = "; ".join(f"{h.principal} holds {h.policy}" + (f" (fails the lint: {'; '.join(h.problems)})"
                                                                    if h.problems else "") for h in extra)
            return finding("AT-RAM-ADMINS", FAIL, "ram://", f"not in access.admins: {found}. ActionTrail admin "
                           f"rights are held by {held}")
        evidence = f"ActionTrail admin rights held by {held}"
        if broad:
            evidence += "; trail-touching policies failing the lint are held only by access.admins: " + \
                ", ".join(sorted({h.policy for h in broad}))
        return finding("AT-RAM-ADMINS", PASS, "ram://", evidence)

    def ram_auditor(self) -> Finding:
        name = self.settings.access.auditor_policy
        res = f"ram://policy/{name}"
        error = read_error(self.observed, f"GetPolicy {name}", "ListPolicies")
        if error:
            return finding("AT-RAM-AUDITOR", FAIL, res, error)
        policy = self.observed.policy(name)
        if policy is None:
            return finding("AT-RAM-AUDITOR", FAIL, res, f"policy {name} does not exist")
        key_arn = self.key.arn if self.key else None
        wanted = policy_json(auditor_policy(self.settings, self.observed.account_id, key_arn))
        if not same_document(policy.document, wanted):
            return finding("AT-RAM-AUDITOR", FAIL, res, f"policy {name} differs from the least-privilege document")
        missing = [p for p in self.settings.access.auditors if p not in policy.attached_to]
        if missing:
            return finding("AT-RAM-AUDITOR", FAIL, res, "not attached to " + ", ".join(missing))
        return finding("AT-RAM-AUDITOR", PASS, res, f"attached to {len(self.settings.access.auditors)} auditor(s)")

    def alerts(self) -> Finding:
        if not (self.settings.alerts.enabled and self.settings.sls):
            return finding("AT-ALERTS", SKIP, "", "alerts are off or there is no SLS delivery")
        project = self.settings.sls.project
        res = f"sls://{project}/alerts"
        error = read_error(self.observed, f"ListAlerts {project}", "GetResourceRecord")
        if error:
            return finding("AT-ALERTS", FAIL, res, error)
        routing = action_policy_id(self.settings) if self.settings.alerts.notify else NO_ACTION_POLICY
        present = {a.name: a for a in self.observed.alerts if a.project == project}
        problems = []
        missing = [rule.name for rule in ALERT_RULES if rule.name not in present]
        disabled = [rule.name for rule in ALERT_RULES if rule.name in present and not present[rule.name].enabled]
        changes = {rule.name: drift(present[rule.name], rule, routing) for rule in ALERT_RULES if rule.name in present}
        drifted = [f"{name} ({'; '.join(words)})" for name, words in changes.items() if words]
        for words, names in (("missing", missing), ("disabled", disabled), ("changed", drifted)):
            if names:
                problems.append(f"{len(names)} of {len(ALERT_RULES)} {words}: {', '.join(names)}")
        if routing and self.observed.action_policy(routing) != action_script(self.settings):
            problems.append(f"action policy {routing} is missing or does not notify alerts.notify")
        if problems:
            return finding("AT-ALERTS", FAIL, res, "; ".join(problems))
        routes = {present[rule.name].action_policy for rule in ALERT_RULES} - {""}
        who = f"notifying {len(self.settings.alerts.notify)} channel(s)" if routing else \
            f"notifying through {', '.join(sorted(routes))}" if routes else "notifying no one (alerts.notify is empty)"
        return finding("AT-ALERTS", PASS, res, f"all {len(ALERT_RULES)} sensitive-event alerts are enabled, {who}")
