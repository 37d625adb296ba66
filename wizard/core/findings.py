"""Finding: one rule's verdict on one account, per framework, as plain data; Status is a verdict.

The rules themselves (id, title, severity, fix, controls) are the audit's catalogue,
wizard/core/audit/catalogue.py; every front end and report reads findings, never the
checks. A finding's `status` is the strictest of its frameworks' verdicts (the "all"
benchmark); `status_under(benchmark)` is the verdict one benchmark decides by.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import Iterable

from wizard.core.frameworks import ALL, Control, Framework, frameworks_of


class Status(StrEnum):
    """A verdict. A StrEnum, so JSON, SARIF and tests see "pass", "fail", "skip" and "unknown"."""

    PASS = "pass"
    FAIL = "fail"  # the framework requires the thing and it is absent or wrong
    SKIP = "skip"  # the rule does not apply under that framework (no such destination, no such control)
    UNKNOWN = "unknown"  # it needs intent (approved settings) or a read that failed: never a pass, never a fail


PASS, FAIL, SKIP, UNKNOWN = Status.PASS, Status.FAIL, Status.SKIP, Status.UNKNOWN
_STRICTNESS = (FAIL, UNKNOWN, PASS, SKIP)  # "all" takes the first of these any framework gave


def strictest(statuses: Iterable[Status]) -> Status:
    """The verdict of several frameworks together: fail before unknown before pass; skip only when all skip."""
    found = set(statuses)
    return next((status for status in _STRICTNESS if status in found), SKIP)


@dataclass(frozen=True)
class Verdict:
    status: Status
    note: str = ""  # why this framework sees it so, when the evidence alone does not say (its threshold, no control)


@dataclass(frozen=True)
class Finding:
    rule: str
    title: str
    status: Status  # the strictest verdict of all frameworks
    severity: str
    resource: str
    evidence: str
    fix: str
    references: tuple[str, ...]  # every cited control's text, framework by framework
    verdicts: tuple[tuple[Framework, Verdict], ...] = ()  # empty: `status` under every framework
    controls: tuple[Control, ...] = ()

    def verdict(self, framework: Framework | str) -> Verdict:
        return dict(self.verdicts).get(Framework(framework), Verdict(self.status))

    def status_under(self, benchmark: str) -> Status:
        """The verdict a benchmark decides by ("all": the strictest of every framework)."""
        if benchmark == ALL:
            return self.status
        return self.verdict(benchmark).status

    def controls_in(self, framework: Framework | str) -> tuple[Control, ...]:
        return tuple(c for c in self.controls if c.framework == Framework(framework))

    def judged_under(self, benchmark: str) -> bool:
        """Does the benchmark judge this rule at all (one of its frameworks cites a control)? Every rule under "all"."""
        return benchmark == ALL or not self.controls or bool(self.controls_in(benchmark))

    def to_json(self) -> dict:
        return {
            "rule": self.rule,
            "title": self.title,
            "status": self.status,
            "severity": self.severity,
            "resource": self.resource,
            "evidence": self.evidence,
            "fix": self.fix,
            "references": list(self.references),
            "verdicts": {fw.value: {"status": self.verdict(fw).status, "note": self.verdict(fw).note}
                         for fw in Framework},
        }


def under(findings: Iterable[Finding], benchmark: str = ALL) -> list[Finding]:
    """The findings a benchmark judges (a rule no control of its frameworks covers is left out)."""
    frameworks_of(benchmark)  # an unknown benchmark is an error, not an empty report
    return [f for f in findings if f.judged_under(benchmark)]


def failing(findings: Iterable[Finding], benchmark: str = ALL) -> list[Finding]:
    return [f for f in under(findings, benchmark) if f.status_under(benchmark) == FAIL]


def any_failing(findings: Iterable[Finding], benchmark: str = ALL) -> bool:
    """Some rule fails: there is something to fix."""
    return bool(failing(findings, benchmark))


def compliant(findings: Iterable[Finding], benchmark: str = ALL) -> bool:
    """Nothing fails and nothing is unknown under the benchmark."""
    return all(f.status_under(benchmark) in (PASS, SKIP) for f in under(findings, benchmark))


def counts(findings: Iterable[Finding], benchmark: str = ALL) -> dict[str, int]:
    """{"pass": n, "fail": n, "skip": n, "unknown": n} under the benchmark, every key present."""
    counted = Counter(f.status_under(benchmark) for f in under(findings, benchmark))
    return {status.value: counted[status] for status in Status}
