"""The audit as a one-page Markdown evidence report for a compliance file.

The account, the date, the benchmark and its verdict, a per-framework summary, then one
table row per rule with its deciding status and, for each framework (best practice,
MLPS 2.0, CIS Alibaba Cloud 2.0), its verdict and the controls it checks, the evidence
read from the account and the fix. Everything read from the account is escaped, so a
hostile value cannot add rows, links or HTML to the rendered page.
"""

from __future__ import annotations

import re

from wizard.core.findings import Finding
from wizard.core.frameworks import TITLES, Framework
from wizard.report.audit.controls import VERDICT_WORD, control_numbers, verdict_note
from wizard.report.audit.model import SANDBOX_NOTICE, TOOL_NAME, AuditReport

STATUS = {"pass": "PASS", "fail": "**FAIL**", "skip": "n/a", "unknown": "**UNKNOWN**"}
_SPECIAL = set("\\`*_[]<>|~&!")  # what means something inline in a table cell (block syntax cannot start there)
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp)(:)|\b(www)(\.)")


def escape(text: str) -> str:
    """Literal text inside a Markdown table cell: inline syntax and autolinks escaped, on one line."""
    flat = " ".join(str(text).split())
    flat = "".join(f"\\{ch}" if ch in _SPECIAL else ch for ch in flat)
    return _AUTOLINK.sub(lambda m: f"{m.group(1) or m.group(3)}\\{m.group(2) or m.group(4)}", flat)


def _framework_cell(finding: Finding, framework: Framework) -> str:
    numbers = control_numbers(finding, framework)
    if not numbers:
        return "–"
    word = VERDICT_WORD[finding.verdict(framework).status]
    parts = [f"**{word}**" if word in ("FAIL", "unknown") else word, escape(", ".join(numbers))]
    note = verdict_note(finding, framework)
    return "<br>".join(parts + ([escape(note)] if note else []))


def render(report: AuditReport) -> str:
    counts = report.summary
    verdict = {"COMPLIANT": "COMPLIANT: every applicable rule passes",
               "NOT COMPLIANT": f"NOT COMPLIANT: {counts['fail']} rule(s) failing",
               "NOT PROVEN": f"NOT PROVEN: {counts['unknown']} rule(s) could not be judged"}[report.verdict]
    lines = [f"# ActionTrail audit evidence: account {escape(report.account_id)}", ""]
    if report.sandbox:
        lines += [f"> **{escape(SANDBOX_NOTICE)}**", ""]
    lines += [
        "| | |",
        "|---|---|",
        f"| Account | {escape(report.account_id)}{' (SANDBOX)' if report.sandbox else ''} |",
        f"| Home region | {escape(report.region)} |",
        f"| Generated (UTC) | {escape(report.generated_at)} |",
        f"| Judged against | {escape(report.subject)} |",
        f"| Benchmark | {escape(report.benchmark_title)} |",
        *[f"| Last delivered (UTC) | {escape(text)} |" for text in report.last_delivered],
        f"| Tool | {TOOL_NAME} {escape(report.tool_version)} (read-only audit) |",
        f"| Verdict | **{verdict}** ({counts['pass']} passed, {counts['fail']} failed, {counts['unknown']} unknown, "
        f"{counts['skip']} not applicable) |",
        "",
        "## Frameworks",
        "",
        "| Framework | Rules | Pass | Fail | Unknown | n/a | Verdict |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for framework, c, word in report.frameworks():
        lines.append(f"| {TITLES[framework]} | {sum(c.values())} | {c['pass']} | {c['fail']} "
                     f"| {c['unknown']} | {c['skip']} | {word} |")
    lines += [
        "",
        "Each framework judges by its own threshold: the best practice by the settings, MLPS 2.0 by at least 180 "
        "days of audit logs, CIS Alibaba Cloud 2.0 by 365 days of Logstore retention (2.23).",
        "",
        "## Findings",
        "",
        "| Rule | Status | Severity | Best practice | MLPS 2.0 | CIS 2.0 | Resource | Evidence | Fix |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for f in report.shown:
        status = report.status(f)
        fix = escape(f.fix) if status == "fail" else ""
        cells = " | ".join(_framework_cell(f, fw) for fw in Framework)
        lines.append(f"| `{f.rule}`<br>{escape(f.title)} | {STATUS[status]} | {f.severity} | {cells} "
                     f"| {escape(f.resource) or '–'} | {escape(f.evidence)} | {fix} |")
    config = f" --config {report.config_path}" if report.config_path else ""
    command = escape(f"actiontrail-wizard audit{config} --benchmark {report.benchmark} --format markdown")
    lines += ["", f"Re-run: {command} (exit 0 compliant, 2 failing or not proven, 1 error).", ""]
    return "\n".join(lines)

