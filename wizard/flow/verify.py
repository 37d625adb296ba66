"""What the account looks like after apply: read again, judged again, and the backfill's progress."""

from __future__ import annotations

from dataclasses import dataclass

from wizard.core.delivery import DeliveryProof
from wizard.core.findings import Finding, compliant
from wizard.core.history import BackfillStatus
from wizard.core.observed import Observed


@dataclass(frozen=True)
class Verification:
    observed: Observed
    findings: tuple[Finding, ...]
    backfill: BackfillStatus | None = None  # only when the plan started a history job
    delivery: DeliveryProof | None = None  # the proof of delivery made just before (None: left for later)
    prove_later: str = ""  # the `verify` command, when the proof was left for later

    @property
    def verified(self) -> bool:
        """Every rule passes under every framework, as read back from the account (not as planned): no rule fails
        and none is unknown."""
        return compliant(self.findings)
