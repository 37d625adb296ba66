"""What server.py calls: each answered request becomes an event, console events are injected, and the
clock's passing drives delivery and the alert schedule.

An event is recorded only for a request whose signing key the sandbox knows (its account is whose trail records
it), and that reached its service: a dropped request never did; a "lost" answer did (the call took effect).
eventTime is when the request arrived (so StopLogging's own event precedes the stop, and is delivered).
`catch_up` runs before each service request and after each clock move, but does work only when something is
due (an event to deliver, a file window closed, an alert tick reached): ordinary requests pay one comparison.
"""

from __future__ import annotations

import sys
import threading
import traceback

from ..http.protocol import Request, Response
from ..http.rpc import parameters
from ..iam.identity import identity_of
from ..state import clock
from ..state.scope import AccountStore
from . import book, schema

INJECTABLE = ("eventId", "eventVersion", "eventType", "eventName", "eventSource", "serviceName", "eventRW",
              "acsRegion", "eventTime", "requestId", "apiVersion", "sourceIpAddress", "userAgent", "userIdentity",
              "requestParameters", "responseElements", "additionalEventData", "errorCode", "errorMessage",
              "referencedResources", "isGlobal", "eventCategory")
EVENT_TYPES = ("ApiCall", "ConsoleSignin", "ConsoleSignout", "ConsoleCall", "AliyunServiceEvent")


class InjectError(ValueError):
    """A POST /_sandbox/events body that is not an event: the message names the field and the rule."""


def _parameters(service: str, operation: str, request: Request, ctx) -> tuple[dict, str]:
    """(requestParameters, apiVersion) as each protocol carries them."""
    if service in ("oss", "sls"):
        from ..services.oss.call import target_of

        params = dict(request.query)
        if service == "oss":
            target = target_of(request, ctx.subdomain)
            params.update({k: v for k, v in (("bucket", target.bucket), ("objectName", target.key)) if v})
        else:
            parts = request.path.strip("/").split("/")
            params.update({"project": ctx.subdomain} if ctx.subdomain else {})
            if len(parts) >= 2 and parts[0] == "logstores":
                params["logstore"] = parts[1]
            if len(parts) >= 2 and parts[0] == "alerts":
                params["alertName"] = parts[1]
        return params, "2020-12-30" if service == "sls" else ""
    try:
        params = parameters(request)
    except Exception:  # noqa: BLE001 - an unreadable body was refused; the event says so without parameters
        params = {}
    version = request.headers.get("x-acs-version") or dict(request.query).get("Version", "")
    return params, version


