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
EPILOG = """exit codes: 0 nothing to change / compliant, 2 changes pending / rules failing, 1 error

examples:
  actiontrail-wizard --sandbox                       # the wizard on the local sandbox cloud
  actiontrail-wizard --plain --dry-run --sandbox     # plain prompts, stop at the plan
  actiontrail-wizard plan --config examples/baseline.toml --offline
  actiontrail-wizard plan --config examples/baseline.toml --sandbox --format json
  actiontrail-wizard apply --config examples/baseline.toml --sandbox --yes
  actiontrail-wizard audit --config examples/baseline.toml --sandbox
  actiontrail-wizard audit --config examples/baseline.toml --format sarif --out audit.sarif
  actiontrail-wizard export terraform --config examples/baseline.toml --out infra/actiontrail
  actiontrail-wizard policy operator --config examples/baseline.toml --mode plan
  actiontrail-wizard sandbox serve --port 8080
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="actiontrail-wizard", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"actiontrail-wizard {__version__}")
    parser.add_argument("--config", metavar="FILE", help="start the wizard from this settings TOML")
    parser.add_argument("--plain", action="store_true", help="plain prompts instead of the full-screen app")
    parser.add_argument("--dry-run", action="store_true", help="stop at the plan: nothing is applied")
    add_connection_arguments(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    audit = commands.add_parser("audit", help="read the account and report each best-practice rule (read-only)",
                                description="Read-only. Exit 0 when every rule passes, 2 when some rule fails, "
                                "1 on error.")
    audit.add_argument("--config", metavar="FILE", help="settings TOML; without it, every trail found is "
                       "judged against the best practice")
    audit.add_argument("--format", choices=("text", "json", "sarif", "markdown", "html"), default="text",
                       help="text (default), json (schema in the package), sarif (code scanning), markdown or html "
                       "(a one-page evidence report)")
    audit.add_argument("--out", metavar="FILE", help="write the report to FILE (atomically) instead of stdout")
    add_connection_arguments(audit)
    audit.set_defaults(handler="wizard.commands.audit:run")

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
    plan.set_defaults(handler="wizard.commands.plan:run")

    apply = commands.add_parser("apply", help="plan, confirm, make the changes, then verify",
                                description="Writes. Shows the plan first; asks for confirmation on a terminal "
                                "(the bucket name when WORM is locked) unless --yes. Exit 0 when the account is "
                                "compliant afterwards, 2 when rules still fail, 1 on error.")
    apply.add_argument("--config", required=True, metavar="FILE", help="settings TOML (see examples/)")
    apply.add_argument("--yes", action="store_true", help="apply without asking (for CI); review `plan` first")
    apply.add_argument("--lock-worm", action="store_true", help="lock WORM (irreversible) even if oss.lock = false")
    add_connection_arguments(apply)
    apply.set_defaults(handler="wizard.commands.apply:run")

    export = commands.add_parser("export", help="write the settings as configuration for another tool",
                                 description="Offline: reads only the settings file.")
    export_to = export.add_subparsers(dest="export_target", metavar="TARGET", required=True)
    terraform = export_to.add_parser("terraform", help="a Terraform configuration (alicloud provider) for the "
                                     "same end state", description="Writes DIR/actiontrail.tf. Exit 0 written, 1 "
                                     "error (nothing is written).")
    terraform.add_argument("--config", required=True, metavar="FILE", help="settings TOML (see examples/)")
    terraform.add_argument("--out", metavar="DIR", default="actiontrail-terraform",
                           help="folder to write into (default: ./actiontrail-terraform)")
    terraform.set_defaults(handler="wizard.commands.export:run")
    from wizard.commands.policy import register as register_policy

    register_policy(commands)

    try:
        from wizard.sandbox.command import register as register_sandbox
    except ImportError:  # the sandbox command is optional at import time
        register_sandbox = None
    if register_sandbox is not None:
        register_sandbox(commands)
    return parser


def _handler(spec: str):
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def main(argv: list[str] | None = None) -> int:
    from wizard.errors import WizardError

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args.handler = "wizard.commands.wizard:run"
    try:
        if hasattr(args, "func"):
            return int(args.func(args) or 0)
        return _handler(args.handler)(args)
    except WizardError as error:
        print(f"actiontrail-wizard: {error.message}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("actiontrail-wizard: interrupted; no further changes were made", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
