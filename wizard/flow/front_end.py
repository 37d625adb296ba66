"""FrontEnd: how a step of the sequence looks. The sequence (sequence.py) decides what comes next.

Each method that reads or writes the cloud gets that call as `work` and runs it
where it suits the front end (the Textual app off its event loop, with progress
on screen; plain mode and commands in line). A method returning None means the
operator stopped there.
"""

from __future__ import annotations

from dataclasses import dataclass
import threading
from typing import TYPE_CHECKING, Callable, Protocol, Sequence, TypeVar

from steps import Answers, Known
from wizard.core.delivery import DeliveryProof
from wizard.core.findings import Finding
from wizard.core.history import BackfillStatus
from wizard.core.observed import Observed
from wizard.core.plan import Plan
from wizard.core.progress import ActionEvent
from wizard.core.settings import Settings
from wizard.flow.connection import Identity
from wizard.flow.review import Consent
from wizard.flow.survey import Start, Survey
from wizard.flow.verify import Verification

if TYPE_CHECKING:
    from wizard.cloud.apply.executor import ExecutionResult

T = TypeVar("T")
OnEvent = Callable[[ActionEvent], None]
ApplyWork = Callable[[OnEvent, "threading.Event"], "ExecutionResult"]  # progress out; set the Event to stop
OnProof = Callable[[DeliveryProof], None]
ProveWork = Callable[[OnProof, "threading.Event"], DeliveryProof]  # the proof so far out; set the Event to skip


class Interrupted(Exception):
    """The operator interrupted the run (Ctrl-C): the sequence says how far it got and exits 130."""


@dataclass(frozen=True)
class Applied:
    result: "ExecutionResult"
    retry: bool = False  # the operator asked to re-read the account and resume
    stop: bool = False  # the operator chose to stop rather than re-plan after another apply ran


class FrontEnd(Protocol):
    asks_settings: bool  # False: the settings file is applied as it is (the `apply` command)

    def connect(self, work: Callable[[], Identity]) -> Identity | None:
        """Say where the wizard connects, run `work`, say who the caller is."""

    def existing_setup(self, work: Callable[[], Survey], settings: Settings | None) -> tuple[Survey, Start | None]:
        """Read the account (`work`), show the audit, and say how to go on (None: stop here)."""

    def ask_settings(self, answers: Answers, known: Known, observed: Observed) -> Settings | None:
        """The steps' questions, starting from `answers`."""

    def busy(self, message: str, work: Callable[[], T]) -> T:
        """Run `work` while showing `message`."""

    def review(self, plan: Plan, settings: Settings, consent: Consent, dry_run: bool) -> bool:
        """Show the plan; True only when the operator approved it, with the consent it needs."""

    def nothing_to_apply(self, findings: Sequence[Finding]) -> None:
        """The plan holds no change; these are the rules as they stand."""

    def apply(self, plan: Plan, work: ApplyWork, resume: str) -> Applied:
        """Run the plan (`work`) with progress; stopping lets the calls in flight finish, then `resume` resumes."""

    def prove_delivery(self, work: ProveWork, later: str, sandbox: bool) -> DeliveryProof | None:
        """Prove delivery after apply (`work`, with progress), skippable; on the real cloud it can take ten minutes,
        so offer to leave it for `later` (the verify command). None: left for later."""

    def summary(self, work: Callable[[], Verification], settings: Settings, check: str,
                backfill: Callable[[], BackfillStatus] | None) -> Verification:
        """Read the account again (`work`) and show what was verified, where the events land, and `check`: the
        command that checks it again later."""

    def say(self, message: str, error: bool = False) -> None:
        """A line for the operator (a result, a hint); `error` when something went wrong."""
