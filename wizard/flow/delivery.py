"""Proving delivery: make the marker call, then search every destination until it is found in all, or time is up.

On the real cloud the wait is the wall clock (a search round every POLL_SECONDS, up to the timeout: long enough
for the documented OSS delay). On a sandbox the wait is the sandbox's own clock: each round moves it forward
(POST /_sandbox/clock) instead of sleeping, so the same 15 minutes take seconds. Progress is reported after every
round as the proof so far; setting `stop` ends the wait after the round in flight.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from typing import Callable

from wizard.core.delivery import (
    EVENTS,
    LOGSTORE,
    OSS,
    POLL_SECONDS,
    REAL_TIMEOUT_SECONDS,
    SANDBOX_STEP_SECONDS,
    DeliveryProof,
    Landing,
    destinations,
    marker_for,
    named_key_id,
)
from wizard.core.settings import Settings
from wizard.flow.connection import advance_sandbox_clock

OnProof = Callable[[DeliveryProof], None]


class WallClock:
    def __init__(self, poll: float = POLL_SECONDS):
        self.poll, self.started = poll, time.time()

    def now(self) -> float:
        return time.time()

    def elapsed(self) -> float:
        return time.time() - self.started

    def wait(self, stop: threading.Event) -> None:
        stop.wait(self.poll)


class SandboxClock:
    """The sandbox's time (wall clock + its offset); waiting moves it forward by one step. What it reports as
    elapsed is the time it moved (whole steps), so the same run says the same durations."""

    def __init__(self, url: str, step: float = SANDBOX_STEP_SECONDS):
        self.url, self.step, self.moved = url, step, 0.0
        self.offset = advance_sandbox_clock(url, 0)

    def now(self) -> float:
        return time.time() + self.offset

    def elapsed(self) -> float:
        return self.moved

    def wait(self, stop: threading.Event) -> None:
        self.offset = advance_sandbox_clock(self.url, self.step)
        self.moved += self.step


def prove_delivery(session, settings: Settings, sandbox_url: str | None = None, timeout: float | None = None,
                   on_proof: OnProof = lambda proof: None, stop: threading.Event | None = None,
                   later: str = "") -> DeliveryProof:
    """The marker, then rounds of searches until every destination holds it (or the timeout, or `stop`)."""
    from wizard.cloud.delivery.marker import make_marker
    from wizard.cloud.delivery.search import bucket_key, in_bucket, in_event_history, in_logstore, member_path
    from wizard.cloud.identity import caller_identity

    stop = stop or threading.Event()
    clock = SandboxClock(sandbox_url) if sandbox_url else WallClock()
    marker = marker_for(settings)
    wanted = (named_key_id(settings) or bucket_key(session, settings)) if settings.oss else None
    organization = bool(settings.oss and settings.trail.organization)
    member = member_path(session, settings, caller_identity(session)[0]) if organization else ""
    start = clock.now()
    made = make_marker(session, marker)
    proof = DeliveryProof(made.request_id, marker, destinations(settings), timeout=timeout or REAL_TIMEOUT_SECONDS,
                          sandbox=bool(sandbox_url), later=later)
    if made.is_logging is False:  # a stopped trail records nothing: no point in waiting
        return replace(proof, notes=(f"Trail {settings.trail.name} is not logging (GetTrailStatus IsLogging false): "
                                     "it records and delivers nothing until it is started (apply starts it).",))
    landings: dict[str, Landing] = {}

    def search(kind: str, now: float) -> Landing | None:
        if kind == EVENTS:
            hit = in_event_history(session, marker, made.request_id, start, now)
            return Landing(EVENTS, "the event history (LookupEvents)", 0.0) if hit else None
        if kind == LOGSTORE:
            hit = in_logstore(session, settings, made.request_id, start, now)
            return Landing(LOGSTORE, f"Logstore {settings.logstore_name} (GetLogs)", 0.0) if hit else None
        if kind == OSS:
            return in_bucket(session, settings, made.request_id, start, now, wanted, member)
        raise ValueError(kind)

    while True:
        now, elapsed = clock.now(), clock.elapsed()
        for destination in proof.missing:
            found = search(destination.kind, now)
            if found is not None:
                landings[destination.kind] = replace(found, after=elapsed)
        proof = replace(proof, landings=tuple(landings[d.kind] for d in proof.destinations if d.kind in landings),
                        waited=elapsed)
        on_proof(proof)
        if not proof.missing or proof.waited >= proof.timeout:
            return proof
        if stop.is_set():
            return replace(proof, skipped=True)
        clock.wait(stop)
        if stop.is_set():
            return replace(proof, skipped=True)
