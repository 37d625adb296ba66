"""`python -m wizard.sandbox serve ...`: the sandbox command on its own."""

import argparse
import sys

from ..errors import WizardError
from .command import register


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wizard.sandbox")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["sandbox", *(argv if argv is not None else sys.argv[1:])])
    try:
        return args.func(args)
    except WizardError as error:  # a bad --fault, a port in use: the message, never a traceback
        print(f"python -m wizard.sandbox: {error}", file=sys.stderr)
        return 1


sys.exit(main())
