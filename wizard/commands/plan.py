"""`plan`: the dry run. Reads the account (or, with --offline, assumes it empty) and prints the plan."""

from __future__ import annotations

from wizard.commands.connect import add_connection_arguments


def register(commands) -> None:
    plan = commands.add_parser("plan", help="show the exact API calls that would bring the account to the settings",
                               description="The dry run: only reads. Exit 0 when there is nothing to change, 2 "
                               "when changes are pending, 1 on error.")
    plan.add_argument("--config", metavar="FILE", help="settings TOML (see examples/); without it, the settings "
                      "the account remembers approving (the latest record), else what it holds")
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

    from wizard.errors import WizardError

    from wizard.core.observed import Observed
    from wizard.flow.exit_codes import for_plan
    from wizard.flow.review import plan_for
    from wizard.report.plan.text import render_plan

    if args.offline and not args.config:
        raise WizardError("plan --offline needs --config FILE: offline, there is no account to start from")
    settings = settings_from_args(args) if args.config else None
    approved, what = True, args.config
    if args.offline:
        observed = Observed(region=settings.region)
        where = f"an empty account in {settings.region} (--offline: nothing was read)"
    else:
        from wizard.commands.connect import flow_for

        with flow_for(args, settings.region if settings else getattr(args, "region", None)) as flow:
            baseline, observed = flow.baseline(settings)
            if baseline.settings is None:
                raise WizardError("this account has no trail and no approved settings to plan from: give --config "
                                  "FILE (see examples/baseline.toml)")
            if baseline.describe():
                print(baseline.describe(), file=sys.stderr)
            settings, approved = _lock_worm(args, baseline.settings), baseline.approved
            what = args.config or ("the approved settings" if approved else "the settings found in the account")
        where = f"account {observed.account_id} in {settings.region} (read-only discovery)"
    result = plan_for(settings, observed, approved)
    if args.format == "json":
        sys.stdout.write(json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_plan(result, f"Plan for {what} against {where}\n"))
    return int(for_plan(result))


def _lock_worm(args, settings):
    from dataclasses import replace

    if getattr(args, "lock_worm", False) and settings.oss:
        return replace(settings, oss=replace(settings.oss, lock=True))
    return settings
