"""Apply progress as lines of text (CLI and plain mode): one line per finished, retried, failed or skipped call.

Calls run concurrently, so `[n/N]` counts completions, not plan positions: the
lines always count up, whichever branch of the plan answers first.
"""

from __future__ import annotations

from typing import Callable

from wizard.core.progress import ActionState


def progress_printer(total: int, write: Callable[[str], None] = lambda line: print(line, flush=True)):
    completed = 0

    def on_event(event) -> None:
        nonlocal completed
        completed += event.state == ActionState.DONE
        prefix = f"[{completed}/{total}] {event.action.service} {event.action.api} {event.action.resource}"
        if event.state == ActionState.DONE:
            write(f"{prefix}: done (RequestId {event.request_id or '-'})")
        elif event.state == ActionState.RETRYING:
            write(f"{prefix}: {event.error.code}, retrying in {event.delay:.1f}s (attempt {event.attempt + 1})")
        elif event.state == ActionState.FAILED:
            write(f"{prefix}: FAILED")
        elif event.state == ActionState.SKIPPED:
            hint = f"\n      hint: {event.error.hint}" if event.error.hint else ""
            write(f"{prefix}: skipped (optional): {event.error.code}: {event.error.detail}{hint}")
    return on_event
