"""The audit as text: each rule's deciding verdict and its verdict per framework, evidence, fix; the verdicts."""

from __future__ import annotations

from wizard.core.findings import Finding
from wizard.core.frameworks import ALL, TITLES, Framework

MARK = {"pass": "PASS", "fail": "FAIL", "skip": "skip", "unknown": "UNKNOWN"}
CELL = {"pass": "pass", "fail": "FAIL", "skip": "-", "unknown": "unknown"}
HEADS = {Framework.BEST_PRACTICE: "BP", Framework.MLPS: "MLPS", Framework.CIS: "CIS"}


def _row(finding: Finding, benchmark: str) -> list[str]:
    cells = "".join(f"{CELL[finding.verdict(fw).status]:<8}" for fw in Framework)
    lines = [f"  {MARK[finding.status_under(benchmark)]:<8}{cells}{finding.rule:<27} {finding.title}"]
    if finding.evidence:
        lines.append(f"{'':<34}{finding.evidence}")
    for fw in Framework:
        verdict = finding.verdict(fw)
        if verdict.note and verdict.status in ("fail", "unknown") and finding.controls_in(fw):
            named = verdict.note.startswith(HEADS[fw]) or verdict.note.startswith(TITLES[fw])
            lines.append(f"{'':<34}{'' if named else HEADS[fw] + ': '}{verdict.note}")
    if finding.status_under(benchmark) == "fail":
        lines.append(f"{'':<34}fix: {finding.fix}")
    return lines


def render_text(findings: list[Finding], account_id: str, region: str, report=None) -> str:
    """Findings as text; with an AuditReport (`report`), its subject, benchmark and sandbox notice too."""
    from wizard.report.audit.model import SANDBOX_NOTICE, AuditReport

    against = f" against {report.subject}" if report else ""
    report = report or AuditReport(account_id, region, tuple(findings), generated_at="")
    lines = [f"Audit of account {account_id} ({region}){against}", f"Benchmark: {report.benchmark_title}"]
    if report.sandbox:
        lines.append(SANDBOX_NOTICE)
    lines += ["", f"  {'status':<8}" + "".join(f"{HEADS[fw]:<8}" for fw in Framework) + "rule"]
    for finding in report.shown:
        lines += _row(finding, report.benchmark)
    counts = report.summary
    lines += ["", f"{counts['pass']} passed, {counts['fail']} failed, {counts['skip']} skipped, "
              f"{counts['unknown']} unknown: {report.verdict}" + (f" under {TITLES[Framework(report.benchmark)]}"
                                                                    if report.benchmark != ALL else "") + "."]
    lines.append("Per framework: " + "; ".join(f"{TITLES[fw]} {verdict}" for fw, _, verdict in report.frameworks())
                 + ".")
    if report.sandbox:
        lines.append("(SANDBOX: not an Alibaba Cloud account.)")
    return "\n".join(lines) + "\n"


def render_report(report) -> str:
    """The text format of an AuditReport (wizard.report.audit.model)."""
    return render_text(list(report.findings), report.account_id, report.region, report)
