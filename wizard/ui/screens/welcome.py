"""Welcome: where the wizard connects, who the caller is, and what it will and will not do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, LoadingIndicator, Static

from wizard.ui.text import line

if TYPE_CHECKING:
    from wizard.flow.connection import Identity

WILL = """[b]The wizard will[/b]
  • read your account first (Describe/Get/List calls only)
  • show the exact list of API calls before changing anything
  • create or fix only what the best practice needs, once you approve"""
WILL_NOT = """[b]It will never[/b]
  • delete, stop logging, shorten a retention or turn encryption off
  • widen access or detach a policy (it shows the command instead)
  • lock WORM without you typing the bucket name"""


class WelcomeScreen(Screen["Identity | None"]):
    CSS_PATH = "welcome.tcss"
    BINDINGS = [Binding("enter", "continue", "Continue"), Binding("q", "quit_wizard", "Quit")]

    def __init__(self, sandbox: bool = False):
        super().__init__()
        self.sandbox = sandbox
        self.identity: Identity | None = None
        self.error: str | None = None  # why it could not connect

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            if self.sandbox:
                yield Static("SANDBOX: the local sandbox cloud, not Alibaba Cloud. Nothing here touches a real "
                             "account.", id="sandbox-banner")
            yield Static("Connecting...", id="who")
            yield LoadingIndicator(id="connecting")
            with Vertical(id="promises"):
                yield Static(WILL)
                yield Static(WILL_NOT)
        yield Footer()

    def on_mount(self) -> None:
        """Painted first; the app connects (loading the SDKs, maybe starting the sandbox) once it is up."""

    def show_identity(self, identity: Identity) -> None:
        self.identity = identity
        self.query_one("#connecting").display = False
        self.query_one("#who", Static).update(line(
            "Connected to ", identity.where, "\nAccount ", (identity.account_id, "bold"), " as ", identity.arn,
            "\nHome region ", (identity.region, "bold"), "\n\nPress Enter to look at the existing setup."))

    def show_error(self, message: str) -> None:
        self.error = message
        self.query_one("#connecting").display = False
        self.query_one("#who", Static).update(line(("Cannot connect", "bold red"), "\n", message, "\n\nPress q to quit."))

    def action_continue(self) -> None:
        if self.identity is not None:
            self.dismiss(self.identity)

    def action_quit_wizard(self) -> None:
        self.dismiss(None)
