"""Summary: the audit after apply as read back, the backfill's progress, where the events land, how to check again.

Only what verification read is claimed (wizard.report.summary): a failing rule is listed with its
evidence, and its fix shows below when highlighted. On the sandbox, a banner says so.
"""

from __future__ import annotations

from typing import Callable

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, LoadingIndicator, Static

from wizard.core.findings import FAIL, Finding, compliant
from wizard.core.history import BackfillStatus, describe
from wizard.core.settings import Settings
from wizard.flow.verify import Verification
from wizard.report.summary import SANDBOX_NOTICE, delivery_lines, verdict
from wizard.report.where import where_events_land
from wizard.ui.screens.audit import STATUS
from wizard.ui.text import cell, line


class SummaryScreen(Screen[None]):
    CSS_PATH = "summary.tcss"
    BINDINGS = [Binding("q", "quit_wizard", "Quit"), Binding("r", "refresh_backfill", "Refresh backfill")]
    REFRESH_SECONDS = 15.0  # while the history job runs

    def __init__(self, settings: Settings, check: str = "actiontrail-wizard audit --config settings.toml",
                 backfill: Callable[[], BackfillStatus] | None = None, sandbox: bool = False):
        """`check` is the command that audits again later; `backfill` reads the history job's progress (a flow
        call, run in a thread), when the plan started one."""
        super().__init__()
        self.settings, self.check, self.read_status, self.sandbox = settings, check, backfill, sandbox
        self.backfill = backfill is not None
        self.findings: list[Finding] = []
        self._timer = None

    def compose(self) -> ComposeResult:
        yield Header()
        if self.sandbox:
            yield Static(line(SANDBOX_NOTICE), id="sandbox-banner")
        yield Static(line("Verifying: reading the account again..."), id="verdict")
        yield Static("", id="backfill")
        yield Static("", id="delivery")
        yield LoadingIndicator(id="verifying")
        yield Static("", id="where")
        yield DataTable(id="findings", cursor_type="row", zebra_stripes=True)
        yield Static("", id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Status", "Rule", "Evidence")
        self.query_one("#backfill").display = self.backfill
        self.query_one("#delivery").display = False
        self.query_one("#detail").display = False

    def show_error(self, message: str) -> None:
        self.query_one("#verifying").display = False
        self.query_one("#verdict", Static).update(line(message))

    @work(thread=True, exclusive=True, group="backfill", exit_on_error=False)
    def read_backfill(self) -> None:
        self.app.call_from_thread(self.show_backfill, self.read_status())

    def show_backfill(self, status: BackfillStatus) -> None:
        """The history job's progress; refreshed every REFRESH_SECONDS while it runs."""
        self.query_one("#backfill", Static).update(line(describe(status)))
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

    def show(self, verification: Verification) -> None:
        self.query_one("#verifying").display = False
        self.findings = list(verification.findings)
        table = self.query_one(DataTable)
        for index, f in enumerate(self.findings):
            table.add_row(cell(STATUS.get(f.status, f.status)), cell(f.rule), cell(f.evidence), key=str(index))
        failing = any(f.status == FAIL for f in self.findings)
        self.query_one("#verdict", Static).update(line((verdict(verification),
                                                        "bold green" if compliant(self.findings) else "bold")))
        self.show_delivery(verification)
        where = where_events_land(self.settings, verification.observed)
        self.query_one("#where", Static).update(line(
            ("Where the events land", "bold"), " (as read back)\n", "\n".join(f"• {fact}" for fact in where),
            "\n", ("Check again later: ", "bold"), self.check))
        if failing:  # start on the first failure, so its fix shows below
            table.focus()
            table.move_cursor(row=next(i for i, f in enumerate(self.findings) if f.status == FAIL))

    def show_delivery(self, verification: Verification) -> None:
        """The proof of delivery made after apply, or the command that makes it later."""
        said = delivery_lines(verification)
        self.query_one("#delivery").display = bool(said)
        proven = verification.delivery is not None and verification.delivery.proven
        self.query_one("#delivery", Static).update(line(*((text, "bold green" if proven else "bold") for text in said)))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        finding = self.findings[int(event.row_key.value)] if event.row_key.value is not None else None
        detail = self.query_one("#detail", Static)
        detail.display = finding is not None and finding.status == FAIL
        if detail.display:
            detail.update(line((finding.title, "bold"), " (", finding.resource or "-", ")\n", finding.evidence, "\n",
                               ("fix: ", "bold"), finding.fix))

    def action_quit_wizard(self) -> None:
        self.dismiss(None)
