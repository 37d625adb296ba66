"""`audit`: read-only. Discover the account, judge it against the settings (or the best practice), report."""

from __future__ import annotations

import sys

from ..config import load_settings
from ..report.findings import render_json, render_text
from ..rules import evaluate
from .connect import session_for

EXIT_COMPLIANT, EXIT_ERROR, EXIT_FAILING = 0, 1, 2


def _profile_region(args) -> str | None:
    if args.sandbox or args.sandbox_url:
        return None
    from ..cloud.session import profile_region

    return profile_region(args.profile)


def run(args) -> int:
    from ..cloud.discover import discover

    settings = load_settings(args.config) if args.config else None
    region = args.region or (settings.region if settings else None) or _profile_region(args) or "cn-hangzhou"
    if settings and args.region:
        from dataclasses import replace

        settings = replace(settings, region=args.region)
    with session_for(args, region) as session:
        observed = discover(session, settings)
    findings = evaluate(settings, observed)
    render = render_json if args.format == "json" else render_text
    sys.stdout.write(render(findings, observed.account_id, region))
    return EXIT_FAILING if any(f.status == "fail" for f in findings) else EXIT_COMPLIANT
