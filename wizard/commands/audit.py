"""`audit`: read-only. Discover the account, judge it against the settings (or the best practice), report.

The report goes to stdout, or with --out to a file (checked before the account is read,
written atomically); the exit code is the CI gate: 0 compliant, 2 failing, 1 error.
"""

from __future__ import annotations

import sys
from pathlib import Path

from wizard.core.settings_file import load_settings
from wizard.report.audit.model import AuditReport, config_sections, render
from wizard.core.audit import evaluate
from wizard.commands.connect import session_for

EXIT_COMPLIANT, EXIT_ERROR, EXIT_FAILING = 0, 1, 2


def _profile_region(args) -> str | None:
    if args.sandbox or args.sandbox_url:
        return None
    from wizard.cloud.session import profile_region

    return profile_region(args.profile)


def run(args) -> int:
    from wizard.cloud.discover.account import discover

    out = None
    if getattr(args, "out", None) is not None:
        from wizard.report.output import check_output_file

        out = check_output_file(args.out)
    settings = load_settings(args.config) if args.config else None
    region = args.region or (settings.region if settings else None) or _profile_region(args) or "cn-hangzhou"
    if settings and args.region:
        from dataclasses import replace

        settings = replace(settings, region=args.region)
    with session_for(args, region) as session:
        observed = discover(session, settings)
    findings = evaluate(settings, observed)
    report = AuditReport(
        account_id=observed.account_id, region=region, findings=tuple(findings), config_path=args.config,
        config_sections=config_sections(Path(args.config).read_text("utf-8")) if args.config else {},
    )
    text = render(report, args.format)
    if out is None:
        sys.stdout.write(text)
    else:
        from wizard.report.output import write_atomic

        write_atomic(out, text)
        counts = report.summary
        print(f"wrote {out} ({args.format}): {counts['pass']} passed, {counts['fail']} failed, {counts['skip']} "
              "not applicable", file=sys.stderr)
    return EXIT_COMPLIANT if report.compliant else EXIT_FAILING
