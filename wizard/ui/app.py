"""WizardApp: walks welcome -> existing setup -> steps -> plan -> apply -> summary, as straight code.

Each screen returns its result with dismiss(); the sequence lives in one worker
(`run_wizard`), the calls in wizard.flow.wizard_flow. The app holds no cloud logic.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from steps import STEPS, Known, answers_from, apply_answers, fresh_answers, known_from

from wizard.core.settings import Settings
from wizard.flow.wizard_flow import WizardFlow
from wizard.core.planning.history import planned_backfill
from wizard.report.plan.files import SAVE_DIR, settings_for_later
from wizard.core.audit import best_practice_settings_for
from wizard.ui.screens.apply import ApplyScreen
from wizard.ui.screens.audit import AuditScreen
from wizard.ui.screens.help import HelpScreen
from wizard.ui.screens.plan import PlanScreen
from wizard.ui.screens.step import StepScreen
from wizard.ui.screens.summary import SummaryScreen
from wizard.ui.screens.welcome import WelcomeScreen


class WizardApp(App[int]):
    TITLE = "actiontrail-wizard"
    SUB_TITLE = "ActionTrail, the best-practice way"
    BINDINGS = [Binding("question_mark", "help", "Help", show=False), Binding("f1", "help", "Help")]

    def __init__(self, flow: WizardFlow, settings: Settings | None = None, dry_run: bool = False,
                 save_dir: Path = SAVE_DIR, autostart: bool = True, config_path: str | None = None):
        super().__init__()
        self.flow, self.settings, self.dry_run, self.save_dir = flow, settings, dry_run, save_dir
        self.config_path = config_path
        self.autostart = autostart
        if flow.connection.is_sandbox:
            self.sub_title = "SANDBOX (local sandbox cloud)"

    def on_mount(self) -> None:
        if self.autostart:
            self.run_wizard()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Keys and what the wizard will never do", self.action_help)
        for name, title, help_text in (("apply", "Apply the plan", "Make the reviewed changes (plan screen)"),
                                       ("save", "Save the plan", "Write plan.json, plan.md and settings.toml"),
                                       ("retry", "Retry", "Re-read the account and resume after a failure")):
            action = getattr(screen, f"action_{name}", None)
            if action is not None:
                yield SystemCommand(title, help_text, action)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def _initial_answers(self, choice) -> dict:
        if self.settings is not None:
            return answers_from(self.settings)
        if choice is not None and choice.action == "fix":
            return answers_from(best_practice_settings_for(choice.observed))
        return fresh_answers(choice.observed.account_id if choice is not None else "")

    async def ask_steps(self, answers: dict, known: Known = Known(), observed=None) -> Settings | None:
        index = 0
        while index < len(STEPS):
            result = await self.push_screen_wait(StepScreen(STEPS[index], answers, index + 1, len(STEPS), known,
                                                            observed))
            if result is None:
                return None
            answers = result.answers
            index = max(0, index - 1) if result.back else index + 1
        return apply_answers(answers)

    def _settings_file(self, settings: Settings) -> str:
        """The file a later `audit --config` reads: the one we started from, else the applied settings, saved."""
        try:
            return settings_for_later(settings, self.config_path, self.save_dir)
        except OSError as error:
            self.notify(f"Could not save {error.filename}: {error.strerror}", severity="warning")
            return str(self.save_dir / "settings.toml")

    @work(exclusive=True, exit_on_error=False)
    async def run_wizard(self) -> None:
        welcome = WelcomeScreen(self.flow)  # it connects once painted: start-up loads no SDK before the first screen
        identity = await self.push_screen_wait(welcome)
        if identity is None:
            self.exit(1 if welcome.error else 0, message=welcome.error)  # e.g. no credentials: said again on exit
            return
        choice = await self.push_screen_wait(AuditScreen(self.flow, self.settings))
        if choice is None:
            self.exit(0)
            return
        settings = await self.ask_steps(self._initial_answers(choice), known_from(choice.observed, choice.inventory),
                                        choice.observed)
        if settings is None:
            self.exit(0, message="No changes were made.")
            return
        self.flow.use_region(settings.region)
        observed = choice.observed
        while True:
            stale = observed.region != settings.region or (settings.trail.organization and observed.organization is None)
            observed = self.flow.discover(settings) if stale else observed
            plan = self.flow.plan(settings, observed)
            approved = await self.push_screen_wait(PlanScreen(plan, settings, self.dry_run, self.save_dir))
            if not approved:
                self.exit(0, message="No changes were made." if not self.dry_run else "Dry run: nothing applied.")
                return
            outcome = await self.push_screen_wait(ApplyScreen(self.flow, plan, observed))
            if outcome != "retry":
                break
            observed = self.flow.discover(settings)
        if outcome == "done":
            await self.push_screen_wait(SummaryScreen(self.flow, settings, self._settings_file(settings),
                                                      backfill=planned_backfill(plan)))
        self.exit(0)
