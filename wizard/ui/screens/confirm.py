"""Nothing applies on one key: the confirmation names the counts; a WORM lock needs the bucket name typed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from wizard.flow.review import Consent
from wizard.ui.text import line


class ConfirmApplyScreen(ModalScreen[bool]):
    """Dismisses True only on `y` (or Apply), or, for a plan that locks WORM, on the bucket name typed exactly."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("y", "confirm", "Apply", show=False),
                Binding("n", "cancel", "Cancel", show=False)]
    DEFAULT_CSS = """
    ConfirmApplyScreen { align: center middle; }
    ConfirmApplyScreen > Vertical { width: 76; max-width: 100%; height: auto; border: thick $accent;
                                    padding: 1 2; background: $surface; }
    ConfirmApplyScreen.locks > Vertical { border: thick $error; }
    ConfirmApplyScreen #warning { color: $error; margin: 1 0 0 0; }
    ConfirmApplyScreen #mismatch { color: $error; }
    ConfirmApplyScreen Horizontal { height: auto; margin: 1 0 0 0; }
    ConfirmApplyScreen Button { margin: 0 2 0 0; }
    """

    def __init__(self, consent: Consent):
        super().__init__(classes="locks" if consent.typed else "")
        self.consent = consent

    def compose(self) -> ComposeResult:
        consent = self.consent
        with Vertical():
            yield Static(line((consent.question, "bold"), " Nothing has been changed yet."), id="question")
            if consent.warning:
                yield Static(line(consent.warning), id="warning")
            if consent.typed:
                yield Static(line("\n", consent.typed_prompt, ", or Esc to cancel:"))
                yield Input(placeholder="the bucket name, exactly", id="bucket")
                yield Static("", id="mismatch")
            else:
                with Horizontal():
                    yield Button("Apply (y)", id="apply", variant="warning")
                    yield Button("Cancel (n)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#bucket" if self.consent.typed else "#cancel").focus()  # the safe choice has the focus

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip() == self.consent.typed:
            self.dismiss(True)
        else:
            self.query_one("#mismatch", Static).update(line("That is not the bucket name; nothing was applied."))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "apply")

    def action_confirm(self) -> None:
        if not self.consent.typed:  # while the bucket name is typed, y and n are letters of it (the Input takes them)
            self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
