"""Run in a child process by bench/startup.py: start an app headless, report the moment its first screen is painted.

    python bench/harness/first_paint.py wizard    # what `actiontrail-wizard --sandbox` runs, headless
    python bench/harness/first_paint.py minimal   # a minimal Textual app, the yardstick

Prints one JSON line once the first screen has been refreshed: the SDK modules and the wizard's own modules
loaded by then.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _report_and_exit(app) -> None:
    loaded = sorted(m for m in sys.modules if m.startswith(("alibabacloud", "darabonba", "Tea")))
    ours = sorted(m for m in sys.modules if m.split(".")[0] in ("wizard", "steps"))
    print(json.dumps({"painted": True, "sdk_modules": loaded, "wizard_modules": ours}), flush=True)
    app.exit(0)


def minimal() -> None:
    from textual.app import App
    from textual.widgets import Static

    class Minimal(App):
        def compose(self):
            yield Static("hello")

        def on_mount(self) -> None:
            self.call_after_refresh(_report_and_exit, self)

    Minimal().run(headless=True)


def wizard() -> None:
    from textual.app import App

    from wizard.cli import main
    from wizard.ui.screens.welcome import WelcomeScreen

    run = App.run
    App.run = lambda self, *args, **kwargs: run(self, *args, **{**kwargs, "headless": True})
    mount = WelcomeScreen.on_mount

    def on_mount(screen) -> None:
        mount(screen)
        screen.call_after_refresh(_report_and_exit, screen.app)

    WelcomeScreen.on_mount = on_mount
    main(["--sandbox"])


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    {"minimal": minimal, "wizard": wizard}[sys.argv[1]]()
