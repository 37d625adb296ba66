"""The audit as text: each rule's deciding verdict and its verdict per framework, evidence, fix; the verdicts."""

from __future__ import annotations

import textwrap

from wizard.core.findings import Finding
from wizard.core.frameworks import ALL, TITLES, Framework

MARK = {"pass": "PASS", "fail": "FAIL", "skip": "skip", "unknown": "UNKNOWN"}
CELL = {"pass": "pass", "fail": "FAIL", "skip": "-", "unknown": "unknown"}
HEADS = {Framework.BEST_PRACTICE: "BP", Framework.MLPS: "MLPS", Framework.CIS: "CIS"}
INDENT = 34  # where a rule's name, evidence and fix start: after the status and the three framework columns
NARROW_INDENT = 6  # on a terminal narrower than WIDE, details start here: a 34-column margin leaves too little room
WIDE = 110
NARROWEST = 60  # below this a wrapped column is harder to read than a line the terminal folds


def _detail(text: str, width: int | None) -> list[str]:
    """One evidence, note or fix paragraph under its rule; on a terminal of `width` columns, wrapped with a hanging
    indent so a long one still reads as one paragraph (without a width, one line each, for files and grep)."""
    if not width:
        return [" " * INDENT + text]
    indent = INDENT if width >= WIDE else NARROW_INDENT
    return textwrap.wrap(text, width=max(width, NARROWEST), initial_indent=" " * indent,
                         subsequent_indent=" " * (indent + 2), break_long_words=False, break_on_hyphens=False)


def _fill(line: str, width: int | None) -> str:
    return textwrap.fill(line, max(width, NARROWEST), subsequent_indent="  ", break_long_words=False,
                         break_on_hyphens=False) if width and line else line


def _row(finding: Finding, benchmark: str, width: int | None) -> list[str]:
    cells = "".join(f"{CELL[finding.verdict(fw).status]:<8}" for fw in Framework)
    head = f"  {MARK[finding.status_under(benchmark)]:<8}{cells}{finding.rule:<27} {finding.title}"
    if width and len(head) > max(width, NARROWEST):  # the title goes under the rule's name, not off the edge
        lines = [f"  {MARK[finding.status_under(benchmark)]:<8}{cells}{finding.rule}", *_detail(finding.title, width)]
    else:
        lines = [head]
    if finding.evidence:
        lines += _detail(finding.evidence, width)
    for fw in Framework:
        verdict = finding.verdict(fw)
        if verdict.note and verdict.status in ("fail", "unknown") and finding.controls_in(fw):
            named = verdict.note.startswith(HEADS[fw]) or verdict.note.startswith(TITLES[fw])
            lines += _detail(f"{'' if named else HEADS[fw] + ': '}{verdict.note}", width)
    if finding.status_under(benchmark) == "fail":
        lines += _detail(f"fix: {finding.fix}", width)
    return lines


def render_text(findings: list[Finding], account_id: str, region: str, report=None, width: int | None = None) -> str:
    """Findings as text; with an AuditReport (`report`), its subject, benchmark and sandbox notice too; with a
    terminal `width`, each rule's details wrapped to it."""
    from wizard.report.audit.model import SANDBOX_NOTICE, AuditReport

    against = f" against {report.subject}" if report else ""
    report = report or AuditReport(account_id, region, tuple(findings), generated_at="")
    lines = [f"Audit of account {account_id} ({region}){against}", f"Benchmark: {report.benchmark_title}"]
    if report.sandbox:
        lines.append(SANDBOX_NOTICE)
    lines += ["", f"  {'status':<8}" + "".join(f"{HEADS[fw]:<8}" for fw in Framework) + "rule"]
    for finding in report.shown:
        lines += _row(finding, report.benchmark, width)
    counts = report.summary
    lines += ["", f"{counts['pass']} passed, {counts['fail']} failed, {counts['skip']} skipped, "
              f"{counts['unknown']} unknown: {report.verdict}" + (f" under {TITLES[Framework(report.benchmark)]}"
                                                                    if report.benchmark != ALL else "") + "."]
    lines.append("Per framework: " + "; ".join(f"{TITLES[fw]} {verdict}" for fw, _, verdict in report.frameworks())
                 + ".")
    if report.sandbox:
        lines.append("(SANDBOX: not an Alibaba Cloud account.)")
    return "\n".join(line if line.startswith("  ") else _fill(line, width) for line in lines) + "\n"


def render_report(report, width: int | None = None) -> str:
    """The text format of an AuditReport (wizard.report.audit.model); `width` as in render_text."""
    return render_text(list(report.findings), report.account_id, report.region, report, width)
