"""Locking WORM cannot be undone: the operator types the bucket name to confirm."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class ConfirmLockScreen(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    ConfirmLockScreen { align: center middle; }
    ConfirmLockScreen > Vertical { width: 70; height: auto; border: thick $error; padding: 1 2; background: $surface; }
    ConfirmLockScreen #mismatch { color: $error; }
    """

    def __init__(self, bucket: str, terms: tuple[str, ...] = ()):
        """`terms`: what each irreversible step locks (flow.review.Consent.lock_lines)."""
        super().__init__()
        self.bucket, self.terms = bucket, terms

    def compose(self) -> ComposeResult:
        with Vertical():
            what = "".join(f"\n• {escape(line)}" for line in self.terms)
            yield Static(f"[b]This plan locks WORM on {escape(self.bucket)}. This is irreversible:[/b] the retention "
                         "can only be extended, and the bucket cannot be deleted before it ends. It runs last, once "
                         f"every other step has succeeded.{what}\n\nType the bucket name to apply:")
            yield Input(placeholder="the bucket name, exactly", id="bucket")
            yield Static("", id="mismatch")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip() == self.bucket:
            self.dismiss(True)
        else:
            self.query_one("#mismatch", Static).update("That is not the bucket name; nothing was applied.")

    def action_cancel(self) -> None:
        self.dismiss(False)
