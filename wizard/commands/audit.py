"""`audit`: read-only. Discover the account, judge it against the settings (or the best practice), report.

The report goes to stdout, or with --out to a file (checked before the account is read,
written atomically); the exit code is the CI gate under --benchmark (default all, the
strictest verdict of each rule): 0 compliant, 2 failing or not proven (unknown), 1 error.
"""

from __future__ import annotations

from wizard.commands.connect import add_connection_arguments
from wizard.commands.benchmarks import BENCHMARKS

FORMATS = ("text", "json", "sarif", "markdown", "html")


def register(commands) -> None:
    audit = commands.add_parser("audit", help="read the account and report each rule per framework (read-only)",
                                description="Read-only. Each rule gets a verdict under the ActionTrail best practices "
                                "(the settings), MLPS 2.0 (180 days) and CIS Alibaba Cloud 2.0 (365 days). Exit 0 when "
                                "the benchmark's verdicts all pass, 2 when some rule fails or is unknown, 1 on error.")
    audit.add_argument("--config", metavar="FILE", help="settings TOML; without it, the settings the account "
                       "remembers approving (the latest record), else every trail found at the best practice")
    audit.add_argument("--format", choices=FORMATS, default="text",
                       help="text (default), json (schema in the package), sarif (code scanning), markdown or html "
                       "(a one-page evidence report)")
    audit.add_argument("--benchmark", choices=BENCHMARKS, default="all",
                       help="whose verdicts decide the exit code and which rules are shown: all (default: the strictest "
                       "verdict of each rule), best-practice, mlps or cis")
    audit.add_argument("--out", metavar="FILE", help="write the report to FILE (atomically) instead of stdout")
    add_connection_arguments(audit)
    audit.set_defaults(func=run)


def _profile_region(args) -> str | None:
    if args.sandbox or args.sandbox_url:
        return None
    from wizard.cloud.session import profile_region

    return profile_region(args.profile)


def run(args) -> int:
    import sys
    from pathlib import Path

    from wizard.commands.connect import flow_for
    from wizard.core.delivery import last_deliveries
    from wizard.core.settings_file import load_settings
    from wizard.report.audit.model import AuditReport, config_sections, render

    out = None
    if getattr(args, "out", None) is not None:
        from wizard.report.output import check_output_file

        out = check_output_file(args.out)
    settings = load_settings(args.config) if args.config else None
    region = args.region or (settings.region if settings else None) or _profile_region(args) or "cn-hangzhou"
    if settings and args.region:
        from dataclasses import replace

        settings = replace(settings, region=args.region)
    with flow_for(args, region) as flow:
        baseline, observed = flow.baseline(settings)
        judged = baseline.settings if baseline.approved else None
        findings = flow.audit(judged, observed)
    from wizard.flow.exit_codes import ExitCode

    if baseline.describe():
        print(baseline.describe(), file=sys.stderr)
    report = AuditReport(
        account_id=observed.account_id, region=judged.region if judged else region, findings=tuple(findings),
        config_path=args.config,
        config_sections=config_sections(Path(args.config).read_text("utf-8")) if args.config else {},
        benchmark=args.benchmark, sandbox=bool(args.sandbox or args.sandbox_url),
        approval=baseline.approval.describe() if baseline.approval else "",
        last_delivered=last_deliveries(observed, (judged.trail.name,) if judged else ()),
    )
    from wizard.report.terminal import terminal_width

    if out is None and args.format == "text" and terminal_width():  # a terminal: each rule's details wrapped to it
        from wizard.report.audit.text import render_report
        text = render_report(report, width=terminal_width())
    else:
        text = render(report, args.format)
    if out is None:
        sys.stdout.write(text)
    else:
        from wizard.report.output import write_atomic

        write_atomic(out, text)
        counts = report.summary
        print(f"wrote {out} ({args.format}): {counts['pass']} passed, {counts['fail']} failed, {counts['unknown']} "
              f"unknown, {counts['skip']} not applicable: {report.verdict} ({args.benchmark})"
              + (" [SANDBOX]" if report.sandbox else ""), file=sys.stderr)
    return int(ExitCode.OK if report.compliant else ExitCode.PENDING)
