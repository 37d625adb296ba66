"""The frameworks a rule is judged under, their controls, and how one rule's verdicts combine.

Every rule cites the controls it checks in each framework (wizard/core/audit/catalogue.py)
and gets one verdict per framework: the best practice judges by the settings, MLPS 2.0 by
its 180 days, CIS Alibaba Cloud 2.0 by its 365. A benchmark is one framework, or "all",
which decides by the strictest verdict of each rule. Pure data.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Framework(StrEnum):
    BEST_PRACTICE = "best-practice"
    MLPS = "mlps"
    CIS = "cis"


TITLES = {
    Framework.BEST_PRACTICE: "ActionTrail best practices",
    Framework.MLPS: "MLPS 2.0",
    Framework.CIS: "CIS Alibaba Cloud 2.0",
}
ALL = "all"
BENCHMARKS = (ALL, *(f.value for f in Framework))  # what `audit --benchmark` accepts

MLPS_RETENTION_DAYS = 180  # GB/T 22239-2019 8.1.5.4 d) and the Cybersecurity Law art. 21: six months of logs
CIS_RETENTION_DAYS = 365  # CIS Alibaba Cloud 2.0, 2.23: Logstore data retention 365 days or greater


@dataclass(frozen=True)
class Control:
    """One control of one framework: its number in that framework and its title, as the framework words it."""

    framework: Framework
    id: str  # "5.9" (CIS), "8.1.4.3 c)" (MLPS), "" (the best practice has no numbering)
    title: str

    @property
    def text(self) -> str:
        """The reference as a filed report spells it."""
        if self.framework is Framework.CIS:
            return f"CIS Alibaba Cloud 2.0 {self.id}: {self.title}"
        if self.framework is Framework.MLPS:
            return f"MLPS 2.0 level 3 (GB/T 22239-2019) {self.id}: {self.title}"
        return self.title

    @property
    def short(self) -> str:
        """What a report's framework column shows: the control's number ("yes" for the best practice)."""
        return self.id or "yes"


def frameworks_of(benchmark: str) -> tuple[Framework, ...]:
    """The frameworks a benchmark decides by: one, or every one for "all"."""
    if benchmark == ALL:
        return tuple(Framework)
    return (Framework(benchmark),)
