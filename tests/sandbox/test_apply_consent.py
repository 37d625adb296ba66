"""`apply` on a terminal always asks, naming the counts, whatever the plan holds; only the answer asked for applies.

Run as a person runs it: a real process on a pseudo-terminal, the plan printed, the question answered by typing.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time

from alibabacloud_actiontrail20200706 import models as at

from tests.support.cli import ROOT, run, writes
from tests.support.clients import actiontrail_client

BASELINE = str(ROOT / "examples/baseline.toml")


def _on_a_terminal(sandbox, env, answer: str) -> tuple[int, str]:
    """`apply --config baseline` with stdin, stdout and stderr on a pty; `answer` typed once it asks."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "wizard", "apply", "--config", BASELINE, "--sandbox-url",
                                sandbox.url], cwd=ROOT, env=env, stdin=terminal, stdout=terminal, stderr=terminal)
    os.close(terminal)
    poller = select.poll()
    poller.register(controller, select.POLLIN)
    shown, answered, deadline = b"", False, time.monotonic() + 180  # bounds a hang only: a loaded machine is slow
    while time.monotonic() < deadline:
        ready = poller.poll(100)  # poll, not select(): a long-lived test worker may hold fds past FD_SETSIZE
        if ready:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the process ended and closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        if not answered and b"to make these changes: " in shown:
            os.write(controller, answer.encode() + b"\r")
            answered = True
        if process.poll() is not None and not ready:
            break
    os.close(controller)
    return process.wait(timeout=30), shown.decode("utf-8", "replace").replace("\r\n", "\n")


def test_a_fix_without_a_lock_is_asked_with_its_counts_and_applies_only_on_apply(sandbox, tmp_path):
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state"), "COLUMNS": "200"}
    assert run(sandbox, "apply", "--config", BASELINE, "--yes").code == 0
    actiontrail_client(sandbox).stop_logging(at.StopLoggingRequest(name="actiontrail-baseline"))
    before = len(sandbox.requests())

    code, shown = _on_a_terminal(sandbox, env, "y")
    assert "Apply 1 change (0 create, 1 update, 0 irreversible)?" in shown, shown
    assert code == 1 and "Not confirmed: no changes were made." in shown, "only `apply` applies"
    assert writes(sandbox, before) == []

    code, shown = _on_a_terminal(sandbox, env, "apply")
    assert code == 0, shown
    assert writes(sandbox, before) == ["StartLogging"]
