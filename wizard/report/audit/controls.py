"""Which compliance framework each of a rule's references belongs to, for the evidence reports.

The references themselves live once, in the rule catalogue (wizard/core/audit/catalogue.py);
this only sorts them into the columns an auditor files them under.
"""

from __future__ import annotations

from wizard.core.audit.catalogue import BEST_PRACTICE
from wizard.core.findings import FAIL, PASS, SKIP, Finding

FRAMEWORKS = (
    ("best-practice", "ActionTrail best practices"),
    ("mlps", "MLPS 2.0"),
    ("cis", "CIS Alibaba Cloud"),
)


def framework_of(reference: str) -> str:
    if reference == BEST_PRACTICE:
        return "best-practice"
    if reference.startswith("MLPS 2.0"):
        return "mlps"
    if reference.startswith("CIS Alibaba Cloud"):
        return "cis"
    return "other"


def controls(references: tuple[str, ...]) -> dict[str, list[str]]:
    """A rule's references grouped by framework key (every key of FRAMEWORKS present)."""
    grouped: dict[str, list[str]] = {key: [] for key, _ in FRAMEWORKS}
    for reference in references:
        grouped.setdefault(framework_of(reference), []).append(reference)
    return grouped


def short_control(reference: str) -> str:
    """The reference without its framework's name: "CIS Alibaba Cloud 2.4" -> "2.4"."""
    if reference == BEST_PRACTICE:
        return "yes"
    for prefix in ("CIS Alibaba Cloud ", "MLPS 2.0 / ", "MLPS 2.0 "):
        if reference.startswith(prefix):
            return reference[len(prefix):]
    return reference


def framework_summary(findings: tuple[Finding, ...] | list[Finding]) -> list[tuple[str, dict[str, int]]]:
    """(framework title, {pass, fail, skip}) over the rules each framework maps to."""
    rows = []
    for key, title in FRAMEWORKS:
        counts = {PASS: 0, FAIL: 0, SKIP: 0}
        for finding in findings:
            if controls(finding.references)[key] and finding.status in counts:
                counts[finding.status] += 1
        rows.append((title, counts))
    return rows
