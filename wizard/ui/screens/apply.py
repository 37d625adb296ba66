"""Apply: one row per action (pending, running, done, failed) with its RequestId; the calls run in a worker."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, ProgressBar, Static

from wizard.core.plan import Plan
from wizard.core.progress import ActionEvent, ActionState

STATE = {ActionState.PENDING: "· pending", ActionState.RUNNING: "▶ running", ActionState.RETRYING: "↻ retrying",
         ActionState.DONE: "✓ done", ActionState.FAILED: "✗ FAILED", ActionState.SKIPPED: "– skipped"}


class ApplyScreen(Screen[str | None]):
    """Dismisses "done" (then verify), "retry" (re-discover and resume) or None (quit)."""

    CSS_PATH = "apply.tcss"
    BINDINGS = [Binding("enter", "continue", "Continue", priority=True), Binding("r", "retry", "Retry"),
                Binding("q", "quit_wizard", "Quit")]

    def __init__(self, plan: Plan):
        super().__init__()
        self.plan = plan
        self.finished: str | None = None  # "done" | "failed"
        self.skipped: list[ActionEvent] = []  # optional steps that failed (the history backfill): reported, not fatal

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"Applying {self.plan.changes} change(s)...", id="status")
        yield ProgressBar(total=max(1, self.plan.changes), show_eta=False, id="progress")
        yield DataTable(id="rows", cursor_type="row", zebra_stripes=True)
        yield Static("", id="error")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("#", key="n")
        table.add_column("State", key="state", width=11)
        table.add_column("API", key="api")
        table.add_column("RequestId", key="request", width=14)
        table.add_column("Resource", key="resource")
        for number, action in enumerate(self.plan.actions, start=1):
            table.add_row(str(number), STATE[ActionState.PENDING], f"{action.service} {action.api}", "", action.resource,
                          key=action.id)

    def show_error(self, message: str) -> None:
        """An error that stopped the run outside any call (the journal cannot be written)."""
        self.query_one("#error", Static).update(escape(message))

    def record(self, event: ActionEvent) -> None:
        """Show one progress event (the wizard's worker calls this through call_from_thread)."""
        table = self.query_one(DataTable)
        table.update_cell(event.action.id, "state", STATE[event.state])
        if event.request_id:
            short = event.request_id if len(event.request_id) <= 13 else event.request_id[:12] + "…"
            table.update_cell(event.action.id, "request", short)
        table.move_cursor(row=event.index)
        if event.state in (ActionState.DONE, ActionState.SKIPPED):
            self.query_one(ProgressBar).advance(1)
        if event.state == ActionState.RETRYING and event.error:
            self.query_one("#status", Static).update(
                escape(f"{event.action.api}: {event.error.code}, retrying (attempt {event.attempt + 1})..."))
        if event.state == ActionState.SKIPPED and event.error:
            self.skipped.append(event)
            error = event.error
            hint = f"\nhint: {error.hint}" if error.hint else ""
            self.query_one("#error", Static).update(
                f"[b]{escape(f'{error.api} skipped (optional): {error.code}')}[/b]\n"
                + escape(f"{error.detail}{hint}"))
        if event.state == ActionState.FAILED and event.error:
            error = event.error
            hint = f"\nhint: {error.hint}" if error.hint else ""
            self.query_one("#error", Static).update(
                f"[b]{escape(f'{error.service} {error.api} failed: {error.code}')}[/b]\n"
                + escape(f"{error.detail}\nRequestId {error.request_id or '-'}{hint}"))

    def finish(self, ok: bool, superseded: str = "") -> None:
        self.finished = "done" if ok else "failed"
        self.refresh_bindings()
        status = self.query_one("#status", Static)
        if superseded:  # another apply ran since the account was read: nothing of this plan was written
            status.update(f"[b yellow]{escape(superseded)}[/b yellow] Nothing of this plan was written; press r "
                          "to read the account again and see the new plan, q to quit.")
        elif ok and self.skipped:
            status.update(f"[b green]Applied[/b green], except {len(self.skipped)} optional step(s) (see below). "
                          "Press Enter to verify.")
        elif ok:
            status.update("[b green]All changes applied.[/b green] Press Enter to verify.")
        else:
            status.update("[b red]Stopped at the first error.[/b red] Done steps are kept; press r to retry "
                          "(re-reads the account and resumes), q to quit.")

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """The footer offers only what applies now: continue once done, retry once failed."""
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

    def action_quit_wizard(self) -> None:
        if self.finished is not None:
            self.dismiss(None)
        else:
            self.notify("Wait for the running call to finish; a re-run resumes anyway.", severity="warning")
