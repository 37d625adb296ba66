"""Finding: one rule's verdict on one account, as plain data; Status is its verdict.

The rules themselves (id, title, severity, fix, references) are the audit's
catalogue, wizard/core/audit/catalogue.py; every front end and report reads
findings, never the checks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import Iterable


class Status(StrEnum):
    """A rule's verdict. A StrEnum, so JSON, SARIF and tests see "pass", "fail" and "skip"."""

    PASS = "pass"
    FAIL = "fail"
    SKIP = "skip"  # the rule does not apply (no OSS delivery, no customer key)
    UNKNOWN = "unknown"


PASS, FAIL, SKIP = Status.PASS, Status.FAIL, Status.SKIP
UNKNOWN = Status.UNKNOWN  # the verdict depends on intent nobody approved (no approved settings): never pass, never fail


@dataclass(frozen=True)
class Finding:
    rule: str
    title: str
    status: Status
    severity: str
    resource: str
    evidence: str
    fix: str
    references: tuple[str, ...]

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
        }


def failing(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.status == FAIL]


def any_failing(findings: Iterable[Finding]) -> bool:
    """The gate every command and front end uses: some rule fails."""
    return any(f.status == FAIL for f in findings)


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    """{"pass": n, "fail": n, "skip": n, "unknown": n}, every key present."""
    counted = Counter(f.status for f in findings)
    return {status.value: counted[status] for status in Status}
