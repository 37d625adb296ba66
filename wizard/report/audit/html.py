"""The audit as a one-page HTML evidence report: one self-contained file (inline CSS, no script, no asset).

Every value is HTML-escaped, and a Content-Security-Policy forbids scripts, frames and
remote loads, so even a hostile value read from the account (a principal's name, an
error text) shows as text and the page never calls out when an auditor opens it.
"""

from __future__ import annotations

from html import escape
from importlib import resources

from wizard.core.frameworks import TITLES, Framework
from wizard.report.audit.controls import VERDICT_WORD, control_numbers, verdict_note
from wizard.report.audit.model import SANDBOX_NOTICE, TOOL_NAME, AuditReport

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
STATUS = {"pass": "PASS", "fail": "FAIL", "skip": "N/A", "unknown": "UNKNOWN"}


def _css() -> str:
    return resources.files("wizard.report.audit").joinpath("html.css").read_text("utf-8")


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _framework_cell(f, framework: Framework) -> str:
    numbers = control_numbers(f, framework)
    if not numbers:
        return '<td class="ctl none">–</td>'
    status = f.verdict(framework).status
    note = verdict_note(f, framework)
    return (f'<td class="ctl"><span class="pill {status}">{VERDICT_WORD[status]}</span><br>'
            + _e(", ".join(numbers)) + (f'<div class="why">{_e(note)}</div>' if note else "") + "</td>")


def _finding_row(f, report: AuditReport) -> str:
    status = report.status(f)
    fix = f'<div class="fix"><strong>Fix:</strong> {_e(f.fix)}</div>' if status == "fail" else ""
    return (
        f'<tr class="{status}" id="{_e(f.rule)}">'
        f'<td class="rule"><code>{_e(f.rule)}</code><div class="title">{_e(f.title)}</div></td>'
        f'<td><span class="pill {status}">{STATUS[status]}</span></td>'
        f'<td class="sev {f.severity}">{_e(f.severity)}</td>'
        + "".join(_framework_cell(f, fw) for fw in Framework)
        + f'<td class="evidence"><div class="res">{_e(f.resource) or "–"}</div>{_e(f.evidence)}{fix}</td></tr>'
    )


def _summary_rows(report: AuditReport) -> str:
    rows = []
    for framework, c, word in report.frameworks():
        state = "fail" if c["fail"] else "unknown" if c["unknown"] else "pass"
        rows.append(f'<tr><td>{_e(TITLES[framework])}</td><td class="num">{sum(c.values())}</td>'
                    f'<td class="num">{c["pass"]}</td><td class="num {state}">{c["fail"]}</td>'
                    f'<td class="num">{c["unknown"]}</td><td class="num">{c["skip"]}</td>'
                    f'<td><span class="pill {state}">{_e(word)}</span></td></tr>')
    return "".join(rows)


def render(report: AuditReport) -> str:
    counts = report.summary
    verdict_class = {"COMPLIANT": "pass", "NOT COMPLIANT": "fail", "NOT PROVEN": "unknown"}[report.verdict]
    verdict = {"COMPLIANT": "Compliant: every applicable rule passes",
               "NOT COMPLIANT": f"Not compliant: {counts['fail']} rule{'s' if counts['fail'] != 1 else ''} failing",
               "NOT PROVEN": f"Not proven: {counts['unknown']} rule{'s' if counts['unknown'] != 1 else ''} could not "
               "be judged"}[report.verdict]
    rows = "\n".join(_finding_row(f, report) for f in report.shown)
    sandbox = f'<p class="sandbox" id="sandbox"><strong>{_e(SANDBOX_NOTICE)}</strong></p>\n' if report.sandbox else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{TOOL_NAME} {_e(report.tool_version)}">
<title>ActionTrail audit evidence: account {_e(report.account_id)}</title>
<style>
{_css()}</style>
</head>
<body>
<header>
<h1>ActionTrail audit evidence{" (SANDBOX)" if report.sandbox else ""}</h1>
<p class="lede">Read-only audit of the account's Alibaba Cloud ActionTrail setup against the ActionTrail best
practices, MLPS 2.0 and CIS Alibaba Cloud 2.0 controls, each judged by its own threshold.</p>
{sandbox}</header>
<section class="meta">
<dl>
<dt>Account</dt><dd id="account">{_e(report.account_id)}</dd>
<dt>Home region</dt><dd>{_e(report.region)}</dd>
<dt>Generated (UTC)</dt><dd id="generated-at"><time datetime="{_e(report.generated_at)}">{_e(report.generated_at)}</time></dd>
<dt>Judged against</dt><dd>{_e(report.subject)}</dd>
<dt>Benchmark</dt><dd id="benchmark">{_e(report.benchmark_title)}</dd>
{"".join(f'<dt>Last delivered (UTC)</dt><dd class="last-delivered">{_e(text)}</dd>' for text in report.last_delivered)}
<dt>Tool</dt><dd>{TOOL_NAME} {_e(report.tool_version)}</dd>
</dl>
<div class="verdict {verdict_class}" id="verdict"><strong>{verdict}</strong>
<span>{counts['pass']} passed · {counts['fail']} failed · {counts['unknown']} unknown · {counts['skip']} not applicable</span></div>
</section>
<section>
<h2>Frameworks</h2>
<table class="controls">
<thead><tr><th>Framework</th><th>Rules</th><th>Pass</th><th>Fail</th><th>Unknown</th><th>N/A</th><th>Verdict</th></tr></thead>
<tbody>{_summary_rows(report)}</tbody>
</table>
<p class="note">Each framework judges by its own threshold: the best practice by the settings, MLPS 2.0 by at least
180 days of audit logs, CIS Alibaba Cloud 2.0 by 365 days of Logstore retention (2.23).</p>
</section>
<section>
<h2>Findings</h2>
<table class="findings">
<thead><tr><th>Rule</th><th>Status</th><th>Severity</th><th>Best practice</th><th>MLPS 2.0</th><th>CIS 2.0</th>
<th>Resource, evidence and fix</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</section>
<footer>Generated by {TOOL_NAME} {_e(report.tool_version)} with <code>actiontrail-wizard audit --benchmark
{_e(report.benchmark)} --format html</code>. Exit codes: 0 compliant, 2 failing or not proven, 1 error.</footer>
</body>
</html>
"""
