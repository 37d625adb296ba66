"""The audit as text: rule, status, evidence, fix; a summary line; plain data in, text out."""

from __future__ import annotations

from collections import Counter

from wizard.core.findings import Finding

MARK = {"pass": "PASS", "fail": "FAIL", "skip": "skip", "unknown": "????"}


def summary(findings: list[Finding]) -> dict[str, int]:
    counts = Counter(f.status for f in findings)
    return {"pass": counts["pass"], "fail": counts["fail"], "skip": counts["skip"], "unknown": counts["unknown"]}


def render_text(findings: list[Finding], account_id: str, region: str) -> str:
    lines = [f"Audit of account {account_id} ({region}) against the ActionTrail best practice", ""]
    for f in findings:
        lines.append(f"  {MARK[f.status]:<4}  {f.rule:<27} {f.title}")
        if f.status != "skip" or f.evidence:
            lines.append(f"        {f.evidence}")
        if f.status == "fail":
            lines.append(f"        fix: {f.fix}")
    counts = summary(findings)
    unknown = f", {counts['unknown']} unknown (no approved settings)" if counts["unknown"] else ""
    lines += ["", f"{counts['pass']} passed, {counts['fail']} failed, {counts['skip']} skipped{unknown}."]
    return "\n".join(lines) + "\n"


def render_report(report) -> str:
    """The text format of an AuditReport (wizard.report.audit.model)."""
    return render_text(list(report.findings), report.account_id, report.region)
