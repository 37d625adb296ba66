"""Summary: the audit after apply, the history backfill's progress, where the events land, how to check again."""

from __future__ import annotations

from typing import Callable

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, LoadingIndicator, Static

from wizard.core.findings import UNKNOWN, Finding, compliant
from wizard.core.findings import failing as failing_findings
from wizard.core.history import BackfillStatus, describe
from wizard.core.settings import Settings
from wizard.report.where import where_events_land
from wizard.ui.screens.audit import STATUS


class SummaryScreen(Screen[None]):
    CSS_PATH = "summary.tcss"
    BINDINGS = [Binding("q", "quit_wizard", "Quit"), Binding("r", "refresh_backfill", "Refresh backfill")]
    REFRESH_SECONDS = 15.0  # while the history job runs

    def __init__(self, settings: Settings, config_hint: str = "settings.toml",
                 backfill: Callable[[], BackfillStatus] | None = None):
        """`backfill` reads the history job's progress (a flow call, run in a thread), when the plan started one."""
        super().__init__()
        self.settings, self.config_hint, self.read_status = settings, config_hint, backfill
        self.backfill = backfill is not None
        self._timer = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Verifying: reading the account again...", id="verdict")
        yield Static("", id="backfill")
        yield LoadingIndicator(id="verifying")
        yield Static("", id="where")
        yield DataTable(id="findings", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Status", "Rule", "Evidence")
        self.query_one("#backfill").display = self.backfill

    def show_error(self, message: str) -> None:
        self.query_one("#verifying").display = False
        self.query_one("#verdict", Static).update(escape(message))

    @work(thread=True, exclusive=True, group="backfill", exit_on_error=False)
    def read_backfill(self) -> None:
        self.app.call_from_thread(self.show_backfill, self.read_status())

    def show_backfill(self, status: BackfillStatus) -> None:
        """The history job's progress; refreshed every REFRESH_SECONDS while it runs."""
        self.query_one("#backfill", Static).update(escape(describe(status)))
        running = status.job is not None and status.job.running
        if running and self._timer is None:
            self._timer = self.set_interval(self.REFRESH_SECONDS, self.action_refresh_backfill)
        elif not running and self._timer is not None:
            self._timer.stop()
            self._timer = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The refresh key only shows when a history job was started."""
        return self.backfill if action == "refresh_backfill" else True

    def action_refresh_backfill(self) -> None:
        if self.read_status is not None:
            self.read_backfill()

    def show(self, account_id: str, findings: list[Finding]) -> None:
        self.query_one("#verifying").display = False
        table = self.query_one(DataTable)
        for f in findings:
            table.add_row(STATUS[f.status], f.rule, f.evidence)
        failing = len(failing_findings(findings))
        unknown = sum(f.status == UNKNOWN for f in findings)
        verdict = ("[b green]Verified: every rule passes.[/b green]" if compliant(findings)
                   else f"[b]{failing} rule(s) still fail[/b] (see the blocked items on the plan)." if failing
                   else f"[b]{unknown} rule(s) not proven[/b]: a read failed.")
        self.query_one("#verdict", Static).update(verdict)
        self.query_one("#where", Static).update(
            "[b]Where the events land[/b]\n" + escape("\n".join(f"• {line}" for line in where_events_land(self.settings)))
            + f"\n[b]Check again later[/b]: actiontrail-wizard audit --config {escape(str(self.config_hint))}")

    def action_quit_wizard(self) -> None:
        self.dismiss(None)
