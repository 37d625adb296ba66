"""AuditReport: one audit's findings with what a filed report must also say (account, date, tool, subject).

Every format renders the same AuditReport, so a JSON, a SARIF and an HTML report of one
run never disagree. `generated_at` is the real time of the audit; only
ACTIONTRAIL_REPORT_EPOCH (seconds) fixes it, for tests and byte-identical re-renders. The
general SOURCE_DATE_EPOCH is deliberately ignored: a build environment that sets it must
not back-date an audit.
"""

from __future__ import annotations

import importlib
import os
import time
from dataclasses import dataclass, field

from wizard import __version__
from wizard.core.findings import FAIL, UNKNOWN, Finding, compliant, counts, under
from wizard.core.frameworks import ALL, TITLES, Framework, frameworks_of

TOOL_NAME = "actiontrail-wizard"
FORMATS = ("text", "json", "sarif", "markdown", "html")
_RENDERERS = {
    "text": "wizard.report.audit.text:render_report",
    "json": "wizard.report.audit.json_format:render",
    "sarif": "wizard.report.audit.sarif:render",
    "markdown": "wizard.report.audit.markdown:render",
    "html": "wizard.report.audit.html:render",
}


SANDBOX_NOTICE = ("SANDBOX: read from the local sandbox cloud (actiontrail-wizard --sandbox), not from Alibaba Cloud: "
                  "this report is a demonstration, not compliance evidence")


def utc_now_iso() -> str:
    """Now (or ACTIONTRAIL_REPORT_EPOCH when set) as ISO 8601 UTC, to the second."""
    epoch = os.environ.get("ACTIONTRAIL_REPORT_EPOCH", "").strip()
    seconds = int(epoch) if epoch.isdigit() else time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


@dataclass(frozen=True)
class AuditReport:
    account_id: str
    region: str
    findings: tuple[Finding, ...]
    generated_at: str = field(default_factory=utc_now_iso)
    config_path: str | None = None  # the settings file judged against; None: the default best practice
    config_sections: dict[str, int] = field(default_factory=dict)  # TOML section -> line, for SARIF locations
    tool_version: str = __version__
    approval: str = ""  # without a settings file: the account's approved settings, "approved <when> by <who> ..."
    benchmark: str = ALL  # which verdicts decide (and which rules are shown): all | best-practice | mlps | cis
    sandbox: bool = False  # read from the local sandbox cloud: every format says so, no report passes for evidence
    last_delivered: tuple[str, ...] = ()  # "<trail> to OSS: <time>" from GetTrailStatus (core/delivery.py)

    def __post_init__(self):
        frameworks_of(self.benchmark)  # an unknown benchmark is an error here, not an empty report

    @property
    def subject(self) -> str:
        """What the account was judged against, in words."""
        if self.config_path:
            return f"the settings in {self.config_path}"
        if self.approval:
            return f"the settings {self.approval}"
        return "the ActionTrail best practice (every trail found), with no approved settings recorded"

    @property
    def benchmark_title(self) -> str:
        if self.benchmark == ALL:
            return "all frameworks (" + ", ".join(TITLES.values()) + "): the strictest verdict of each rule decides"
        return TITLES[Framework(self.benchmark)]

    @property
    def shown(self) -> tuple[Finding, ...]:
        """The findings the benchmark judges, in catalogue order."""
        return tuple(under(self.findings, self.benchmark))

    def status(self, finding: Finding) -> str:
        """The verdict that decides, for this report's benchmark."""
        return finding.status_under(self.benchmark)

    @property
    def summary(self) -> dict[str, int]:
        return counts(self.findings, self.benchmark)

    @property
    def failing(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.shown if self.status(f) == FAIL)

    @property
    def unknown(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.shown if self.status(f) == UNKNOWN)

    @property
    def compliant(self) -> bool:
        """Nothing fails and nothing is unknown under the benchmark: what exit code 0 means."""
        return compliant(self.findings, self.benchmark)

    @property
    def verdict(self) -> str:
        """COMPLIANT, NOT COMPLIANT or NOT PROVEN (nothing fails, but some rule could not be judged)."""
        return "COMPLIANT" if self.compliant else "NOT COMPLIANT" if self.failing else "NOT PROVEN"

    def frameworks(self) -> list[tuple[Framework, dict[str, int], str]]:
        """(framework, counts of its verdicts over the rules it covers, its verdict), for every framework."""
        rows = []
        for framework in Framework:
            covered = [f for f in self.findings if f.controls_in(framework) or not f.controls]
            tally = counts(covered, framework.value)
            verdict = "NOT COMPLIANT" if tally["fail"] else "NOT PROVEN" if tally["unknown"] else "COMPLIANT"
            rows.append((framework, tally, verdict))
        return rows


def config_sections(text: str) -> dict[str, int]:
    """1-based line of each top-level `[section]` of a settings TOML (SARIF points results there)."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("[") and not stripped.startswith("[["):
            name = stripped[1:].split("]", 1)[0].strip()
            lines.setdefault(name, number)
    return lines


def render(report: AuditReport, fmt: str) -> str:
    """The report in one of FORMATS; each renderer module is imported only when chosen."""
    module, _, name = _RENDERERS[fmt].partition(":")
    return getattr(importlib.import_module(module), name)(report)
