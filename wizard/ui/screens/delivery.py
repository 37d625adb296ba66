"""Delivery: after apply, a marker call is looked for in every destination, with progress; `s` leaves it for later.

On the real cloud this can take ten minutes, so the screen first asks: wait now (Enter) or later (`l`: the verify
command is shown on the summary). On the sandbox it starts at once, its clock moved forward (seconds). The proof
runs in the wizard's worker; this screen only shows it (wizard.report.delivery's words) and dismisses.
"""

from __future__ import annotations

import threading

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, ProgressBar, Static

from wizard.core.delivery import DeliveryProof
from wizard.report.delivery import describe, duration
from wizard.ui.text import line

WAIT_NOW, LATER = "now", "later"


class DeliveryScreen(Screen[str | None]):
    """Dismisses WAIT_NOW or LATER when asked first (the real cloud), otherwise None once the proof is shown."""

    CSS_PATH = "delivery.tcss"
    BINDINGS = [Binding("enter", "wait_now", "Wait now", priority=True), Binding("l", "later", "Later"),
                Binding("s", "skip", "Skip")]

    def __init__(self, later: str, sandbox: bool, stop: threading.Event, ask_first: bool):
        super().__init__()
        self.later, self.sandbox, self.stop, self.asking = later, sandbox, stop, ask_first
        self.choice: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        if self.asking:
            intro = ("Prove delivery: one harmless call the trail records, then its RequestId looked for in the event "
                     "history, the Logstore and the newest OSS file. ActionTrail delivers to OSS within 10 minutes, "
                     "so this can take that long.\nEnter waits now; l leaves it for later: ")
        else:
            intro = ("Proving delivery: one harmless call the trail records, then its RequestId looked for in each "
                     "destination" + (" (the sandbox's clock is moved forward)" if self.sandbox else "")
                     + ". s skips; prove it later with: ")
        yield Static(line(intro, self.later), id="intro")
        yield ProgressBar(total=100, show_eta=False, id="waited")
        yield Static("", id="found")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = not self.asking

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Wait now and later while asking; skip while waiting."""
        return self.asking if action in ("wait_now", "later") else not self.asking

    def action_wait_now(self) -> None:
        if self.asking:
            self.dismiss(WAIT_NOW)

    def action_later(self) -> None:
        if self.asking:
            self.dismiss(LATER)

    def action_skip(self) -> None:
        self.stop.set()
        self.query_one("#intro", Static).update(line("Skipping: the searches in flight finish..."))

    def show_proof(self, proof: DeliveryProof) -> None:
        """The proof so far (the wizard's worker calls this after every round of searches)."""
        bar = self.query_one(ProgressBar)
        bar.update(total=max(1.0, proof.timeout), progress=proof.timeout if not proof.missing else proof.waited)
        clock = " of the sandbox clock" if proof.sandbox else ""
        found = len(proof.destinations) - len(proof.missing)
        self.query_one("#found", Static).update(line(
            (f"{found} of {len(proof.destinations)} destinations after {duration(proof.waited)}{clock}", "bold"),
            "\n", "\n".join(describe(proof)[1:-1])))
