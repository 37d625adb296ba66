"""One planned call in full: every parameter, pretty-printed (policy documents included), and why."""

from __future__ import annotations

import json

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ...actions import Action


def _shown(value) -> str:
    """JSON text (a policy document) is re-indented so it can be read; other values as they are sent."""
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return value
        return json.dumps(parsed, indent=2, ensure_ascii=False) if isinstance(parsed, (dict, list)) else value
    return json.dumps(value, indent=2, ensure_ascii=False)


def describe(action: Action) -> str:
    lines = [f"{action.service} {action.api}  [{action.kind}] {action.resource}"
             + ("  IRREVERSIBLE" if action.irreversible else ""), ""]
    for key, value in action.shown_params().items():  # secrets (a webhook token) masked
        text = _shown(value)
        lines += [f"{key}:", *(f"  {line}" for line in text.splitlines())] if "\n" in text else [f"{key}: {text}"]
    lines += ["", f"why: {action.reason}"]
    return "\n".join(lines)


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
            yield Static(describe(self.action_shown), markup=False)
