"""The audit as JSON, in the shape its shipped JSON Schema (audit-report.schema.json, package data) fixes.

{"account_id", "generated_at", "tool": {"name", "version"},
 "findings": [{"rule", "status", "severity", "resource", "evidence", "fix", "references"}],
 "summary": {"pass", "fail", "skip"}}
"""

from __future__ import annotations

import json
from importlib import resources

from wizard.report.audit.model import TOOL_NAME, AuditReport

SCHEMA_FILE = "audit-report.schema.json"


def schema() -> dict:
    """The JSON Schema every JSON report validates against (shipped as package data)."""
    return json.loads(resources.files("wizard.report.audit").joinpath(SCHEMA_FILE).read_text("utf-8"))


def document(report: AuditReport) -> dict:
    return {
        "account_id": report.account_id,
        "generated_at": report.generated_at,
        "tool": {"name": TOOL_NAME, "version": report.tool_version},
        "findings": [
            {"rule": f.rule, "status": f.status, "severity": f.severity, "resource": f.resource,
             "evidence": f.evidence, "fix": f.fix, "references": list(f.references)}
            for f in report.findings
        ],
        "summary": report.summary,
    }


def render(report: AuditReport) -> str:
    return json.dumps(document(report), indent=2, ensure_ascii=False) + "\n"
