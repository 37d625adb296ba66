"""Where the wizard talks to: the embedded sandbox, a running sandbox, or Alibaba Cloud itself."""

from __future__ import annotations

import hashlib
import json
import os
import urllib.request
from dataclasses import dataclass
from pathlib import Path

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


def _control(url: str, path: str) -> bytes:
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/_sandbox/{path}", timeout=5) as answer:
            return answer.read()
    except (OSError, ValueError) as error:
        raise WizardError(f"cannot reach the sandbox at {url}: {error}") from None


def sandbox_credentials(url: str) -> tuple[str, str]:
    """The access key of a running sandbox: from the environment, else from its control endpoint."""
    key_id = os.environ.get("ALIBABA_CLOUD_ACCESS_KEY_ID")
    secret = os.environ.get("ALIBABA_CLOUD_ACCESS_KEY_SECRET")
    if key_id and secret:
        return key_id, secret
    try:
        data = json.loads(_control(url, "credentials"))
        return data["access_key_id"], data["access_key_secret"]
    except (ValueError, KeyError, TypeError):
        raise WizardError(f"the sandbox at {url} did not answer with its credentials") from None


def sandbox_ca_bundle(url: str) -> str:
    """The CA a running sandbox's HTTPS certificates come from, fetched from it and kept in the user cache
    (the sandbox may run on another machine, so its own path may not be readable here)."""
    from platformdirs import user_cache_dir

    pem = _control(url, "ca.pem")
    if b"BEGIN CERTIFICATE" not in pem:
        raise WizardError(f"the sandbox at {url} did not answer with its CA certificate")
    path = Path(user_cache_dir("actiontrail-wizard")) / "sandbox-ca" / f"{hashlib.sha256(pem).hexdigest()[:16]}.pem"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = path.with_suffix(f".{os.getpid()}.tmp")
        staging.write_bytes(pem)
        os.replace(staging, path)
    return str(path)


def advance_sandbox_clock(url: str, seconds: float) -> float:
    """Move a sandbox's clock forward (POST /_sandbox/clock); answers how far ahead of the wall clock it now is."""
    request = urllib.request.Request(f"{url.rstrip('/')}/_sandbox/clock", method="POST",
                                     data=json.dumps({"advance_seconds": seconds}).encode(),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return float(json.loads(answer.read())["clock_offset"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise WizardError(f"cannot move the sandbox's clock at {url}: {error}") from None
