"""The sandbox's request log: one record per API call, never a signature, a secret or a header value.

Arrivals and answers are stamped on one counter, so a test can tell which
requests were sent after a given answer (e.g. nothing written after a
malformed one), even when calls overlap.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import asdict, dataclass

from ..http.protocol import DROPPED, Response

log = logging.getLogger("wizard.sandbox")


@dataclass(frozen=True)
class RequestRecord:
    """One line of the request log: never a signature, a secret or a header value."""

    time: str
    client: str
    service: str
    operation: str
    status: int
    code: str
    duration_ms: int
    fault: str = ""  # the armed fault that changed this answer, if one did
    received: int = 0  # when the request arrived and when it was answered, on one counter shared by all
    answered: int = 0  # requests: a request with received > X.answered was sent after X's answer
    https: bool = False  # it came through a TLS tunnel (CONNECT), not as plain HTTP
    access_key_id: str = ""  # the key that signed it ("" when unsigned or unknown)
    principal: str = ""  # root | user/<name> | assumed-role/<role>/<session>
    identity: dict | None = None  # iam.identity.Identity: type, principal_id, account_id, user_name, ...
    decision: str = ""  # RAM: Allow | ExplicitDeny | ImplicitDeny; "" when RAM did not judge it (the root)
    checked: tuple = ()  # "<RAM action> <resource ARN>" of every check RAM made
    denied: str = ""  # the check that refused it
    path: str = ""  # the decoded path (an OSS object's key; "/" for RPC): which object a PutObject wrote

    def line(self) -> str:
        return (f"{self.time} {self.client} {self.service} {self.operation} {self.status}"
                f"{' ' + self.code if self.code else ''} {self.duration_ms}ms"
                f"{' fault ' + self.fault if self.fault else ''}"
                f"{' as ' + self.principal if self.principal else ''}"
                f"{' ' + self.decision + (' ' + self.denied if self.denied else '') if self.decision else ''}")


class RequestLog:
    def __init__(self) -> None:
        self._records: list[RequestRecord] = []
        self._lock = threading.Lock()
        self._clock = 0

    def tick(self) -> int:
        """Stamp an arrival."""
        with self._lock:
            self._clock += 1
            return self._clock

    def record(self, client: str, service: str, operation: str, response: Response, started: float,
               fault: str = "", received: int = 0, https: bool = False, caller=None, authorization=None,
               path: str = "") -> None:
        """Stamp an answer and keep its record (in the order answers go out), with who signed it and what RAM
        decided (the state/account.AccessKey and iam.authorize.Authorization of the request, when known)."""
        code = ""
        if response.status >= 400:
            code = _error_code(response)
        with self._lock:
            self._clock += 1
            record = RequestRecord(time.strftime("%Y-%m-%dT%H:%M:%S"), client, service, operation,
                                   response.status, code if response.status != DROPPED else "dropped",
                                   int((time.monotonic() - started) * 1000), fault, received, self._clock, https,
                                   caller.access_key_id if caller else "", caller.principal if caller else "",
                                   authorization.identity.to_json() if authorization else None,
                                   authorization.decision if authorization else "",
                                   tuple(authorization.checked) if authorization else (),
                                   authorization.denied if authorization else "", path)
            self._records.append(record)
        log.info(record.line())

    def records(self) -> list[dict]:
        with self._lock:
            return [asdict(record) for record in self._records]


def _error_code(response: Response) -> str:
    """The error code from any service's error body (RPC JSON, SLS JSON or OSS XML)."""
    text = response.body.decode("utf-8", "replace")
    for pattern in (r'"Code":\s*"([^"]+)"', r'"errorCode":\s*"([^"]+)"', r"<Code>([^<]+)</Code>"):
        found = re.search(pattern, text)
        if found:
            return found.group(1)
    return ""
