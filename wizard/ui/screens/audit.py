"""Existing setup: discovery runs in a worker; the audit shows each rule with its evidence and fix."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, LoadingIndicator, Static

from wizard.core.settings import Settings
from wizard.core.findings import Finding
from wizard.flow.wizard_flow import WizardFlow
from wizard.core.observed import Inventory, Observed

STATUS = {"pass": "✓ pass", "fail": "✗ FAIL", "skip": "- skip"}


@dataclass(frozen=True)
class AuditChoice:
    action: str  # "fix" (this setup) | "new" (a new trail)
    observed: Observed
    findings: tuple[Finding, ...]
    inventory: Inventory = Inventory()


class AuditScreen(Screen[AuditChoice | None]):
    CSS_PATH = "audit.tcss"
    BINDINGS = [Binding("f", "choose('fix')", "Fix this setup"), Binding("n", "choose('new')", "New trail"),
                Binding("q", "quit_wizard", "Quit")]

    def __init__(self, flow: WizardFlow, settings: Settings | None):
        super().__init__()
        self.flow = flow
        self.settings = settings
        self.observed: Observed | None = None
        self.inventory = Inventory()
        self.findings: list[Finding] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="reading"):
            yield Static("Reading the account (read-only)...")
            yield LoadingIndicator()
        yield Static("", id="verdict")
        yield DataTable(id="findings", cursor_type="row", zebra_stripes=True)
        yield Static("", id="detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Status", "Rule", "Evidence")
        table.display = False
        self.discover()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def discover(self) -> None:
        try:
            observed, self.inventory = self.flow.survey(self.settings)
        except Exception as error:  # noqa: BLE001
            self.app.call_from_thread(self._failed, getattr(error, "message", str(error)))
            return
        self.app.call_from_thread(self.show, observed, self.flow.audit(self.settings, observed))

    def show(self, observed: Observed, findings: list[Finding]) -> None:
        self.observed, self.findings = observed, findings
        self.query_one("#reading").display = False
        table = self.query_one(DataTable)
        table.display = True
        for index, f in enumerate(findings):  # a rule shows once per trail when several are judged
            table.add_row(STATUS[f.status], f.rule, f.evidence, key=str(index))
        failing = [f for f in findings if f.status == "fail"]
        if not observed.trails:
            verdict = "No trail yet. Press [b]n[/b] to set one up the best-practice way."
        elif not failing:
            verdict = "[b green]Compliant:[/b green] every rule passes. Nothing to do (q to quit)."
        else:
            verdict = (f"[b]{len(failing)} rule(s) fail.[/b] Press [b]f[/b] to fix this setup, or [b]n[/b] to set "
                       "up a new trail.")
        self.query_one("#verdict", Static).update(verdict)
        self.refresh_bindings()
        table.focus()
        if failing:  # start on the first failure, so its evidence and fix show below
            table.move_cursor(row=findings.index(failing[0]))

    def _failed(self, message: str) -> None:
        self.query_one("#reading").display = False
        self.query_one("#verdict", Static).update(f"[b red]Discovery failed[/b red]\n{escape(message)}\n\nq to quit.")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        finding = self.findings[int(event.row_key.value)] if event.row_key.value is not None else None
        if finding:
            fix = f"\n[b]fix:[/b] {escape(finding.fix)}" if finding.status == "fail" else ""
            self.query_one("#detail", Static).update(
                f"[b]{escape(finding.title)}[/b] ({escape(finding.resource or '-')})\n{escape(finding.evidence)}{fix}")

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Offer "fix" only when there is a trail with something to fix (a compliant account: nothing to do)."""
        if action == "choose" and parameters == ("fix",) and self.observed is not None:
            return bool(self.observed.trails) and any(f.status == "fail" for f in self.findings)
        return True

    def action_choose(self, action: str) -> None:
        if self.observed is None:
            return
        if action == "fix" and not self.observed.trails:
            self.notify("There is no existing trail to fix: press n to set one up.", severity="warning")
            return
        if action == "fix" and not any(f.status == "fail" for f in self.findings):
            self.notify("Nothing to fix: every rule passes.")
            return
        self.dismiss(AuditChoice(action, self.observed, tuple(self.findings), self.inventory))

    def action_quit_wizard(self) -> None:
        self.dismiss(None)
