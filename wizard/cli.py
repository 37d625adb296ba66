"""Command line: argument parsing -> commands. Nothing else lives here.

Commands are imported only when chosen, so `--help` and `--version` stay fast
and never load an SDK or Textual.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from wizard import __version__
from wizard.commands.connect import add_connection_arguments

DESCRIPTION = ("Set up and audit Alibaba Cloud ActionTrail the best-practice way: an all-region, all-event trail "
               "delivering to encrypted OSS (WORM) and Log Service, least-privilege access and alerts. With no "
               "COMMAND it opens the interactive wizard (--plain for simple prompts).")
EPILOG = """exit codes: 0 nothing to change / compliant, 2 changes pending / rules failing, 1 error (a usage
error too), 130 interrupted (Ctrl-C; it says how many changes were made and how to resume)

examples:
  actiontrail-wizard --sandbox                       # the wizard on the local sandbox cloud
  actiontrail-wizard --plain --dry-run --sandbox     # plain prompts, stop at the plan
  actiontrail-wizard plan --config examples/baseline.toml --offline
  actiontrail-wizard plan --config examples/baseline.toml --sandbox --format json
  actiontrail-wizard apply --config examples/baseline.toml --sandbox --yes
  actiontrail-wizard audit --config examples/baseline.toml --sandbox
  actiontrail-wizard audit --config examples/baseline.toml --format sarif --out audit.sarif
  actiontrail-wizard verify --config examples/baseline.toml --sandbox   # prove the trail delivers
  actiontrail-wizard export terraform --config examples/baseline.toml --out infra/actiontrail
  actiontrail-wizard policy operator --config examples/baseline.toml --mode plan
  actiontrail-wizard sandbox serve --port 8080
"""
COMMANDS = ("wizard.commands.audit", "wizard.commands.plan", "wizard.commands.apply", "wizard.commands.verify",
            "wizard.commands.export",
            "wizard.commands.policy", "wizard.sandbox.command")


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error exits 1: exit 2 means "changes pending / rules failing" (as Terraform's
    -detailed-exitcode), so a CI gate must never read a typo as a failing audit. Subcommands inherit it."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(1, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="actiontrail-wizard", description=DESCRIPTION, epilog=EPILOG,
                    formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"actiontrail-wizard {__version__}")
    parser.add_argument("--config", metavar="FILE", help="start the wizard from this settings TOML")
    parser.add_argument("--plain", action="store_true", help="plain prompts instead of the full-screen app")
    parser.add_argument("--dry-run", action="store_true", help="stop at the plan: nothing is applied")
    add_connection_arguments(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS:  # each registers its own parser; what runs is imported only when chosen
        importlib.import_module(module).register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    from wizard.errors import WizardError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from wizard.commands.wizard import run

            return int(run(args))
        return int(args.func(args) or 0)
    except WizardError as error:
        print(f"actiontrail-wizard: {error.message}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:  # the wizard and apply say themselves how far they got; the other commands only read
        print("actiontrail-wizard: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
