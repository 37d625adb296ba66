"""`plan`: the dry run. Reads (or, with --offline, assumes an empty account) and prints the plan."""

from __future__ import annotations

import json
import sys

from ..config import load_settings
from ..errors import WizardError
from ..observed import Observed
from ..planner import plan
from ..report.plan_text import render_plan

EXIT_NOTHING_TO_DO, EXIT_ERROR, EXIT_CHANGES_PENDING = 0, 1, 2


def run(args) -> int:
    settings = load_settings(args.config)
    if not args.offline:
        raise WizardError("plan needs --offline until the cloud layer is available "
                          "(plan --config FILE --offline plans against an empty account)")
    observed = Observed(region=settings.region)
    result = plan(settings, observed)
    if args.format == "json":
        sys.stdout.write(json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n")
    else:
        heading = (f"Plan for {args.config} against an empty account in {settings.region} "
                   "(--offline: nothing was read)\n")
        sys.stdout.write(render_plan(result, heading))
    return EXIT_CHANGES_PENDING if result.changes else EXIT_NOTHING_TO_DO
