"""A read in progress between two screens (the account read again for new settings, or after a failure)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import LoadingIndicator, Static

from wizard.ui.text import line


class BusyScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    BusyScreen { align: center middle; }
    BusyScreen > Vertical { width: 60; height: auto; border: thick $accent; padding: 1 2; background: $surface; }
    BusyScreen LoadingIndicator { height: 3; }
    """

    def __init__(self, message: str):
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(line(self.message))
            yield LoadingIndicator()
