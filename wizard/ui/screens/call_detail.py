"""One call of a running apply, in full: every state it went through, its whole RequestId, its error and hint."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from wizard.core.plan import Action
from wizard.core.progress import ActionEvent
from wizard.ui.text import line


def describe(action: Action, events: list[ActionEvent]) -> list:
    """The call and its history as Content parts: the RequestIds whole, so they can be quoted to support."""
    parts: list = [(f"{action.service} {action.api}", "bold"), "  ", action.resource]
    if not events:
        parts.append("\n\nnot started yet")
    for event in events:
        parts += ["\n\n", (str(event.state), "bold")]
        if event.attempt:
            parts.append(f" (attempt {event.attempt + 1})")
        if event.request_id:
            parts += ["\nRequestId ", event.request_id]
        error = event.error
        if error is not None:
            parts += ["\n", f"{error.code}: {error.detail}"]
            if getattr(error, "request_id", "") and error.request_id != event.request_id:
                parts += ["\nRequestId ", error.request_id]
            if getattr(error, "hint", ""):
                parts += ["\nhint: ", error.hint]
    parts.append("\n\nEsc closes.")
    return parts


class CallDetailScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", "Close"), Binding("enter", "dismiss", "Close", show=False),
                Binding("d", "dismiss", "Close", show=False)]
    DEFAULT_CSS = """
    CallDetailScreen { align: center middle; }
    CallDetailScreen > VerticalScroll { width: 90%; max-height: 90%; height: auto; border: thick $accent;
                                        padding: 0 1; background: $surface; }
    """

    def __init__(self, action: Action, events: list[ActionEvent]):
        super().__init__()
        self.action_shown, self.events = action, list(events)

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(line(*describe(self.action_shown, self.events)))
