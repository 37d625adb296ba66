"""One planned call in full: every parameter, pretty-printed (policy documents included), and why."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from wizard.core.plan import Action
from wizard.report.plan.text import render_action_in_full
from wizard.ui.text import line


class ActionDetailScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", "Close"), Binding("enter", "dismiss", "Close", show=False)]
    DEFAULT_CSS = """
    ActionDetailScreen { align: center middle; }
    ActionDetailScreen > VerticalScroll { width: 90%; max-height: 90%; height: auto; border: thick $accent;
                                          padding: 0 1; background: $surface; }
    """

    def __init__(self, action: Action):
        super().__init__()
        self.action_shown = action

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(line(render_action_in_full(self.action_shown)))
