"""The sandbox server: an HTTP proxy that answers for Alibaba Cloud hosts itself.

Each request is routed by host (http/routing.py) to `wizard.sandbox.services.<service>`,
whose package exposes operation(), handle() and render_error(); on the way the armed
faults may replace or damage the answer, and the request log records it. Requests for
the sandbox's own address under /_sandbox/ go to the control endpoint instead.
"""

from __future__ import annotations

import importlib
import sys
import threading
import time
import traceback
from pathlib import Path

from .http.listener import Listener, Send
from .http.protocol import DROPPED, ApiError, Request, Response
from .http.routing import route
from .services.ram import starter
from .services.resourcemanager import models as resourcemanager
from .state import clock
from .state.account import Account, ensure_account
from .state.context import Context
from .state.store import Store
from .steering import control
from .steering.faults import FaultBook, searchable
from .steering.malformed import damage, html_page
from .steering.request_log import RequestLog

DROP = Response(status=DROPPED)  # close the connection without an answer


def _service_module(service: str):
    """The package of a service: exposes operation(), handle() and render_error()."""
    return importlib.import_module(f"wizard.sandbox.services.{service}")


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
    ):
        self.faults = FaultBook()
        self.faults.arm(list(faults))  # bad specs fail before anything is opened
        self.store = Store(state)
        if starter_state not in starter.STATES:
            raise ValueError(f"the starter state must be one of {', '.join(starter.STATES)}, not {starter_state!r}")
        self.account: Account = ensure_account(self.store, access_key_secret, deterministic,
                                               seed=lambda store, now: starter.seed(store, now, starter_state))
        self.latency_ms = latency_ms
        self.log = RequestLog()
        self._httpd = Listener((host, port), self.handle)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    # -- steering (also reachable over HTTP, see steering/control.py) -------------
    def arm_fault(self, *specs: str) -> None:
        self.faults.arm(list(specs))

    def clear_faults(self) -> None:
        self.faults.clear()

    def advance_clock(self, seconds: float) -> None:
        clock.advance(self.store, seconds)

    def join_resource_directory(self, managed_by: str, delegated_services=()) -> dict:
        """This account becomes a member of a Resource Directory managed by another account (the sandbox has one
        account, so the other side's calls are simulated), optionally a delegated administrator of some services."""
        return resourcemanager.join(self.store, self.account.account_id, managed_by, tuple(delegated_services))

    def make_messy(self) -> dict:
        """The account gains the messy starter's principals and attachments (services/ram/starter.py)."""
        return starter.make_messy(self.store, clock.iso_seconds(clock.now(self.store)))

    def requests(self) -> list[dict]:
        return self.log.records()

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
        try:
            module = _service_module(target.service)
        except ModuleNotFoundError:
            send(Response(501, {"Content-Type": "text/plain"}, f"sandbox: {target.service} is not simulated\n".encode()))
            return
        ctx = Context(self.store, self.account, target.service, target.region, target.subdomain)
        operation = module.operation(request)
        received = self.log.tick()
        fault = self.faults.check(target.service, operation, searchable(request))
        fired = fault.spec if fault is not None else ""
        try:
            if fault is not None and fault.drop:
                response = DROP
            elif fault is not None and fault.body == "html":
                response = html_page(fault.status)
            elif fault is not None and fault.body:
                response = module.handle(ctx, request)
                damaged = damage(response, fault.body, fault.status)
                response, fired = (damaged, fired) if damaged is not None else (response, "")
            elif fault is not None:
                response = module.render_error(ctx, request, ApiError(fault.status, fault.code,
                                                                      f"Injected by the sandbox ({fault.spec})."))
            else:
                response = module.handle(ctx, request)
        except Exception:  # a handler bug must not kill the connection silently
            traceback.print_exc(file=sys.stderr)
            response = Response(500, {"Content-Type": "text/plain"}, b"sandbox: internal error\n")
        if self.latency_ms:
            time.sleep(self.latency_ms / 1000)
        self.log.record(request.client, target.service, operation, response, started, fired, received)
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
