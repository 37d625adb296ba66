"""Where the wizard talks to: the embedded sandbox, a running sandbox, or Alibaba Cloud itself."""

from __future__ import annotations

import json
import os
import urllib.request
from dataclasses import dataclass

from wizard.errors import WizardError


@dataclass(frozen=True)
class Connection:
    """Where the wizard talks to, as chosen on the command line."""

    sandbox: bool = False
    sandbox_url: str | None = None
    profile: str | None = None
    region: str | None = None
    deterministic: bool = False  # a sandbox with fixed ids (screenshots, snapshot tests)
    sandbox_state: str | None = None  # embedded sandbox state file (default: the user data dir)

    @classmethod
    def from_args(cls, args, region: str | None = None) -> "Connection":
        """From the connection options (--sandbox, --sandbox-url, --profile, --region); `region` if none given."""
        return cls(sandbox=bool(getattr(args, "sandbox", False)), sandbox_url=getattr(args, "sandbox_url", None),
                   profile=getattr(args, "profile", None), region=getattr(args, "region", None) or region)

    @property
    def is_sandbox(self) -> bool:
        return self.sandbox or bool(self.sandbox_url)


@dataclass(frozen=True)
class Identity:
    account_id: str
    arn: str
    where: str  # "the local sandbox (...)" or "Alibaba Cloud (profile ...)"
    region: str = ""  # the home region the session opened with
    sandbox: bool = False


def sandbox_banner(where: str) -> str:
    return f"*** SANDBOX: {where}, not Alibaba Cloud ***"


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
