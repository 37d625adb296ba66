"""`plan`: the dry run. Reads the account (or, with --offline, assumes it empty) and prints the plan."""

from __future__ import annotations

from wizard.commands.connect import add_connection_arguments


def register(commands) -> None:
    plan = commands.add_parser("plan", help="show the exact API calls that would bring the account to the settings",
                               description="The dry run: only reads. Exit 0 when there is nothing to change, 2 "
                               "when changes are pending, 1 on error.")
    plan.add_argument("--config", required=True, metavar="FILE", help="settings TOML (see examples/)")
    plan.add_argument("--offline", action="store_true",
                      help="plan against an empty account without any network call")
    plan.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    plan.add_argument("--lock-worm", action="store_true", help="plan the (irreversible) WORM lock even if "
                      "oss.lock = false")
    add_connection_arguments(plan)
    plan.set_defaults(func=run)


def settings_from_args(args):
    """The settings file, with --region and --lock-worm applied."""
    from dataclasses import replace

    from wizard.core.settings_file import load_settings

    settings = load_settings(args.config)
    if getattr(args, "region", None):
        settings = replace(settings, region=args.region)
    if getattr(args, "lock_worm", False) and settings.oss:
        settings = replace(settings, oss=replace(settings.oss, lock=True))
    return settings


def run(args) -> int:
    import json
    import sys

    from wizard.core.observed import Observed
    from wizard.flow.exit_codes import for_plan
    from wizard.flow.review import plan_for
    from wizard.report.plan.text import render_plan

    settings = settings_from_args(args)
    if args.offline:
        observed = Observed(region=settings.region)
        where = f"an empty account in {settings.region} (--offline: nothing was read)"
    else:
        from wizard.cloud.discover.account import discover
        from wizard.commands.connect import session_for

        with session_for(args, settings.region) as session:
            observed = discover(session, settings)
        where = f"account {observed.account_id} in {settings.region} (read-only discovery)"
    result = plan_for(settings, observed)
    if args.format == "json":
        sys.stdout.write(json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_plan(result, f"Plan for {args.config} against {where}\n"))
    return int(for_plan(result))
