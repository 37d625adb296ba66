"""The connection options every command shares, and a session for the chosen cloud."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Iterator


def add_connection_arguments(parser, title: str = "where to connect (default: Alibaba Cloud with the standard "
                             "credential chain)") -> None:
    where = parser.add_argument_group(title)
    where.add_argument("--sandbox", action="store_true",
                       help="use the embedded local sandbox cloud (state in the user data dir); no account needed")
    where.add_argument("--sandbox-url", metavar="URL", help="use a running `actiontrail-wizard sandbox serve`")
    where.add_argument("--profile", metavar="NAME", help="aliyun CLI profile to take credentials from")
    where.add_argument("--region", metavar="ID", help="home region (default: the settings' region)")


@contextmanager
def flow_for(args, region: str | None) -> Iterator:
    """A WizardFlow for the chosen cloud, opened (the sandbox banner said); an embedded sandbox lives as long as
    the block."""
    from wizard.flow.connection import Connection, sandbox_banner
    from wizard.flow.session import WizardFlow

    connection = Connection.from_args(args, region)
    with WizardFlow(connection) as flow:
        where = flow.open()
        if connection.is_sandbox:
            print(sandbox_banner(where), file=sys.stderr)
        yield flow


@contextmanager
def session_for(args, region: str) -> Iterator:
    """A Session for the chosen cloud (read-only commands that need no more of the flow)."""
    with flow_for(args, region) as flow:
        yield flow.session
