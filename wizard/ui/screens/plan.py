"""The dry-run plan: every call with its parameters and why; irreversible steps marked; nothing written yet."""

from __future__ import annotations

import json
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from wizard.core.plan import Plan
from wizard.core.settings import Settings
from wizard.errors import WizardError
from wizard.flow.review import Consent, consent_for
from wizard.report.plan.files import SAVE_DIR, save_plan
from wizard.report.plan.text import summary
from wizard.ui.screens.action_detail import ActionDetailScreen
from wizard.ui.screens.confirm_lock import ConfirmLockScreen


class PlanScreen(Screen[bool]):
    """Dismisses True when the operator approved applying the plan."""

    CSS_PATH = "plan.tcss"
    BINDINGS = [Binding("a", "apply", "Apply"), Binding("s", "save", "Save plan"),
                Binding("d", "details", "Details"), Binding("q", "quit_wizard", "Quit")]

    def __init__(self, plan: Plan, settings: Settings, dry_run: bool = False, save_dir: Path = SAVE_DIR,
                 consent: Consent | None = None, account_id: str = ""):
        super().__init__()
        self.plan, self.settings, self.dry_run, self.save_dir = plan, settings, dry_run, save_dir
        self.account_id = account_id
        self.consent = consent or consent_for(plan, settings)

    def compose(self) -> ComposeResult:
        yield Header()
        mode = "DRY RUN: nothing will be applied. " if self.dry_run else "Nothing has been changed yet. "
        yield Static(f"{mode}{summary(self.plan)}", id="summary")
        yield DataTable(id="actions", cursor_type="row", zebra_stripes=True)
        yield Static("", id="detail")
        if self.plan.blocked:
            blocked = "\n".join(f"• {b.resource}: {b.reason}" + (f"\n  $ {b.command}" if b.command else "")
                                for b in self.plan.blocked)
            yield Static(f"[b]Blocked (a human must decide):[/b]\n{escape(blocked)}", id="blocked")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("#", "Service", "API", "Kind", "Resource", "")
        for number, action in enumerate(self.plan.actions, start=1):
            table.add_row(str(number), action.service, action.api, action.kind, action.resource,
                          "IRREVERSIBLE" if action.irreversible else "optional" if action.optional else "",
                          key=action.id)
        table.focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        action = next((a for a in self.plan.actions if a.id == event.row_key.value), None)
        if action is None:
            return
        params = "  ".join(f"{k}={v if isinstance(v, str) else json.dumps(v, separators=(',', ':'))}"
                           for k, v in action.shown_params().items())
        self.query_one("#detail", Static).update(f"[b]{action.api}[/b] {escape(params)}\n"
                                                 f"[i]why:[/i] {escape(action.reason)}")

    def action_save(self) -> None:
        try:
            paths = save_plan(self.plan, self.settings, self.save_dir, self.account_id)
        except WizardError as error:
            self.notify(error.message, title="Plan not saved", severity="error")
            return
        self.notify("Saved " + ", ".join(str(p) for p in paths), title="Plan saved")

    def action_details(self) -> None:
        """The highlighted call in full: long parameters (policy documents) do not fit the panel below."""
        table = self.query_one(DataTable)
        if not self.plan.actions or table.cursor_row is None or isinstance(self.app.screen, ActionDetailScreen):
            return
        self.app.push_screen(ActionDetailScreen(self.plan.actions[table.cursor_row]))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_details()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """A dry run offers no Apply (the plan can still be saved)."""
        return not (action == "apply" and self.dry_run)

    def action_apply(self) -> None:
        if self.dry_run:
            self.notify("Dry run: this plan is not applied. Save it (s) and run apply --config.", severity="warning")
            return
        if not self.plan.actions:
            self.notify("Nothing to apply.")
            return
        if self.consent.typed:
            self.app.push_screen(ConfirmLockScreen(self.consent.typed), self._confirmed)
        else:
            self.dismiss(True)

    def _confirmed(self, ok: bool | None) -> None:
        if ok:
            self.dismiss(True)

    def action_quit_wizard(self) -> None:
        self.dismiss(False)
