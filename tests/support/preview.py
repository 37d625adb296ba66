"""Apps for snapshot tests: the real screens, given real data (plans, findings, events), at a fixed size.

Posting-style: an app factory per state, so each snapshot shows exactly one screen and nothing moves.
"""

from __future__ import annotations

from typing import Callable

from textual.app import App
from textual.screen import Screen
from textual.widgets import Input

from wizard.ui.app import WizardApp


class ScreenPreview(App):
    TITLE = WizardApp.TITLE
    SUB_TITLE = WizardApp.SUB_TITLE

    def __init__(self, make_screen: Callable[[], Screen]):
        super().__init__()
        self.make_screen = make_screen

    def on_mount(self) -> None:
        self.push_screen(self.make_screen())


async def settle(pilot) -> None:
    """Wait for the screens' workers, stop the cursor blinking, let the last paint happen.

    The app's own `run_wizard` worker is waiting on the user, so it is never waited for.
    """
    await pilot.pause()
    while busy := [w for w in pilot.app.workers if not w.is_finished and w.name != "run_wizard"]:
        for worker in busy:
            await worker.wait()
        await pilot.pause()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()
    await pilot.pause()
