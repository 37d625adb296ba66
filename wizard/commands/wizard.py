"""`actiontrail-wizard` with no command: the Textual wizard, or `--plain` prompts walking the same steps."""

from __future__ import annotations

from wizard.flow.connection import Connection
from wizard.flow.session import WizardFlow


def run(args) -> int:
    settings = None
    if args.config:
        from wizard.core.settings_file import load_settings

        settings = load_settings(args.config)
    connection = Connection.from_args(args, settings.region if settings else None)
    with WizardFlow(connection) as flow:
        if args.plain:
            from wizard.plain import run_plain

            return run_plain(flow, settings, dry_run=args.dry_run, config_path=args.config)
        from wizard.ui.app import WizardApp

        app = WizardApp(flow, settings, dry_run=args.dry_run, config_path=args.config)
        code = app.run()
        return int(code or 0)
