"""How a command reaches a cloud: the embedded sandbox, a running sandbox, or Alibaba Cloud itself."""

from __future__ import annotations

import json
import os
import sys
import urllib.request
from contextlib import contextmanager
from typing import Iterator

from wizard.errors import WizardError


def add_connection_arguments(parser, title: str = "where to connect (default: Alibaba Cloud with the standard "
                             "credential chain)") -> None:
    where = parser.add_argument_group(title)
    where.add_argument("--sandbox", action="store_true",
                       help="use the embedded local sandbox cloud (state in the user data dir); no account needed")
    where.add_argument("--sandbox-url", metavar="URL", help="use a running `actiontrail-wizard sandbox serve`")
    where.add_argument("--profile", metavar="NAME", help="aliyun CLI profile to take credentials from")
    where.add_argument("--region", metavar="ID", help="home region (default: the settings' region)")


def sandbox_credentials(url: str) -> tuple[str, str]:
    """The access key of a running sandbox: from the environment, else from its control endpoint."""
    key_id = os.environ.get("ALIBABA_CLOUD_ACCESS_KEY_ID")
    secret = os.environ.get("ALIBABA_CLOUD_ACCESS_KEY_SECRET")
    if key_id and secret:
        return key_id, secret
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/_sandbox/credentials", timeout=5) as answer:
            data = json.loads(answer.read())
    except (OSError, ValueError) as error:
        raise WizardError(f"cannot reach the sandbox at {url}: {error}") from None
    return data["access_key_id"], data["access_key_secret"]


@contextmanager
def session_for(args, region: str) -> Iterator:
    """A Session for the chosen cloud; an embedded sandbox lives as long as the block."""
    from wizard.flow.wizard_flow import Connection, WizardFlow, sandbox_banner

    connection = Connection.from_args(args)
    connection = Connection(connection.sandbox, connection.sandbox_url, connection.profile, region)
    with WizardFlow(connection) as flow:
        where = flow.open()
        if connection.is_sandbox:
            print(sandbox_banner(where), file=sys.stderr)
        yield flow.session