class Recorder:
    """The server's audit pipeline: record, inject, and catch up with the clock."""

    def __init__(self, server):
        self.server = server
        self._due = 0.0  # the sandbox time at which catch_up next has work (0: look at the store first)
        self._alert_due = 0.0  # the next alert tick with logs waiting (0: look at the store first)
        self._busy = threading.Lock()
        self._due_lock = threading.Lock()

    def _soon(self, when: float) -> None:
        with self._due_lock:
            self._due = min(self._due, when) if self._due else when

    # recording ------------------------------------------------------------------------------
    def record(self, ctx, service: str, operation: str, request: Request, response: Response,
               arrived: float) -> None:
        key = ctx.caller
        if key is None:
            return
        identity = ctx.authorization.identity if ctx.authorization is not None else identity_of(ctx.store, key)
        params, version = _parameters(service, operation, request, ctx)
        event = schema.api_event(event_id=str(ctx.uuid()).upper(), service=service, operation=operation,
                                 region=ctx.region, request=request, response=response, identity=identity,
                                 params=params, event_time=clock.iso_seconds(arrived), api_version=version)
        book.record(ctx.store, event, arrived)
        self._soon(arrived)

    def inject(self, body: dict) -> list[dict]:
        """POST /_sandbox/events: {"events": [...], "account_id": optional}; each needs eventName."""
        from ..state import ids

        accounts = self.server.accounts
        account_id = str(body.get("account_id") or accounts.first.account_id)
        if account_id not in accounts.ids():
            raise InjectError(f"account_id {account_id} is not an account of this sandbox")
        items = body.get("events")
        if not isinstance(items, list) or not items or not all(isinstance(item, dict) for item in items):
            raise InjectError("events must be a non-empty list of event objects")
        store, now, made = AccountStore(self.server.store, account_id), clock.now(self.server.store), []
        for index, item in enumerate(items):
            event = _injected(item, index, account_id, now, str(ids.new_uuid(self.server.store)).upper())
            book.record(store, event, now)
            made.append(event)
        self._soon(now)
        return made

    def events(self, after: str = "") -> list[dict]:
        """Every account's events after the cursor `after` (a key), oldest first, each with its key."""
        found = []
        for account_id in self.server.accounts.ids():
            store = AccountStore(self.server.store, account_id)
            found += [{"key": r["key"], **r["event"]} for r in book.after(store, after, clock.now(self.server.store) + 1)]
        return sorted(found, key=lambda e: e["key"])

    # the clock ------------------------------------------------------------------------------
    def catch_up(self, force: bool = False) -> None:
        """Deliver what is due and run the alert ticks reached, once at a time."""
        now = clock.now(self.server.store)
        with self._due_lock:
            if not force and self._due and now < self._due:
                return
        if not self._busy.acquire(blocking=False):
            return
        try:
            from ..services.actiontrail import delivery
            from ..services.sls import alerting

            root, ids = self.server.store, self.server.accounts.ids()
            delivery_due, appended = delivery.deliver(root, ids, now)
            if appended or force or (self._alert_due and now >= self._alert_due) or not self._alert_due:
                self._alert_due = alerting.run(root, ids, now) or now + 3600  # new logs, or a tick reached
            with self._due_lock:
                self._due = min([d for d in (delivery_due, self._alert_due) if d] or [now + 3600])
        except Exception:  # noqa: BLE001 - a delivery bug must not cost a caller its answer
            traceback.print_exc(file=sys.stderr)
        finally:
            self._busy.release()


def _injected(item: dict, index: int, account_id: str, now: float, event_id: str) -> dict:
    unknown = sorted(set(item) - set(INJECTABLE))
    if unknown:
        raise InjectError(f"events[{index}].{unknown[0]} is not a field of an ActionTrail event "
                          f"(known: {', '.join(INJECTABLE)})")
    name = item.get("eventName")
    if not isinstance(name, str) or not name:
        raise InjectError(f"events[{index}].eventName is required: the API or ConsoleSignin, ConsoleSignout")
    signin = name in ("ConsoleSignin", "ConsoleSignout")
    kind = item.get("eventType", "ConsoleSignin" if signin else "ApiCall")
    if kind not in EVENT_TYPES:
        raise InjectError(f"events[{index}].eventType must be one of {', '.join(EVENT_TYPES)}")
    identity = item.get("userIdentity", {"type": "root-account", "principalId": account_id,
                                         "accountId": account_id, "userName": "root"})
    if not isinstance(identity, dict) or identity.get("type") not in ("root-account", "ram-user", "assumed-role"):
        raise InjectError(f"events[{index}].userIdentity.type must be root-account, ram-user or assumed-role")
    identity = {**identity, "accountId": account_id}
    event = {"eventId": event_id, "eventVersion": 1, "eventType": kind, "eventName": name,
             "eventSource": "signin.aliyun.com" if signin else "", "serviceName": "AasSub" if signin else "",
             "eventRW": "Write" if signin else schema.event_rw(name), "acsRegion": schema.HOME_REGION,
             "eventTime": clock.iso_seconds(now), "sourceIpAddress": "198.51.100.7",
             "userAgent": "Mozilla/5.0 (sandbox console)", "isGlobal": signin, "requestId": event_id,
             **{k: v for k, v in item.items() if k != "eventTime"}, "userIdentity": identity}
    for field in ("additionalEventData", "requestParameters", "referencedResources"):
        if field in event and not isinstance(event[field], dict):
            raise InjectError(f"events[{index}].{field} must be an object")
    event["requestParameters"] = schema.clean_parameters(event.get("requestParameters", {}))
    return event
