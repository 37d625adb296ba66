"""Ctrl-C during an apply asks it to stop; it does not raise in the middle of the bookkeeping.

A KeyboardInterrupt can land between any two bytecodes of the main thread: between a call's answer
and its journal line, or between starting a call and remembering it started. Either way a change
made in the cloud would go unrecorded. So while the calls run, SIGINT only sets the stop event:
the scheduler sees it when the next call ends, starts nothing new and waits for the calls in flight.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator


@dataclass
class CtrlC:
    pressed: bool = False


@contextmanager
def ctrl_c_sets(stop: threading.Event) -> Iterator[CtrlC]:
    """While inside, SIGINT sets `stop` (and `pressed`) instead of raising; outside the main thread, a no-op."""
    seen = CtrlC()
    if threading.current_thread() is not threading.main_thread():
        yield seen  # only the main thread receives signals: a worker-thread apply is stopped by its event
        return

    def asked_to_stop(signum, frame) -> None:
        seen.pressed = True
        stop.set()
    previous = signal.signal(signal.SIGINT, asked_to_stop)
    try:
        yield seen
    finally:
        signal.signal(signal.SIGINT, previous)
