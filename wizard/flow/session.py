"""WizardFlow: one connection to a cloud, and each step of the sequence as a call through wizard.cloud.

Front ends and commands hold a WizardFlow and call these; the SDKs (and an
embedded sandbox) are loaded only when `open` runs, so start-up stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Callable

from wizard.errors import WizardError
from wizard.flow.connection import Connection, Identity, sandbox_ca_bundle, sandbox_credentials

if TYPE_CHECKING:  # loaded when first used: the wizard paints its first screen before any of them
    from wizard.flow.baseline import Baseline
    from wizard.core.delivery import DeliveryProof
    from wizard.core.findings import Finding
    from wizard.core.history import BackfillStatus
    from wizard.core.observed import Observed
    from wizard.core.plan import Plan
    from wizard.core.settings import Settings
    from wizard.flow.survey import Survey
    from wizard.flow.verify import Verification


@dataclass
class WizardFlow:
    connection: Connection
    region: str = "cn-hangzhou"
    session: object = field(default=None, repr=False)
    where: str = ""
    identity: Identity | None = None  # once connected: discovery need not ask GetCallerIdentity again
    _server: object = field(default=None, repr=False)

    def open(self) -> str:
        """Build the session (starting the embedded sandbox if chosen); no call yet. Returns where it points."""
        from wizard.cloud.session import Session

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
                                               self.region, self._server.ca_bundle)
            where = f"the local sandbox cloud ({state})"
        elif conn.sandbox_url:
            key_id, secret = sandbox_credentials(conn.sandbox_url)
            self.session = Session.for_sandbox(conn.sandbox_url, key_id, secret, self.region,
                                               sandbox_ca_bundle(conn.sandbox_url))
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
        self.identity = Identity(account_id, arn, self.where, self.region, self.connection.is_sandbox)
        return self.identity

    def connect(self) -> Identity:
        """Open the session if needed, then say who the caller is."""
        if self.session is None:
            self.open()
        return self.identify()

    def use_region(self, region: str) -> None:
        """The settings may name another home region than the one we opened with."""
        if region != self.region:
            self.region = region
            self.session.region = region

    def discover(self, settings: Settings | None) -> Observed:
        from wizard.cloud.discover import discover

        return discover(self.session, settings, self.identity.account_id if self.identity else None)

    def baseline(self, settings: Settings | None) -> tuple[Baseline, Observed]:
        """What a run starts from (flow/baseline.py) and the account read for it: without settings, the account's
        latest approved record is read first, then the account again as those settings name it."""
        from wizard.flow.baseline import Source, baseline_from

        observed = self.discover(settings)
        baseline = baseline_from(observed, settings)
        if baseline.source is Source.APPROVED:
            self.use_region(baseline.settings.region)
            observed = self.discover(baseline.settings)
        return baseline, observed

    def survey(self, settings: Settings | None, with_inventory: bool = True) -> Survey:
        """Discovery and its audit, from the settings given or the approved ones; with the inventory, at the same
        time the region's buckets, projects and keys for the steps to offer."""
        from concurrent.futures import ThreadPoolExecutor

        from wizard.cloud.discover.inventory import inventory
        from wizard.core.observed import Inventory
        from wizard.flow.survey import Survey

        def read() -> Survey:
            baseline, observed = self.baseline(settings)
            judged = baseline.settings if baseline.approved else None
            return Survey(judged, observed, Inventory(), tuple(self.audit(judged, observed)), baseline)

        if not with_inventory:
            return read()
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="inventory") as pool:
            listed = pool.submit(inventory, self.session)
            found = read()
            return replace(found, inventory=listed.result())

    def reread(self, settings: Settings, survey: Survey) -> Observed:
        """The account as the final settings need it: the survey's view when it was read for them."""
        if survey.read_for(settings):
            return survey.observed
        return self.discover(settings)

    @staticmethod
    def audit(settings: Settings | None, observed: Observed, approved: bool | None = None) -> list[Finding]:
        from wizard.core.audit import evaluate

        return evaluate(settings, observed, approved)

    @staticmethod
    def plan(settings: Settings, observed: Observed, approved: bool = True) -> Plan:
        from wizard.flow.review import plan_for

        return plan_for(settings, observed, approved)

    @staticmethod
    def unresolved_secrets(settings: Settings) -> list[str]:
        """The settings' secret references (dingtalk:env:NAME) that cannot be read now, naming field and variable."""
        from wizard.cloud.secrets import unresolved

        return unresolved(settings)

    def journal(self, account_id: str):
        from wizard.cloud.apply.journal import Journal

        return Journal.for_account(account_id, self.region)

    def apply(self, plan: Plan, observed: Observed, on_event: Callable = lambda event: None, stop=None,
              settings: Settings | None = None, say: Callable[[str], None] = lambda message: None):
        """Run the plan, one apply at a time per account (the lock in the log bucket, see account_lock.py); setting
        `stop` (a threading.Event) lets the calls in flight finish and starts no more."""
        from wizard.cloud.apply.executor import execute

        return execute(self.session, plan, account_id=observed.account_id, journal=self.journal(observed.account_id),
                       on_event=on_event, stop=stop, caller_arn=self.identity.arn if self.identity else "",
                       gate=self._gate(plan, observed, settings, say))

    def _gate(self, plan: Plan, observed: Observed, settings: Settings | None, say: Callable[[str], None]):
        from wizard.cloud.apply.account_lock import ApplyLock, MachineLock

        if settings is None:
            return None
        bucket = observed.bucket(settings.oss.bucket) if settings.oss else None
        creates = any(a.id == "oss.put-bucket" for a in plan.actions)
        if settings.oss and (creates or (bucket is not None and bucket.region == self.region)):
            return ApplyLock(self.session, settings.oss.bucket, bucket.apply_seq if bucket else 0,
                             self.identity.arn if self.identity else "", say)
        journal = self.journal(observed.account_id)
        return MachineLock(journal.path.with_suffix(".lock"), say)  # no log bucket to hold the account's lock

    def backfill_status(self, trail_name: str) -> BackfillStatus:
        """Where the trail's history backfill stands (ListDeliveryHistoryJobs, GetDeliveryHistoryJob; read-only)."""
        from wizard.cloud.discover.history_jobs import backfill_status

        return backfill_status(self.session, trail_name)

    def verify(self, settings: Settings, plan: Plan, delivery: DeliveryProof | None = None,
               prove_later: str = "") -> Verification:
        """Read the account again and judge it; the backfill's progress when the plan started one; the proof of
        delivery made before (its GetTrailStatus facts are read here, after it)."""
        from wizard.core.planning.backfill import shows_backfill
        from wizard.flow.verify import Verification

        observed = self.discover(settings)
        backfill = self.backfill_status(settings.trail.name) if shows_backfill(settings, plan) else None
        return Verification(observed, tuple(self.audit(settings, observed)), backfill, delivery,
                            "" if delivery else prove_later)

    @property
    def sandbox_url(self) -> str | None:
        """The sandbox this flow talks to (embedded or running), whose clock `prove_delivery` may move."""
        return self._server.url if self._server is not None else self.connection.sandbox_url

    def prove_delivery(self, settings: Settings, timeout: float | None = None, on_proof=lambda proof: None,
                       stop=None, later: str = "") -> DeliveryProof:
        """The marker call, then its RequestId searched for in every destination (flow/delivery.py)."""
        from wizard.flow.delivery import prove_delivery

        return prove_delivery(self.session, settings, self.sandbox_url, timeout, on_proof, stop, later)

    def close(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def __enter__(self) -> "WizardFlow":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
