"""The audit as a one-page Markdown evidence report for a compliance file.

The account, the date, the verdict, a per-framework summary, then one table row per rule
with its status, the controls it maps to (best practice, MLPS 2.0, CIS Alibaba Cloud),
the evidence read from the account and the fix. Everything read from the account is
escaped, so a hostile value cannot add rows, links or HTML to the rendered page.
"""

from __future__ import annotations

import re

from wizard.report.audit.controls import controls, framework_summary, short_control
from wizard.report.audit.model import TOOL_NAME, AuditReport

STATUS = {"pass": "PASS", "fail": "**FAIL**", "skip": "n/a", "unknown": "unknown"}
_SPECIAL = set("\\`*_[]<>|~&!")  # what means something inline in a table cell (block syntax cannot start there)
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp)(:)|\b(www)(\.)")


def escape(text: str) -> str:
    """Literal text inside a Markdown table cell: inline syntax and autolinks escaped, on one line."""
    flat = " ".join(str(text).split())
    flat = "".join(f"\\{ch}" if ch in _SPECIAL else ch for ch in flat)
    return _AUTOLINK.sub(lambda m: f"{m.group(1) or m.group(3)}\\{m.group(2) or m.group(4)}", flat)


def _cell_controls(references: tuple[str, ...], key: str) -> str:
    return "<br>".join(escape(short_control(reference)) for reference in controls(references)[key]) or "–"


def render(report: AuditReport) -> str:
    counts = report.summary
    verdict = ("COMPLIANT: every applicable rule passes" if report.compliant
               else f"NOT COMPLIANT: {counts['fail']} rule(s) failing")
    lines = [
        f"# ActionTrail audit evidence: account {escape(report.account_id)}",
        "",
        "| | |",
        "|---|---|",
        f"| Account | {escape(report.account_id)} |",
        f"| Home region | {escape(report.region)} |",
        f"| Generated (UTC) | {escape(report.generated_at)} |",
        f"| Judged against | {escape(report.subject)} |",
        f"| Tool | {TOOL_NAME} {escape(report.tool_version)} (read-only audit) |",
        f"| Verdict | **{verdict}** ({counts['pass']} passed, {counts['fail']} failed, {counts['skip']} not "
        "applicable) |",
        "",
        "## Controls",
        "",
        "| Framework | Rules | Pass | Fail | n/a |",
        "|---|---:|---:|---:|---:|",
    ]
    for title, c in framework_summary(report.findings):
        lines.append(f"| {title} | {sum(c.values())} | {c['pass']} | {c['fail']} | {c['skip']} |")
    lines += [
        "",
        "MLPS 2.0 asks for at least 180 days of audit logs (AT-OSS-WORM, AT-SLS-TTL); CIS Alibaba Cloud asks "
        "for 365 days of Logstore retention.",
        "",
        "## Findings",
        "",
        "| Rule | Status | Severity | Best practice | MLPS 2.0 | CIS | Resource | Evidence | Fix |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for f in report.findings:
        fix = escape(f.fix) if f.status == "fail" else ""
        lines.append(
            f"| `{f.rule}`<br>{escape(f.title)} | {STATUS[f.status]} | {f.severity} "
            f"| {_cell_controls(f.references, 'best-practice')} | {_cell_controls(f.references, 'mlps')} "
            f"| {_cell_controls(f.references, 'cis')} | {escape(f.resource) or '–'} | {escape(f.evidence)} | {fix} |"
        )
    config = f" --config {report.config_path}" if report.config_path else ""
    command = escape(f"actiontrail-wizard audit{config} --format markdown")  # escaped text: a path may hold `
    lines += ["", f"Re-run: {command} (exit 0 compliant, 2 failing, 1 error).", ""]
    return "\n".join(lines)
