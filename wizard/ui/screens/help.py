"""Help (? or F1): the keys, and what the wizard will never do. Fits an 80-column terminal."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from wizard.ui.text import line

KEYS = """\
  Enter, Tab   next field; from the last field, the next step
  Ctrl+N       next step              Esc, Ctrl+B   back a step
  f / n        fix this setup / set up a new trail (audit)
  a            apply the plan: asks first, naming the counts
  s            save the plan (plan.json, plan.md, settings.toml)
  d, Enter     the highlighted call in full (plan, apply)
  r            retry after a failed call (apply)
  q            quit; while calls run, stop after those in flight
  Ctrl+C       as q while calls run; elsewhere, quit
  Ctrl+P       what this screen offers    ? or F1   this help"""
SAFETY = """\
  Nothing is written before you approve the exact plan. The wizard
  never deletes, stops logging, shortens a retention, turns
  encryption off, widens access or detaches a policy; locking WORM
  needs you to type the bucket name."""
HELP = line(("actiontrail-wizard", "bold"), ": ActionTrail set up the best-practice way, audited on\nevery run.\n\n",
            ("Keys", "bold"), "\n", KEYS, "\n\n", ("Safety", "bold"), "\n", SAFETY, "\n\nPress Escape to close.")


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", "Close"), Binding("q", "dismiss", "Close", show=False)]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 76; max-width: 100%; height: auto; max-height: 100%;
                                  border: thick $accent; padding: 0 1; background: $surface; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(HELP)
