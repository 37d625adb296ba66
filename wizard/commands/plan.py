"""`plan`: the dry run. Reads the account (or, with --offline, assumes it empty) and prints the plan."""

from __future__ import annotations

import json
import sys
from dataclasses import replace

from wizard.core.settings import Settings

from wizard.core.settings_file import load_settings
from wizard.core.observed import Observed
from wizard.core.planning.planner import plan
from wizard.report.plan.text import render_plan

EXIT_NOTHING_TO_DO, EXIT_ERROR, EXIT_CHANGES_PENDING = 0, 1, 2


def settings_from_args(args) -> Settings:
    settings = load_settings(args.config)
    if getattr(args, "region", None):
        settings = replace(settings, region=args.region)
    if getattr(args, "lock_worm", False) and settings.oss:
        settings = replace(settings, oss=replace(settings.oss, lock=True))
    return settings


def run(args) -> int:
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
    result = plan(settings, observed)
    if args.format == "json":
        sys.stdout.write(json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_plan(result, f"Plan for {args.config} against {where}\n"))
    return EXIT_CHANGES_PENDING if result.changes else EXIT_NOTHING_TO_DO
