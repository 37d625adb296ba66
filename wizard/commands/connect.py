"""How a command reaches a cloud: the embedded sandbox, a running sandbox, or Alibaba Cloud itself."""

from __future__ import annotations

import json
import os
import sys
import urllib.request
from contextlib import contextmanager
from typing import Iterator

from ..errors import WizardError


def add_connection_arguments(parser) -> None:
    where = parser.add_argument_group("where to connect (default: Alibaba Cloud with the standard credential chain)")
    where.add_argument("--sandbox", action="store_true",
                       help="use the embedded local sandbox cloud (state in the user data dir); no account needed")
    where.add_argument("--sandbox-url", metavar="URL", help="use a running `actiontrail-wizard sandbox serve`")
    where.add_argument("--profile", metavar="NAME", help="aliyun CLI profile to take credentials from")
    where.add_argument("--region", metavar="ID", help="home region (default: the settings' region)")


def _sandbox_credentials(url: str) -> tuple[str, str]:
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
    """A Session for the chosen cloud; the embedded sandbox lives as long as the block."""
    from ..cloud.session import Session

    if args.sandbox and args.sandbox_url:
        raise WizardError("choose one of --sandbox and --sandbox-url")
    if args.sandbox:
        from ..sandbox.command import default_state
        from ..sandbox.server import SandboxServer

        state = default_state()
        print(f"*** SANDBOX: the local sandbox cloud ({state}), not Alibaba Cloud ***", file=sys.stderr)
        server = SandboxServer(state).start()
        try:
            account = server.account
            yield Session.for_sandbox(server.url, account.access_key_id, account.access_key_secret, region)
        finally:
            server.stop()
        return
    if args.sandbox_url:
        print(f"*** SANDBOX at {args.sandbox_url}, not Alibaba Cloud ***", file=sys.stderr)
        key_id, secret = _sandbox_credentials(args.sandbox_url)
        yield Session.for_sandbox(args.sandbox_url, key_id, secret, region)
        return
    yield Session.from_environment(region, args.profile)
