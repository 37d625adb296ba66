"""The plan: every call, what each update replaces (now -> after), why; the irreversible step on its own row.

Nothing written yet. `a` asks for a confirmation naming the counts (the bucket name typed when WORM is
locked); `d` (or Enter) shows the highlighted call in full; `s` saves the plan files.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from wizard.core.plan import Action, Plan
from wizard.core.settings import Settings
from wizard.errors import WizardError
from wizard.flow.review import Consent, consent_for
from wizard.report.plan.files import SAVE_DIR, save_plan
from wizard.report.plan.text import change_line, compact, summary
from wizard.ui.screens.action_detail import ActionDetailScreen
from wizard.ui.screens.confirm import ConfirmApplyScreen
from wizard.ui.text import cell, line

SIGN = {"create": ("+", "bold green"), "update": ("~", "bold yellow")}
IRREVERSIBLE = ("!", "bold red")


def sign(action: Action) -> tuple[str, str]:
    """+ create, ~ update, ! irreversible: the first thing on the row, so it is never scrolled off."""
    return IRREVERSIBLE if action.irreversible else SIGN.get(action.kind, ("?", ""))


def detail(action: Action) -> Content:
    """The highlighted call: what it changes (now -> after), its other parameters on one line, and why."""
    mark, style = sign(action)
    parts: list = [(f"{mark} {action.service} {action.api}", style), "  ", action.resource]
    if action.optional:
        parts.append("  (optional: a failure is reported, not fatal)")
    for key, old, new in action.changes():
        parts += ["\n", (f"~ {change_line(key, old, new)}", "yellow")]
    changed = {key for key, _, _ in action.changes()}
    others = "  ".join(f"{key}={compact(value)}" for key, value in action.shown_params().items()
                       if key not in changed)
    if others:
        parts += ["\n", others]
    parts += ["\n", ("why: ", "italic"), action.reason]
    return line(*parts)


class PlanScreen(Screen[bool]):
    """Dismisses True when the operator approved applying the plan."""

    CSS_PATH = "plan.tcss"
    BINDINGS = [Binding("a", "apply", "Apply"), Binding("s", "save", "Save plan"),
                Binding("d", "details", "Details"), Binding("q", "quit_wizard", "Quit")]

    def __init__(self, plan: Plan, settings: Settings, dry_run: bool = False, save_dir: Path = SAVE_DIR,
                 consent: Consent | None = None, apply_command: str = "", account_id: str = ""):
        """`apply_command` applies the saved plan later (its plan.md says it, with this run's connection)."""
        super().__init__()
        self.plan, self.settings, self.dry_run, self.save_dir = plan, settings, dry_run, save_dir
        self.account_id = account_id
        self.consent = consent or consent_for(plan, settings)
        self.apply_command = apply_command

    def compose(self) -> ComposeResult:
        yield Header()
        mode = "DRY RUN: nothing will be applied. " if self.dry_run else "Nothing has been changed yet. "
        yield Static(line(mode, summary(self.plan)), id="summary")
        for number, action in enumerate(self.plan.actions, start=1):
            if action.irreversible:  # its own row, above the table: visible at any width, never scrolled away
                yield Static(line((" ! IRREVERSIBLE ", "bold reverse red"), f" step {number}, {action.api}: locks ",
                                  action.locks or action.resource, "."), classes="irreversible")
        yield DataTable(id="actions", cursor_type="row", zebra_stripes=True)
        yield Static("", id="detail")
        if self.plan.blocked:
            blocked = [("Blocked (a human must decide):", "bold")]
            for item in self.plan.blocked:
                blocked += ["\n• ", item.resource, ": ", item.reason]
                if item.command:
                    blocked += ["\n  $ ", item.command]
            yield Static(line(*blocked), id="blocked")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        calls = [self._call(action) for action in self.plan.actions]
        call_width = max([len("Call"), *(len(c) for c in calls)])
        resource_width = max(12, self.app.size.width - call_width - 3 - 1 - 2 * 4 - 2)  # the rest, never wider
        table.add_column("#", key="n")
        table.add_column("", key="sign")
        table.add_column("Call", key="api", width=call_width)
        table.add_column("Resource", key="resource", width=resource_width)
        for number, (action, call) in enumerate(zip(self.plan.actions, calls), start=1):
            mark, style = sign(action)
            table.add_row(cell(number), cell(mark, style), cell(call, style if action.irreversible else ""),
                          cell(action.resource, width=resource_width), key=action.id)
        table.focus()

    @staticmethod
    def _call(action: Action) -> str:
        return f"{action.api} IRREVERSIBLE" if action.irreversible else action.api

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        action = next((a for a in self.plan.actions if a.id == event.row_key.value), None)
        if action is not None:
            self.query_one("#detail", Static).update(detail(action))

    def action_save(self) -> None:
        try:
            paths = save_plan(self.plan, self.settings, self.save_dir, self.account_id, self.apply_command)
        except WizardError as error:
            self.notify(error.message, title="Plan not saved", severity="error", markup=False)
            return
        self.notify("Saved " + ", ".join(str(p) for p in paths), title="Plan saved", markup=False)

    def action_details(self) -> None:
        """The highlighted call in full: long parameters (policy documents) do not fit the panel below."""
        table = self.query_one(DataTable)
        if not self.plan.actions or table.cursor_row is None or isinstance(self.app.screen, ActionDetailScreen):
            return
        self.app.push_screen(ActionDetailScreen(self.plan.actions[table.cursor_row]))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_details()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """A dry run offers no Apply (the plan can still be saved); nor does a plan with nothing to apply."""
        return not (action == "apply" and (self.dry_run or not self.plan.actions))

    def action_apply(self) -> None:
        if self.dry_run:
            self.notify("Dry run: this plan is not applied. Save it (s) and run apply --config.", severity="warning",
                        markup=False)
            return
        if not self.plan.actions:
            self.notify("Nothing to apply.", markup=False)
            return
        self.app.push_screen(ConfirmApplyScreen(self.consent), self._confirmed)

    def _confirmed(self, ok: bool | None) -> None:
        if ok:
            self.dismiss(True)

    def action_quit_wizard(self) -> None:
        self.dismiss(False)
