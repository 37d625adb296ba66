"""Locking WORM cannot be undone: the operator types the bucket name to confirm."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class ConfirmLockScreen(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    ConfirmLockScreen { align: center middle; }
    ConfirmLockScreen > Vertical { width: 70; height: auto; border: thick $error; padding: 1 2; background: $surface; }
    ConfirmLockScreen #mismatch { color: $error; }
    """

    def __init__(self, bucket: str):
        super().__init__()
        self.bucket = bucket

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"[b]This plan locks WORM on {self.bucket}. This is irreversible:[/b] the retention can "
                         "only be extended, and the bucket cannot be deleted before it ends.\n\n"
                         f"Type the bucket name to apply:")
            yield Input(placeholder="the bucket name, exactly", id="bucket")
            yield Static("", id="mismatch")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip() == self.bucket:
            self.dismiss(True)
        else:
            self.query_one("#mismatch", Static).update("That is not the bucket name; nothing was applied.")

    def action_cancel(self) -> None:
        self.dismiss(False)
