"""Existing setup: discovery runs in a worker; the audit shows each rule, its verdict per framework, evidence and fix."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, LoadingIndicator, Static

from wizard.core.findings import FAIL, UNKNOWN, Finding
from wizard.core.frameworks import Framework
from wizard.core.observed import Observed
from wizard.flow.survey import Start, Survey
from wizard.ui.text import cell, line

STATUS = {"pass": "✓ pass", "fail": "✗ FAIL", "skip": "- skip", "unknown": "? unknown"}
VERDICT = {"pass": "✓", "fail": "✗", "skip": "-", "unknown": "?"}  # one framework's verdict, in its narrow column


class AuditScreen(Screen[Start | None]):
    """Reading until show(survey); then dismisses Start.FIX, Start.NEW or None (quit)."""

    CSS_PATH = "audit.tcss"
    BINDINGS = [Binding("f", "choose('fix')", "Fix this setup"), Binding("n", "choose('new')", "New trail"),
                Binding("q", "quit_wizard", "Quit")]

    def __init__(self):
        super().__init__()
        self.survey: Survey | None = None
        self.observed: Observed | None = None
        self.findings: list[Finding] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="reading"):
            yield Static("Reading the account (read-only)...")
            yield LoadingIndicator()
        yield Static("", id="verdict")
        yield Static("", id="baseline", markup=False)  # approved when and by whom, or found, not approved
        yield DataTable(id="findings", cursor_type="row", zebra_stripes=True)
        yield Static("", id="detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Status", "Rule", "BP", "MLPS", "CIS", "Evidence")
        table.display = False
        self.query_one("#baseline").display = False

    def show(self, survey: Survey) -> None:
        observed, findings = survey.observed, list(survey.findings)
        self.survey, self.observed, self.findings = survey, observed, findings
        self.query_one("#reading").display = False
        table = self.query_one(DataTable)
        table.display = True
        for index, f in enumerate(findings):  # a rule shows once per trail when several are judged
            table.add_row(cell(STATUS.get(f.status, f.status)), cell(f.rule),
                          *(cell(VERDICT[f.verdict(fw).status]) for fw in Framework), cell(f.evidence), key=str(index))
        failing = [f for f in findings if f.status == FAIL]
        unknown = [f for f in findings if f.status == UNKNOWN]
        said = survey.baseline.describe()
        baseline = self.query_one("#baseline", Static)
        baseline.update(said)
        baseline.display = bool(said) and bool(observed.trails)
        if not observed.trails:
            verdict = line("No trail yet. Press ", ("n", "bold"), " to set one up the best-practice way.")
        elif not failing and unknown:
            verdict = line((f"{len(unknown)} rule(s) not proven", "bold"), " (no approved settings, or a read failed). "
                           "Press ", ("f", "bold"), " to review what the account holds and approve it, or ",
                           ("n", "bold"), " for a new trail.")
        elif not failing:
            verdict = line(("Compliant:", "bold green"), " every rule passes. Nothing to do (q to quit).")
        else:
            verdict = line((f"{len(failing)} rule(s) fail.", "bold"), " Press ", ("f", "bold"), " to fix this setup, "
                           "or ", ("n", "bold"), " to set up a new trail.")
        self.query_one("#verdict", Static).update(verdict)
        self.refresh_bindings()
        table.focus()
        if failing or unknown:  # start on the first failure (or unknown), so its evidence and fix show below;
            # once laid out: scrolled to before, the table kept an offset from the height it had mid-layout
            self.call_after_refresh(table.move_cursor, row=findings.index((failing or unknown)[0]))

    def show_error(self, message: str) -> None:
        self.query_one("#reading").display = False
        self.query_one("#verdict", Static).update(line(("Discovery failed", "bold red"), "\n", message, "\n\nq to quit."))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        finding = self.findings[int(event.row_key.value)] if event.row_key.value is not None else None
        if finding:
            fix = line("\n", ("fix:", "bold"), " ", finding.fix) if finding.status == FAIL else line()
            notes = [f"\n{fw.value}: {finding.verdict(fw).note}" for fw in Framework
                     if finding.verdict(fw).note and finding.verdict(fw).status in (FAIL, UNKNOWN)]
            self.query_one("#detail", Static).update(line((finding.title, "bold"), " (", finding.resource or "-", ")\n",
                                                          finding.evidence, *notes, fix))

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Offer "fix" only when there is a trail with something to fix (a compliant account: nothing to do)."""
        if action == "choose" and parameters == ("fix",) and self.survey is not None:
            return self.survey.fixable
        return True

    def action_choose(self, action: str) -> None:
        if self.observed is None:
            return
        if action == "fix" and not self.observed.trails:
            self.notify("There is no existing trail to fix: press n to set one up.", severity="warning", markup=False)
            return
        if action == "fix" and not self.survey.fixable:
            self.notify("Nothing to fix: every rule passes.", markup=False)
            return
        self.dismiss(Start(action))

    def action_quit_wizard(self) -> None:
        self.dismiss(None)
