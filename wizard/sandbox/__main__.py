"""`python -m wizard.sandbox serve ...`: the sandbox command on its own."""

import argparse
import sys

from .command import register


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wizard.sandbox")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["sandbox", *(argv if argv is not None else sys.argv[1:])])
    return args.func(args)


sys.exit(main())
