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
from collections import Counter
from dataclasses import dataclass, field

from wizard import __version__
from wizard.core.findings import FAIL, Finding

TOOL_NAME = "actiontrail-wizard"
FORMATS = ("text", "json", "sarif", "markdown", "html")
_RENDERERS = {
    "text": "wizard.report.audit.text:render_report",
    "json": "wizard.report.audit.json_format:render",
    "sarif": "wizard.report.audit.sarif:render",
    "markdown": "wizard.report.audit.markdown:render",
    "html": "wizard.report.audit.html:render",
}


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

    @property
    def subject(self) -> str:
        """What the account was judged against, in words."""
        if self.config_path:
            return f"the settings in {self.config_path}"
        if self.approval:
            return f"the settings {self.approval}"
        return "the ActionTrail best practice (every trail found; no approved settings recorded)"

    @property
    def summary(self) -> dict[str, int]:
        counts = Counter(f.status for f in self.findings)
        found = {"pass": counts["pass"], "fail": counts["fail"], "skip": counts["skip"]}
        return {**found, "unknown": counts["unknown"]} if counts["unknown"] else found

    @property
    def failing(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.status == FAIL)

    @property
    def compliant(self) -> bool:
        return not self.failing


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
