"""Apply: one row per action (pending, running, done, failed) with its RequestId; the calls run in the wizard's worker.

`q` (or Ctrl-C) while calls run asks them to stop: the calls in flight finish and are journaled, nothing
new starts, and the screen says how many were made and the command that resumes. `d` shows the
highlighted call's full RequestId and error.
"""

from __future__ import annotations

import threading

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, ProgressBar, Static

from wizard.core.plan import Plan
from wizard.core.progress import ActionEvent, ActionState
from wizard.ui.screens.call_detail import CallDetailScreen
from wizard.ui.text import cell, line

STATE = {ActionState.PENDING: "· pending", ActionState.RUNNING: "▶ running", ActionState.RETRYING: "↻ retrying",
         ActionState.DONE: "✓ done", ActionState.FAILED: "✗ FAILED", ActionState.SKIPPED: "– skipped"}
SHORT_ID = 13  # a RequestId's start in the table; `d` shows it whole


class ApplyScreen(Screen[str | None]):
    """Dismisses "done" (then verify), "retry" (re-discover and resume) or None (quit)."""

    CSS_PATH = "apply.tcss"
    BINDINGS = [Binding("enter", "continue", "Verify", priority=True), Binding("r", "retry", "Retry"),
                Binding("d", "details", "Details"), Binding("q", "quit_wizard", "Quit")]

    def __init__(self, plan: Plan, stop: threading.Event | None = None, resume: str = ""):
        """`stop` is set to stop the run after the calls in flight; `resume` is the command that resumes it."""
        super().__init__()
        self.plan, self.stop, self.resume = plan, stop or threading.Event(), resume
        self.finished: str | None = None  # "done" | "failed" | "stopped"
        self.skipped: list[ActionEvent] = []  # optional steps that failed (the history backfill): reported, not fatal
        self.events: dict[str, list[ActionEvent]] = {}  # every event of each action, for `d`

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(line(f"Applying {self.plan.changes} change(s)... (q stops after the calls in flight)"),
                     id="status")
        yield ProgressBar(total=max(1, self.plan.changes), show_eta=False, id="progress")
        yield DataTable(id="rows", cursor_type="row", zebra_stripes=True)
        yield Static("", id="error")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("#", key="n")
        table.add_column("State", key="state", width=11)
        table.add_column("Call", key="api")
        table.add_column("RequestId", key="request", width=SHORT_ID)
        table.add_column("Resource", key="resource")
        for number, action in enumerate(self.plan.actions, start=1):
            table.add_row(cell(number), cell(STATE[ActionState.PENDING]), cell(f"{action.service} {action.api}"),
                          cell(""), cell(action.resource), key=action.id)

    def show_error(self, message: str) -> None:
        """An error that stopped the run outside any call (the journal cannot be written)."""
        self.query_one("#error", Static).update(line(message))

    def record(self, event: ActionEvent) -> None:
        """Show one progress event (the wizard's worker calls this through call_from_thread)."""
        self.events.setdefault(event.action.id, []).append(event)
        table = self.query_one(DataTable)
        table.update_cell(event.action.id, "state", cell(STATE.get(event.state, event.state)))
        if event.request_id:
            table.update_cell(event.action.id, "request", cell(event.request_id, width=SHORT_ID))
        table.move_cursor(row=event.index)
        if event.state in (ActionState.DONE, ActionState.SKIPPED):
            self.query_one(ProgressBar).advance(1)
        error = event.error
        if event.state == ActionState.RETRYING and error:
            self.query_one("#status", Static).update(
                line(f"{event.action.api}: {error.code}, retrying (attempt {event.attempt + 1})..."))
        if event.state == ActionState.SKIPPED and error:
            self.skipped.append(event)
            hint = f"\nhint: {error.hint}" if error.hint else ""
            self.query_one("#error", Static).update(
                line((f"{error.api} skipped (optional): {error.code}", "bold"), "\n", f"{error.detail}{hint}"))
        if event.state == ActionState.FAILED and error:
            hint = f"\nhint: {error.hint}" if error.hint else ""
            self.query_one("#error", Static).update(
                line((f"{error.service} {error.api} failed: {error.code}", "bold"), "\n",
                     f"{error.detail}\nRequestId {error.request_id or '-'}{hint}"))

    def finish(self, ok: bool, stopped: bool = False, done: int = 0) -> None:
        """The run ended: all applied, stopped by the operator (`done` were made), or stopped at an error."""
        self.finished = "done" if ok else "stopped" if stopped else "failed"
        self.refresh_bindings()
        status = self.query_one("#status", Static)
        if ok and self.skipped:
            status.update(line(("Applied", "bold green"), f", except {len(self.skipped)} optional step(s) (see "
                               "below). Press Enter to verify."))
        elif ok:
            status.update(line(("All changes applied.", "bold green"), " Press Enter to verify."))
        elif stopped:
            status.update(line((f"Stopped: {done} of {self.plan.changes} change(s) were made.", "bold yellow"),
                               " The calls in flight finished; nothing else started. Resume with:\n  ", self.resume,
                               "\nq to quit."))
        else:
            status.update(line(("Stopped at the first error.", "bold red"), " Done steps are kept; press r to retry "
                               "(re-reads the account and resumes), q to quit."))

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """The footer offers only what applies now: verify once done, retry once failed."""
        if action == "continue":
            return self.finished == "done"
        if action == "retry":
            return self.finished == "failed"
        return True

    def action_continue(self) -> None:
        if self.finished == "done":
            self.dismiss("done")

    def action_retry(self) -> None:
        if self.finished == "failed":
            self.dismiss("retry")

    def action_details(self) -> None:
        """The highlighted call's every state, its full RequestId and error."""
        table = self.query_one(DataTable)
        if table.cursor_row is None or not self.plan.actions or isinstance(self.app.screen, CallDetailScreen):
            return
        action = self.plan.actions[table.cursor_row]
        self.app.push_screen(CallDetailScreen(action, self.events.get(action.id, [])))

    def action_quit_wizard(self) -> None:
        """Once the run ended, quit; while calls run, stop after the ones in flight (they are never abandoned)."""
        if self.finished is not None:
            self.dismiss(None)
            return
        self.stop.set()
        message = ("Stopping: the calls in flight finish and are recorded, then nothing new starts. A re-run "
                   "resumes where this one stopped.")
        self.query_one("#status", Static).update(line((message, "bold yellow")))
        self.notify(message, title="Stopping", severity="warning", markup=False)
