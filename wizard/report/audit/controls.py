"""What the evidence reports show per framework: a rule's controls and its verdict under each framework.

The controls live once, in the rule catalogue (wizard/core/audit/catalogue.py); each
finding carries them and its verdict per framework. This only words them for a column.
"""

from __future__ import annotations

from wizard.core.findings import Finding
from wizard.core.frameworks import Framework

VERDICT_WORD = {"pass": "pass", "fail": "FAIL", "skip": "n/a", "unknown": "unknown"}


def control_numbers(finding: Finding, framework: Framework) -> list[str]:
    """The numbers of the framework's controls the rule checks ("yes" for the best practice), e.g. ["2.2", "5.1"]."""
    return [control.short for control in finding.controls_in(framework)]


def verdict_note(finding: Finding, framework: Framework) -> str:
    """What the framework's verdict says beyond the evidence (its own threshold), only where it has a control."""
    verdict = finding.verdict(framework)
    return verdict.note if finding.controls_in(framework) else ""
