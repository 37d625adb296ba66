"""Help (? or F1): the keys, and what the wizard will never do."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

HELP = """[b]actiontrail-wizard[/b]: ActionTrail set up the best-practice way, audited on every run.

[b]Keys[/b]
  Enter        continue            Ctrl+N / Ctrl+B   next / back (steps)
  f / n        fix this setup / set up a new trail (audit)
  a / s        apply / save the plan (plan)      Enter or d   a planned call in full
  r            retry after a failed call (apply)
  Ctrl+P       command palette     ? or F1           this help
  q / Ctrl+Q   quit (nothing is changed before you apply)

[b]Safety[/b]
  Nothing is written before you approve the exact plan. The wizard never deletes,
  stops logging, shortens a retention, turns encryption off, widens access or
  detaches a policy; locking WORM needs you to type the bucket name.

Press Escape to close."""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", "Close"), Binding("q", "dismiss", "Close", show=False)]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 84; max-height: 90%; border: thick $accent; padding: 1 2;
                                  background: $surface; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(HELP)
