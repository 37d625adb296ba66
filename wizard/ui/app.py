"""WizardApp: the wizard's sequence (wizard.flow.sequence) with screens for a front end.

The welcome screen is painted first; then the sequence runs in one thread worker
(`run_wizard`), where every flow call is made, and TextualFrontEnd shows each step
as a screen and waits for its answer. The app holds no cloud logic and no
sequence of its own. What the first paint does not need (the sequence, the other
screens, the planner and the audit) is imported by that worker, after the paint.
"""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from wizard.errors import WizardError
from wizard.ui.screens.welcome import WelcomeScreen

if TYPE_CHECKING:
    from wizard.core.settings import Settings
    from wizard.flow.session import WizardFlow
    from wizard.ui.front_end import TextualFrontEnd

INTERRUPTED = 130  # wizard.flow.exit_codes.ExitCode.INTERRUPTED


class WizardApp(App[int]):
    TITLE = "actiontrail-wizard"
    SUB_TITLE = "ActionTrail, the best-practice way"
    BINDINGS = [Binding("question_mark", "help", "Help", show=False), Binding("f1", "help", "Help"),
                Binding("ctrl+c", "interrupt", "Interrupt", show=False, priority=True)]

    def __init__(self, flow: WizardFlow, settings: Settings | None = None, dry_run: bool = False,
                 save_dir: Path | None = None, autostart: bool = True, config_path: str | None = None):
        """`save_dir`: where plans and the applied settings are saved (default: ./actiontrail-plan)."""
        super().__init__()
        self.flow, self.settings, self.dry_run, self.save_dir = flow, settings, dry_run, save_dir
        self.config_path = config_path
        self.autostart = autostart
        self.front: TextualFrontEnd | None = None
        self.welcome: WelcomeScreen | None = None
        self.welcomed: Future = Future()
        if flow.connection.is_sandbox:
            self.sub_title = "SANDBOX (local sandbox cloud)"

    def on_mount(self) -> None:
        if not self.autostart:
            return
        self.welcome = WelcomeScreen(self.flow.connection.is_sandbox)
        self.push_screen(self.welcome, self.welcomed.set_result)
        self.call_after_refresh(self.run_wizard)  # paint first: connecting loads the SDKs and may start the sandbox

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette (Ctrl+P) lists what the screen offers now (its keys, as the footer shows them), then help."""
        from wizard.ui.commands import screen_commands

        yield from screen_commands(screen)
        yield SystemCommand("Help", "Keys and what the wizard will never do (F1)", self.action_help)
        yield from super().get_system_commands(screen)

    def action_help(self) -> None:
        from wizard.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_interrupt(self) -> None:
        """Ctrl-C: while calls run, stop after the ones in flight (as q does); elsewhere end the run (exit 130)."""
        if self.front is not None and self._running_wizard():
            self.front.interrupt()
        else:
            self.exit(INTERRUPTED, message="Interrupted: no changes were made.")

    def _running_wizard(self) -> bool:
        return any(w.name == "run_wizard" and not w.is_finished for w in self.workers)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def run_wizard(self) -> None:
        from wizard.flow.exit_codes import ExitCode
        from wizard.flow.sequence import Options, run
        from wizard.report.plan.files import SAVE_DIR
        from wizard.ui.front_end import Closing, Shown, TextualFrontEnd, message_of

        save_dir = self.save_dir or SAVE_DIR
        front = self.front = TextualFrontEnd(self, self.welcome, self.welcomed, save_dir)
        options = Options(dry_run=self.dry_run, config_path=self.config_path, save_dir=save_dir)
        try:
            code = run(front, self.flow, self.settings, options)
        except Closing:
            return
        except Shown as shown:
            code = getattr(shown.error, "exit_code", ExitCode.ERROR)
            front.say(message_of(shown.error))
        except WizardError as error:
            code = error.exit_code
            front.say(error.message)
        except Exception as error:  # noqa: BLE001 - a bug: said on exit, the app never hangs on it
            code = ExitCode.ERROR
            front.say(f"unexpected error: {error!r}")
        try:
            self.call_from_thread(self.exit, int(code), message="\n".join(front.messages) or None)
        except RuntimeError:  # already closed
            pass
