"""The sandbox server: an HTTP proxy that answers for Alibaba Cloud hosts itself.

Each request is routed by host (http/routing.py) to `wizard.sandbox.services.<service>`,
whose package exposes operation(), handle() and render_error(); on the way the armed
faults may replace or damage the answer, and the request log records it. Requests for
the sandbox's own address under /_sandbox/ go to the control endpoint instead.

HTTPS: a client's CONNECT to a host the sandbox serves is answered with TLS, with a
certificate from the state directory's own CA (http/tls.py, `ca_bundle`). Every service
package, and the SDK helpers they check signatures with, is imported before the first
request is accepted, so concurrent first requests never race on an import.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from pathlib import Path

from .events.recorder import Recorder
from .http.freshness import NonceBook
from .http.listener import DEFAULT_TIMEOUT, Listener, Send
from .http.protocol import DROPPED, ApiError, Request, Response
from .http.routing import route
from .http.tls import LocalCA, ca_folder
from .services import actiontrail, kms, oss, ram, resourcemanager, sls, sts
from .services.ram import starter
from .services.resourcemanager import models as resourcemanager_models
from .state import clock
from .state.account import Account, Accounts, ensure_account
from .state.context import Context
from .state.store import Store
from .steering import control
from .steering.faults import FaultBook, searchable
from .steering.malformed import damage, html_page
from .steering.request_log import RequestLog

DROP = Response(status=DROPPED)  # close the connection without an answer
# Each service's package: operation(), handle() and render_error(); all imported before serving.
SERVICES = {"sts": sts, "actiontrail": actiontrail, "kms": kms, "ram": ram, "resourcemanager": resourcemanager,
            "oss": oss, "sls": sls}
# The code a service answers a request it cannot even frame with (always status 400, in its own format).
_BAD_REQUEST = {"oss": "InvalidRequest", "sls": "PostBodyInvalid"}


class SandboxServer:
    """A running sandbox: start() serves in a background thread, stop() shuts it down."""

    def __init__(
        self,
        state: str | Path,
        host: str = "127.0.0.1",
        port: int = 0,
        latency_ms: int = 0,
        access_key_secret: str | None = None,
        faults: list[str] | tuple[str, ...] = (),
        deterministic: bool = False,
        starter_state: str = "well-run",
        socket_timeout: float = DEFAULT_TIMEOUT,
    ):
        self.faults = FaultBook()
        self.faults.arm(list(faults))  # bad specs fail before anything is opened
        self.store = Store(state)
        if starter_state not in starter.STATES:
            raise ValueError(f"the starter state must be one of {', '.join(starter.STATES)}, not {starter_state!r}")
        self.account: Account = ensure_account(self.store, access_key_secret, deterministic,
                                               seed=lambda store, now: starter.seed(store, now, starter_state))
        self.accounts = Accounts(self.store, self.account)
        self.nonces = NonceBook()
        self.latency_ms = latency_ms
        self.log = RequestLog()
        self.recorder = Recorder(self)  # every answered call becomes an event; the clock drives delivery
        self.ca = LocalCA(ca_folder(state))
        self._httpd = Listener((host, port), self.handle, self._tunnel, socket_timeout)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def ca_bundle(self) -> str:
        """The PEM file of the CA whose certificates the sandbox presents over HTTPS."""
        return str(self.ca.bundle)

    @property
    def tls_connections(self) -> int:
        """HTTPS tunnels (CONNECT, then a TLS handshake) accepted since the server started."""
        return self._httpd.tunnels_opened

    def tls_connections_by_host(self) -> dict[str, int]:
        return dict(self._httpd.tunnels_by_host)

    def _tunnel(self, host: str):
        """The TLS context for a CONNECT to `host`: only for the hosts the sandbox serves."""
        return self.ca.context_for(host) if route(host) is not None else None

    # -- steering (also reachable over HTTP, see steering/control.py) -------------
    def arm_fault(self, *specs: str) -> None:
        self.faults.arm(list(specs))

    def clear_faults(self) -> None:
        self.faults.clear()

    def advance_clock(self, seconds: float) -> None:
        clock.advance(self.store, seconds)
        self.recorder.catch_up(force=True)  # what the passed time delivers and alerts on happens now

    def join_resource_directory(self, managed_by: str, delegated_services=()) -> dict:
        """This account becomes a member of a Resource Directory managed by another account (the sandbox has one
        account, so the other side's calls are simulated), optionally a delegated administrator of some services."""
        return resourcemanager_models.join(self.store, self.account.account_id, managed_by, tuple(delegated_services))

    def create_account(self) -> Account:
        """Another Alibaba Cloud account, empty, with its own root access key: sign with it to act as it."""
        return self.accounts.create_account()

    def account_ids(self) -> list[str]:
        return self.accounts.ids()

    def make_messy(self) -> dict:
        """The account gains the messy starter's principals and attachments (services/ram/starter.py)."""
        return starter.make_messy(self.store, clock.iso_seconds(clock.now(self.store)))

    def requests(self) -> list[dict]:
        return self.log.records()

    def events(self, after: str = "") -> list[dict]:
        """Every recorded event of every account, oldest first, each with its "key" (a cursor for `after`)."""
        self.recorder.catch_up()
        return self.recorder.events(after)

    def notifications(self) -> list[dict]:
        """Every alert notification the sandbox sent (to nobody), oldest first."""
        self.recorder.catch_up()
        from .services.sls import alerting

        return alerting.notifications(self.store, self.account_ids())

    def inject_events(self, *events: dict, account_id: str = "") -> list[dict]:
        return self.recorder.inject({"events": list(events), **({"account_id": account_id} if account_id else {})})

    # -- serving ------------------------------------------------------------------
    def _is_control(self, request: Request) -> bool:
        own = {"127.0.0.1", "localhost", "::1", str(self._httpd.server_address[0])}
        return request.host in own and request.path.startswith("/_sandbox/")

    def handle(self, request: Request, send: Send) -> None:
        """Route one request to its service (or the control endpoint) and send the answer."""
        if self._is_control(request):
            send(control.handle(self, request))
            return
        target = route(request.host)
        if target is None:
            send(Response(502, {"Content-Type": "text/plain"}, f"sandbox: unknown host {request.host!r}\n".encode()))
            return
        started = time.monotonic()
        module = SERVICES[target.service]
        ctx = Context(self.store, self.accounts, target.service, target.region, target.subdomain,
                      nonces=self.nonces)
        operation = module.operation(request)
        received = self.log.tick()
        self.recorder.catch_up()
        arrived = clock.now(self.store)
        answered = None  # the service's own answer, which its event records (None: the call never reached it)
        fault = None if request.malformed else self.faults.check(target.service, operation, searchable(request))
        fired = fault.spec if fault is not None else ""
        try:
            if request.malformed:
                response = module.render_error(ctx, request, ApiError(
                    400, _BAD_REQUEST.get(target.service, "InvalidParameter"), f"Malformed request: {request.malformed}."))
            elif fault is not None and fault.drop:
                response = DROP
            elif fault is not None and fault.lost:
                answered = module.handle(ctx, request)  # it takes effect; the client never learns
                response = DROP
            elif fault is not None and fault.body == "html":
                response = html_page(fault.status)
            elif fault is not None and fault.body:
                response = answered = module.handle(ctx, request)
                damaged = damage(response, fault.body, fault.status)
                response, fired = (damaged, fired) if damaged is not None else (response, "")
            elif fault is not None:
                response = module.render_error(ctx, request, ApiError(fault.status, fault.code,
                                                                      f"Injected by the sandbox ({fault.spec})."))
            else:
                response = answered = module.handle(ctx, request)
        except Exception:  # a handler bug must not kill the connection silently
            traceback.print_exc(file=sys.stderr)
            response = Response(500, {"Content-Type": "text/plain"}, b"sandbox: internal error\n")
        if answered is not None:
            try:
                self.recorder.record(ctx, target.service, operation, request, answered, arrived)
            except Exception:  # noqa: BLE001 - a recording bug must not cost the caller its answer
                traceback.print_exc(file=sys.stderr)
        if self.latency_ms:
            time.sleep(self.latency_ms / 1000)
        self.log.record(request.client, target.service, operation, response, started, fired, received, request.secure,
                        ctx.caller, ctx.authorization, request.path)
        send(response)

    def start(self) -> "SandboxServer":
        # a short poll: stop() waits for the loop to notice, and the default 0.5 s adds up over hundreds of tests
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="sandbox", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._httpd.serve_forever()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread:
            self._thread.join(timeout=5)
        self.store.close()

    def __enter__(self) -> "SandboxServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
