"""Audit report fixtures: a compliant account, a drifted one whose evidence carries attacker-controlled text, and
`report`, the AuditReport of either at a fixed time, so every format (and the browser) renders the same data."""

from __future__ import annotations

from dataclasses import replace

from tests.support.factories import ACCOUNT, empty_account, settings, simulate
from wizard.core.audit import evaluate
from wizard.core.observed import PolicyState
from wizard.core.planning.planner import plan
from wizard.report.audit.model import AuditReport

S = settings()
GOOD = simulate(empty_account(), plan(S, empty_account()))
HOSTILE = '<script>alert("x")</script> | **bold** [link](https://evil.example) ${var.x} & </td>'
# A drifted account whose evidence carries text an attacker controls: a RAM principal's name and a delivery error.
DRIFTED = replace(
    GOOD,
    trails=(replace(GOOD.trails[0], event_rw="Write", oss_delivery_error=HOSTILE),),
    policies=GOOD.policies + (PolicyState("AliyunActionTrailFullAccess", "System",
                                          attached_to=("user:mallory<b onmouseover=alert(1)>",)),),
)
DRIFTED_FAILING = {"AT-TRAIL-ALL-EVENTS", "AT-DELIVERY", "AT-RAM-ADMINS", "AT-RAM-ADMIN-GROUPS"}


def report(observed, **extra) -> AuditReport:
    extra.setdefault("generated_at", "2026-01-02T03:04:05Z")
    return AuditReport(account_id=ACCOUNT, region="cn-hangzhou", findings=tuple(evaluate(S, observed)), **extra)
