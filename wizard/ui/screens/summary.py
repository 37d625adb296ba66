"""Summary: the audit after apply, where the events land, and how to check again later."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.markup import escape
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, LoadingIndicator, Static

from ...config import Settings
from ...findings import Finding
from ...flow import WizardFlow
from ...report.where import where_events_land
from .audit import STATUS


class SummaryScreen(Screen[None]):
    CSS_PATH = "summary.tcss"
    BINDINGS = [Binding("q", "quit_wizard", "Quit")]

    def __init__(self, flow: WizardFlow | None, settings: Settings, config_hint: str = "settings.toml"):
        super().__init__()
        self.flow, self.settings, self.config_hint = flow, settings, config_hint

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Verifying: reading the account again...", id="verdict")
        yield LoadingIndicator(id="verifying")
        yield Static("", id="where")
        yield DataTable(id="findings", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Status", "Rule", "Evidence")
        if self.flow is not None:
            self.verify()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def verify(self) -> None:
        try:
            observed = self.flow.discover(self.settings)
        except Exception as error:  # noqa: BLE001
            self.app.call_from_thread(self.query_one("#verdict", Static).update,
                                      escape(getattr(error, "message", str(error))))
            return
        self.app.call_from_thread(self.show, observed.account_id, self.flow.audit(self.settings, observed))

    def show(self, account_id: str, findings: list[Finding]) -> None:
        self.query_one("#verifying").display = False
        table = self.query_one(DataTable)
        for f in findings:
            table.add_row(STATUS[f.status], f.rule, f.evidence)
        failing = sum(f.status == "fail" for f in findings)
        verdict = ("[b green]Verified: every rule passes.[/b green]" if not failing
                   else f"[b]{failing} rule(s) still fail[/b] (see the blocked items on the plan).")
        self.query_one("#verdict", Static).update(verdict)
        self.query_one("#where", Static).update(
            "[b]Where the events land[/b]\n" + escape("\n".join(f"• {line}" for line in where_events_land(self.settings)))
            + f"\n[b]Check again later[/b]: actiontrail-wizard audit --config {escape(str(self.config_hint))}")

    def action_quit_wizard(self) -> None:
        self.dismiss(None)
