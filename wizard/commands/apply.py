"""`apply`: plan, confirm, make the changes with progress, then read the account again and verify."""

from __future__ import annotations

from wizard.commands.connect import add_connection_arguments
from wizard.commands.benchmarks import BENCHMARKS


def register(commands) -> None:
    apply = commands.add_parser("apply", help="plan, confirm, make the changes, then verify",
                                description="Writes. Shows the plan first; asks for confirmation on a terminal "
                                "(the bucket name when WORM is locked) unless --yes. Exit 0 when the account is "
                                "compliant afterwards under --benchmark, 2 when rules still fail (or are unknown), 1 "
                                "on error.")
    apply.add_argument("--config", required=True, metavar="FILE", help="settings TOML (see examples/)")
    apply.add_argument("--yes", action="store_true", help="apply without asking (for CI); review `plan` first")
    apply.add_argument("--lock-worm", action="store_true", help="lock WORM (irreversible) even if oss.lock = false")
    apply.add_argument("--benchmark", choices=BENCHMARKS, default="all",
                       help="whose verdicts decide the exit code afterwards: all (default), best-practice, mlps or cis")
    add_connection_arguments(apply)
    apply.set_defaults(func=run)


def run(args) -> int:
    from wizard.commands.apply_front import ApplyCommand
    from wizard.commands.connect import flow_for
    from wizard.commands.plan import settings_from_args
    from wizard.flow.sequence import Options
    from wizard.flow.sequence import run as run_sequence

    settings = settings_from_args(args)
    with flow_for(args, settings.region) as flow:
        return int(run_sequence(ApplyCommand(args.yes), flow, settings, Options(config_path=args.config,
                                                                                 benchmark=args.benchmark)))
