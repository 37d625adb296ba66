"""Fault injection: make chosen calls fail the way the real cloud sometimes does.

SPEC syntax (also in `sandbox serve --help` and the README):

    [SERVICE:]OPERATION[@TEXT][#N|%N]=STATUS[:CODE]   answer with an error
    [SERVICE:]OPERATION[@TEXT][#N|%N]=drop            close the connection without answering
    [SERVICE:]OPERATION[@TEXT][#N|%N]=lost            run the call, then close the connection: the answer is lost
    [SERVICE:]OPERATION[@TEXT][#N|%N]=body:KIND       answer, but with a malformed body

OPERATION is an API name (CreateTrail, PutBucketEncryption, CreateLogStore) or *;
SERVICE (sts, actiontrail, kms, ram, oss, sls) narrows it, and so does @TEXT: only
requests whose path, query or body contain TEXT (a name: at-trail-changes). #N fails
only the Nth matching call, %N every Nth; with neither, every matching call fails.
Body KINDs: truncated (the real answer cut in half), empty (no body), missing-fields
(only the RequestId is left), html (a gateway's HTML error page, status 502 instead
of the answer; html:200 sends it with status 200). The call itself still runs for
truncated, empty and missing-fields (the service answered, the answer got damaged),
not for html (a gateway answered instead of the service).

    CreateTrail#1=503:ServiceUnavailable   the 1st CreateTrail answers 503
    *%3=400:Throttling.User                every 3rd call is throttled
    oss:PutBucketEncryption=drop           every PutBucketEncryption loses its connection
    oss:CompleteBucketWorm#1=lost          the 1st CompleteBucketWorm takes effect, but its answer never arrives
    CreateAlert@at-root-account-use#1=500  the 1st CreateAlert for that alert answers 500
    GetBucketPolicy=body:truncated         every GetBucketPolicy answer is cut in half
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from urllib.parse import unquote

from ..http.protocol import Request

_SPEC = re.compile(r"^(?:(?P<service>[a-z]+):)?(?P<operation>\*|[A-Za-z][A-Za-z0-9]*)(?:@(?P<text>[A-Za-z0-9_./-]+))?"
                   r"(?:(?P<mode>[#%])(?P<n>[1-9]\d*))?="
                   r"(?:(?P<drop>drop)|(?P<lost>lost)"
                   r"|body:(?P<body>truncated|empty|missing-fields|html(?::(?P<html_status>[1-5]\d\d))?)"
                   r"|(?P<status>[1-5]\d\d)(?::(?P<code>[A-Za-z0-9_.]+))?)$")
BODY_KINDS = ("truncated", "empty", "missing-fields", "html")
_DEFAULT_CODES = {400: "InvalidParameter", 403: "Forbidden", 404: "NotFound", 409: "Conflict",
                  429: "Throttling", 500: "InternalError", 502: "BadGateway", 503: "ServiceUnavailable",
                  504: "GatewayTimeout"}


class FaultSpecError(ValueError):
    pass


@dataclass
class Fault:
    spec: str
    service: str | None
    operation: str
    mode: str | None  # "#" the Nth call only, "%" every Nth, None every call
    n: int
    drop: bool
    status: int
    code: str
    text: str | None = None  # only requests that contain this text
    body: str | None = None  # a malformed-body kind (BODY_KINDS), None for an error or a drop
    lost: bool = False  # the call runs; its answer is dropped on the way back
    seen: int = 0

    def matches(self, service: str, operation: str, request_text: str = "") -> bool:
        return (self.service in (None, service) and self.operation in ("*", operation)
                and (self.text is None or self.text in request_text))

    def fires(self) -> bool:
        """Count one matching call; does this one fail?"""
        self.seen += 1
        if self.mode == "#":
            return self.seen == self.n
        if self.mode == "%":
            return self.seen % self.n == 0
        return True


def parse(spec: str) -> Fault:
    match = _SPEC.match(spec.strip())
    if not match:
        raise FaultSpecError(f"fault {spec!r} is not [SERVICE:]OPERATION[@TEXT][#N|%N]=STATUS[:CODE], ...=drop, "
                             f"...=lost or ...=body:KIND ({', '.join(BODY_KINDS)}), e.g. CreateTrail#1=503:ServiceUnavailable")
    body = match.group("body")
    status = int(match.group("status") or match.group("html_status") or (502 if body else 0))
    return Fault(spec=spec, service=match.group("service"), operation=match.group("operation"),
                 mode=match.group("mode"), n=int(match.group("n") or 1), drop=bool(match.group("drop")),
                 status=status, code=match.group("code") or _DEFAULT_CODES.get(status, "InternalError"),
                 text=match.group("text"), body=body.split(":")[0] if body else None, lost=bool(match.group("lost")))


@dataclass
class FaultBook:
    """The armed faults; thread-safe, since requests arrive concurrently."""

    faults: list[Fault] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def arm(self, specs: list[str]) -> None:
        parsed = [parse(spec) for spec in specs]  # all or nothing
        with self._lock:
            self.faults.extend(parsed)

    def clear(self) -> None:
        with self._lock:
            self.faults.clear()

    def check(self, service: str, operation: str, request_text: str = "") -> Fault | None:
        """The fault this call triggers, if any (every matching fault counts the call)."""
        with self._lock:
            fired = None
            for fault in self.faults:
                if fault.matches(service, operation, request_text) and fault.fires() and fired is None:
                    fired = fault
            return fired

    def describe(self) -> list[dict]:
        with self._lock:
            return [{"spec": f.spec, "seen": f.seen} for f in self.faults]


def searchable(request: Request) -> str:
    """What a fault's @TEXT is looked for in: the decoded path and query, and the body."""
    return f"{request.path}?{unquote(request.raw_query)}\n{request.body.decode('utf-8', 'replace')}"
