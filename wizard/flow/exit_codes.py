"""Exit codes, the same for every command and front end (as Terraform's -detailed-exitcode)."""

from __future__ import annotations

from enum import IntEnum
from typing import Iterable

from wizard.core.delivery import DeliveryProof
from wizard.core.findings import Finding, compliant
from wizard.core.plan import Plan


class ExitCode(IntEnum):
    OK = 0  # nothing to change, compliant, or applied and verified
    ERROR = 1  # an error, or a change the operator did not confirm
    PENDING = 2  # changes pending, or rules still failing
    INTERRUPTED = 130  # Ctrl-C


def for_findings(findings: Iterable[Finding], benchmark: str = "all") -> ExitCode:
    """OK only when every rule passes (or does not apply) under the benchmark; failing or unknown: PENDING."""
    return ExitCode.OK if compliant(findings, benchmark) else ExitCode.PENDING


def for_plan(plan: Plan) -> ExitCode:
    return ExitCode.PENDING if plan.changes else ExitCode.OK


def for_proof(proof: DeliveryProof) -> ExitCode:
    """`verify`: OK when the marker reached every destination, protected as the settings ask; else PENDING."""
    return ExitCode.OK if proof.proven else ExitCode.PENDING
