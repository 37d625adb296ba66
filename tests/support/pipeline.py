"""The sandbox's audit pipeline from a test: inject console events, read notifications, and a module's one applied
baseline (examples/baseline.toml: OSS with SSE-KMS and WORM, the Logstore, the 14 alerts mailing secops@example.com).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from tests.support.cli import run


def control(server, path: str, body: dict | None = None) -> dict:
    request = urllib.request.Request(f"{server.url}{path}", data=None if body is None else json.dumps(body).encode(),
                                     method="GET" if body is None else "POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return {"status": error.code, **json.loads(error.read())}


def inject(server, **event) -> dict:
    """One console (or other) event recorded now; returns it as recorded."""
    made = control(server, "/_sandbox/events", {"events": [event]})
    assert "events" in made, made
    return made["events"][0]


def notified(server, alert: str) -> list[dict]:
    return [n for n in control(server, "/_sandbox/notifications")["notifications"] if n["alert"] == alert]


def ids_notified(server, alert: str) -> set[str]:
    """The requestIds and eventIds of every event a notification of `alert` named."""
    return {value for n in notified(server, alert) for e in n["events"]
            for value in (e.get("requestId"), e.get("eventId")) if value}


def apply_baseline(server) -> None:
    applied = run(server, "apply", "--config", "examples/baseline.toml", "--yes")
    assert applied.code == 0, applied.out + applied.err
