"""WizardFlow: the wizard's steps as plain Python, shared by the Textual app and the plain front end.

connect -> discover -> audit / plan -> apply -> verify. Screens call these from
workers and render the results; nothing here imports Textual or questionary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from wizard.core.plan import Plan
from wizard.core.settings import Settings
from wizard.core.findings import Finding
from wizard.core.observed import Inventory, Observed


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
    def from_args(cls, args) -> "Connection":
        return cls(sandbox=bool(getattr(args, "sandbox", False)), sandbox_url=getattr(args, "sandbox_url", None),
                   profile=getattr(args, "profile", None), region=getattr(args, "region", None))

    @property
    def is_sandbox(self) -> bool:
        return self.sandbox or bool(self.sandbox_url)


@dataclass(frozen=True)
class Identity:
    account_id: str
    arn: str
    where: str  # "the local sandbox (...)" or "Alibaba Cloud (profile ...)"


@dataclass
class WizardFlow:
    connection: Connection
    region: str = "cn-hangzhou"
    session: object = field(default=None, repr=False)
    where: str = ""
    _server: object = field(default=None, repr=False)

    def open(self) -> str:
        """Build the session (starting the embedded sandbox if chosen); no call yet. Returns where it points."""
        from wizard.cloud.session import Session
        from wizard.commands.connect import sandbox_credentials
        from wizard.errors import WizardError

        conn = self.connection
        self.region = conn.region or self.region
        if conn.sandbox and conn.sandbox_url:
            raise WizardError("choose one of --sandbox and --sandbox-url")
        if conn.sandbox:
            from wizard.sandbox.command import default_state
            from wizard.sandbox.server import SandboxServer

            state = conn.sandbox_state or str(default_state())
            self._server = SandboxServer(state, deterministic=conn.deterministic).start()
            account = self._server.account
            self.session = Session.for_sandbox(self._server.url, account.access_key_id, account.access_key_secret,
                                               self.region)
            where = f"the local sandbox cloud ({state})"
        elif conn.sandbox_url:
            key_id, secret = sandbox_credentials(conn.sandbox_url)
            self.session = Session.for_sandbox(conn.sandbox_url, key_id, secret, self.region)
            where = f"the sandbox cloud at {conn.sandbox_url}"
        else:
            self.session = Session.from_environment(self.region, conn.profile)
            where = f"Alibaba Cloud ({'profile ' + conn.profile if conn.profile else 'default credentials'})"
        self.where = where
        return where

    def identify(self) -> Identity:
        """Who the credentials belong to (GetCallerIdentity, read-only)."""
        from wizard.cloud.identity import caller_identity

        account_id, arn = caller_identity(self.session)
        return Identity(account_id, arn, self.where)

    def use_region(self, region: str) -> None:
        """The settings may name another home region than the one we opened with."""
        if region != self.region:
            self.region = region
            self.session.region = region

    def discover(self, settings: Settings | None) -> Observed:
        from wizard.cloud.discover.account import discover

        return discover(self.session, settings)

    def survey(self, settings: Settings | None) -> tuple[Observed, Inventory]:
        """Discovery, and at the same time the region's buckets, projects and keys for the steps to offer."""
        from concurrent.futures import ThreadPoolExecutor

        from wizard.cloud.discover.inventory import inventory

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="inventory") as pool:
            listed = pool.submit(inventory, self.session)
            observed = self.discover(settings)
            return observed, listed.result()

    @staticmethod
    def audit(settings: Settings | None, observed: Observed) -> list[Finding]:
        from wizard.core.audit import evaluate

        return evaluate(settings, observed)

    @staticmethod
    def plan(settings: Settings, observed: Observed) -> Plan:
        from wizard.core.planning.planner import plan

        return plan(settings, observed)

    def apply(self, plan: Plan, observed: Observed, on_event: Callable = lambda event: None):
        from wizard.cloud.apply.executor import execute
        from wizard.cloud.apply.journal import Journal

        journal = Journal.for_account(observed.account_id, self.region)
        return execute(self.session, plan, account_id=observed.account_id, journal=journal, on_event=on_event)

    def backfill_status(self, trail_name: str):
        """Where the trail's history backfill stands (ListDeliveryHistoryJobs, GetDeliveryHistoryJob; read-only)."""
        from wizard.cloud.discover.history import backfill_status

        return backfill_status(self.session, trail_name)

    def close(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def __enter__(self) -> "WizardFlow":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def sandbox_banner(where: str) -> str:
    return f"*** SANDBOX: {where}, not Alibaba Cloud ***"
