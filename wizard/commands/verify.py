"""`verify`: prove the trail delivers. One harmless marker call the trail records, then its RequestId is looked
for in every destination the settings name, with progress, until found or the timeout.

Exit 0 proven, 2 not delivered in time (or delivered unprotected), 1 error, 130 interrupted.
"""

from __future__ import annotations

from wizard.commands.connect import add_connection_arguments

HELP = ("Makes one harmless call the trail records (GetTrailStatus when the trail records reads, else an UpdateTrail "
        "that changes nothing), then waits until that call's RequestId is found in the event history "
        "(LookupEvents), the trail's Logstore (GetLogs) and the newest OSS file under the prefix, whose encryption "
        "must be SSE-KMS with the settings' key. ActionTrail delivers to Log Service within about a minute and to "
        "OSS within 10 minutes, so on Alibaba Cloud this can take that long; on a sandbox its clock is moved "
        "forward instead (seconds). Read-only apart from the marker: runs as an auditor (`policy auditor`) when "
        "the trail records reads. Exit 0 proven, 2 not delivered in time (or not protected as the settings ask), 1 "
        "on error, 130 interrupted.")


def register(commands) -> None:
    verify = commands.add_parser("verify", help="prove the trail delivers: a marker call, found in every destination",
                                 description=HELP)
    verify.add_argument("--config", required=True, metavar="FILE", help="settings TOML (see examples/)")
    verify.add_argument("--timeout", type=_seconds, metavar="SECONDS",
                        help="how long to wait (default 900: the documented OSS delay of 10 minutes, plus one "
                             "5-minute file; on a sandbox, seconds of its clock, which verify moves forward)")
    add_connection_arguments(verify)
    verify.set_defaults(func=run)


def _seconds(text: str) -> float:
    import argparse

    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 1 <= value <= 24 * 3600:
        raise argparse.ArgumentTypeError(f"--timeout must be a number of seconds from 1 to 86400, not {text!r}")
    return value


def run(args) -> int:
    import sys

    from wizard.commands.connect import flow_for
    from wizard.commands.plan import settings_from_args
    from wizard.flow.exit_codes import ExitCode, for_proof
    from wizard.flow.later import command
    from wizard.report.delivery import ProgressShown, describe, progress_line

    settings = settings_from_args(args)
    shown = ProgressShown(sys.stderr)
    with flow_for(args, settings.region) as flow:
        later = command("verify", args.config, flow.connection, settings)
        print(f"Proving delivery of trail {settings.trail.name}: a marker call, then its RequestId looked for in "
              "each destination" + ("" if flow.connection.is_sandbox else
                                    " (on Alibaba Cloud this can take up to ten minutes; Ctrl-C stops)"),
              file=sys.stderr)
        try:
            proof = flow.prove_delivery(settings, timeout=args.timeout, later=later,
                                        on_proof=lambda proof: shown.show(progress_line(proof), len(proof.missing)))
        except KeyboardInterrupt:
            shown.done()
            print(f"actiontrail-wizard: interrupted: delivery not proven; check again with: {later}", file=sys.stderr)
            return int(ExitCode.INTERRUPTED)
    shown.done()
    print("\n".join(describe(proof)))
    return int(for_proof(proof))
