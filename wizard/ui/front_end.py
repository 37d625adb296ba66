"""TextualFrontEnd: the sequence's FrontEnd as screens. It runs in the app's `run_wizard` thread worker.

Every flow call (`work`) runs in that thread, never on the event loop; screens
are pushed and updated through call_from_thread, and the thread waits for the
operator's answer on a Future that the screen's dismiss resolves. When the app
is closing, every wait ends at once (Closing), so the thread never outlives it.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Callable, Sequence

from textual.screen import Screen
from textual.worker import get_current_worker

from steps import STEPS, Answers, Known, apply_answers
from wizard.core.findings import Finding
from wizard.core.history import BackfillStatus
from wizard.core.observed import Observed
from wizard.core.plan import Plan
from wizard.core.settings import Settings
from wizard.flow.connection import Identity
from wizard.flow.front_end import Applied, Interrupted
from wizard.flow.later import command
from wizard.flow.review import Consent
from wizard.flow.survey import Start, Survey
from wizard.flow.verify import Verification
from wizard.report.plan.files import SETTINGS_FILE, account_folder
from wizard.ui.screens.apply import ApplyScreen
from wizard.ui.screens.audit import AuditScreen
from wizard.ui.screens.busy import BusyScreen
from wizard.ui.screens.delivery import WAIT_NOW, DeliveryScreen
from wizard.ui.screens.plan import PlanScreen
from wizard.ui.screens.step import StepScreen
from wizard.ui.screens.summary import SummaryScreen
from wizard.ui.screens.welcome import WelcomeScreen


class Closing(Exception):
    """The app is closing: the sequence stops where it is."""


class Shown(Exception):
    """An error the screen has already shown; the app exits with its code and message."""

    def __init__(self, error: Exception):
        super().__init__(str(error))
        self.error = error


def message_of(error: Exception) -> str:
    return getattr(error, "message", None) or str(error)


class TextualFrontEnd:
    asks_settings = True

    def __init__(self, app, welcome: WelcomeScreen, welcomed: Future, save_dir):
        self.app, self.welcome, self.welcomed, self.save_dir = app, welcome, welcomed, save_dir
        self.messages: list[str] = []  # said on exit, below the app
        self.sandbox = False
        self.account_id = ""  # once connected: plans are saved in the account's own folder
        self.interrupted = threading.Event()  # Ctrl-C: the next wait ends the sequence (Interrupted)
        self.apply_screen: ApplyScreen | None = None  # while calls run: Ctrl-C stops them as q does
        self.delivery_stop: threading.Event | None = None  # while delivery is proven: Ctrl-C skips the wait

    def interrupt(self) -> None:
        """Ctrl-C: while calls run, stop after the ones in flight; otherwise end the sequence where it waits."""
        if self.apply_screen is not None and self.apply_screen.finished is None:
            self.apply_screen.action_quit_wizard()
        elif self.delivery_stop is not None:
            self.delivery_stop.set()
        else:
            self.interrupted.set()

    # -- plumbing -----------------------------------------------------------------------------
    def call(self, callback, *args):
        try:
            return self.app.call_from_thread(callback, *args)
        except RuntimeError as error:  # the app has stopped running
            raise Closing from error

    def wait(self, future: Future):
        worker = get_current_worker()
        while True:
            if self.interrupted.is_set():
                raise Interrupted
            try:
                return future.result(timeout=0.1)
            except FutureTimeout:
                if worker.is_cancelled or not self.app._running:  # noqa: SLF001 - Textual has no public flag
                    raise Closing from None

    def show(self, screen: Screen) -> Future:
        """Push the screen; the Future gets the value it is dismissed with."""
        result: Future = Future()
        self.call(self.app.push_screen, screen, result.set_result)
        return result

    def ask(self, screen: Screen):
        return self.wait(self.show(screen))

    # -- the steps of the sequence ----------------------------------------------------------------
    def connect(self, work: Callable[[], Identity]) -> Identity | None:
        try:
            identity = work()
        except Exception as error:  # noqa: BLE001 - shown on the screen, never as a traceback
            self.call(self.welcome.show_error, message_of(error))
            self.wait(self.welcomed)
            raise Shown(error) from None
        self.sandbox = identity.sandbox
        self.call(self.welcome.show_identity, identity)
        self.account_id = identity.account_id
        return self.wait(self.welcomed)

    def existing_setup(self, work: Callable[[], Survey], settings: Settings | None) -> tuple[Survey, Start | None]:
        screen = AuditScreen()
        choice = self.show(screen)
        try:
            survey = work()
        except Exception as error:  # noqa: BLE001
            self.call(screen.show_error, message_of(error))
            self.wait(choice)
            raise Shown(error) from None
        self.call(screen.show, survey)
        return survey, self.wait(choice)

    def ask_settings(self, answers: Answers, known: Known, observed: Observed) -> Settings | None:
        index = 0
        while index < len(STEPS):
            result = self.ask(StepScreen(STEPS[index], answers, index + 1, len(STEPS), known, observed))
            if result is None:
                return None
            answers = result.answers
            index = max(0, index - 1) if result.back else index + 1
        return apply_answers(answers)

    def busy(self, message: str, work):
        screen = BusyScreen(message)
        done = self.show(screen)
        try:
            return work()
        finally:
            self.call(screen.dismiss, None)
            self.wait(done)

    def review(self, plan: Plan, settings: Settings, consent: Consent, dry_run: bool) -> bool:
        saved = str(account_folder(self.save_dir, self.account_id) / SETTINGS_FILE)
        return bool(self.ask(PlanScreen(plan, settings, dry_run, self.save_dir, consent,
                                        command("apply", saved, self.app.flow.connection, settings), self.account_id)))

    def nothing_to_apply(self, findings: Sequence[Finding]) -> None:
        pass  # the plan screen said so

    def apply(self, plan: Plan, work, resume: str) -> Applied:
        stop = threading.Event()
        screen = self.apply_screen = ApplyScreen(plan, stop, resume)
        outcome = self.show(screen)
        try:
            result = work(lambda event: self.call(screen.record, event), stop)
        except Closing:
            raise
        except Exception as error:  # noqa: BLE001 - e.g. the journal cannot be written: a message, not a hang
            self.call(screen.show_error, message_of(error))
            self.call(screen.finish, False)
            self.wait(outcome)
            raise Shown(error) from None
        finally:
            self.interrupted.clear()  # a Ctrl-C while calls ran stopped them; it does not also end the sequence
        self.call(screen.finish, result.ok, result.stopped, len(result.done), result.superseded)
        answer = self.wait(outcome)
        self.apply_screen = None
        return Applied(result, retry=answer == "retry", stop=bool(result.superseded) and answer != "retry")

    def prove_delivery(self, work, later: str, sandbox: bool):
        if not sandbox and self.ask(DeliveryScreen(later, sandbox, threading.Event(), ask_first=True)) != WAIT_NOW:
            return None
        stop = self.delivery_stop = threading.Event()
        screen = DeliveryScreen(later, sandbox, stop, ask_first=False)
        shown = self.show(screen)
        try:
            return work(lambda proof: self.call(screen.show_proof, proof), stop)
        finally:
            self.delivery_stop = None
            self.call(screen.dismiss, None)
            self.wait(shown)

    def summary(self, work: Callable[[], Verification], settings: Settings, check: str,
                backfill: Callable[[], BackfillStatus] | None) -> Verification:
        screen = SummaryScreen(settings, check, backfill, self.sandbox)
        closed = self.show(screen)
        try:
            verification = work()
        except Exception as error:  # noqa: BLE001
            self.call(screen.show_error, message_of(error))
            self.wait(closed)
            raise Shown(error) from None
        self.call(screen.show, verification)
        if verification.backfill is not None:
            self.call(screen.show_backfill, verification.backfill)
        self.wait(closed)
        return verification

    def say(self, message: str, error: bool = False) -> None:
        self.messages.append(message)
