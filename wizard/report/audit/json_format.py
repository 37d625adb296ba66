"""The audit as JSON, in the shape its shipped JSON Schema (audit-report.schema.json, package data) fixes.

Schema version 2: {"schema_version": 2, "account_id", "generated_at", "tool": {"name", "version"},
"sandbox" (and a "notice" when true), "benchmark", "judged_against", "verdict",
"findings": [{"rule", "title", "status", "severity", "resource", "evidence", "fix", "references",
              "verdicts": {"best-practice"|"mlps"|"cis": {"status", "note", "controls"}}}],
"summary": {"pass", "fail", "skip", "unknown"},
"frameworks": {"best-practice"|"mlps"|"cis": {"pass", "fail", "skip", "unknown", "verdict"}}}.
A finding's "status" is the verdict the benchmark decides by; "verdicts" holds every framework's.
"""

from __future__ import annotations

import json
from importlib import resources

from wizard.core.frameworks import Framework
from wizard.report.audit.model import SANDBOX_NOTICE, TOOL_NAME, AuditReport

SCHEMA_FILE = "audit-report.schema.json"
SCHEMA_VERSION = 2


def schema() -> dict:
    """The JSON Schema every JSON report validates against (shipped as package data)."""
    return json.loads(resources.files("wizard.report.audit").joinpath(SCHEMA_FILE).read_text("utf-8"))


def _verdicts(finding) -> dict:
    return {fw.value: {"status": finding.verdict(fw).status, "note": finding.verdict(fw).note,
                       "controls": [c.text for c in finding.controls_in(fw)]} for fw in Framework}


def document(report: AuditReport) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "account_id": report.account_id,
        "generated_at": report.generated_at,
        "tool": {"name": TOOL_NAME, "version": report.tool_version},
        "sandbox": report.sandbox,
        **({"notice": SANDBOX_NOTICE} if report.sandbox else {}),
        "benchmark": report.benchmark,
        "judged_against": report.subject,
        "verdict": report.verdict,
        "findings": [
            {"rule": f.rule, "title": f.title, "status": report.status(f), "severity": f.severity,
             "resource": f.resource, "evidence": f.evidence, "fix": f.fix, "references": list(f.references),
             "verdicts": _verdicts(f)}
            for f in report.shown
        ],
        "summary": report.summary,
        "frameworks": {fw.value: {**tally, "verdict": verdict} for fw, tally, verdict in report.frameworks()},
    }


def render(report: AuditReport) -> str:
    return json.dumps(document(report), indent=2, ensure_ascii=False) + "\n"
