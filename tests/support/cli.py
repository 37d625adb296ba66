"""The wizard's own CLI, run two ways: in-process against a test sandbox (`run`, `writes`: the real code path,
just no subprocess), and as a user runs it, a real subprocess with real exit codes (`run_process`)."""

from __future__ import annotations

import io
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from wizard.cli import main

ROOT = Path(__file__).resolve().parents[2]
WRITE_PREFIXES = ("Create", "Put", "Update", "Upsert", "Start", "Stop", "Delete", "Attach", "Detach", "Set", "Enable",
                  "Disable", "Initiate", "Complete", "Extend", "Abort", "Tag", "Untag", "Schedule", "Add", "Remove")


@dataclass
class Run:
    code: int
    out: str
    err: str


def run(sandbox, *args, env=None) -> Run:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([*args, "--sandbox-url", sandbox.url])
    return Run(code, out.getvalue(), err.getvalue())


def lock_record(request: dict) -> bool:
    """A write of the apply lock's records in the log bucket (cloud/apply/account_lock.py): every apply writes two
    (taken, released), however it ends."""
    return request["operation"] == "PutObject" and "/actiontrail-wizard/apply-lock/" in request.get("path", "")


def writes(sandbox, since: int = 0, lock: bool = False) -> list[str]:
    """Write operations the sandbox received (its request log), after the first `since` requests; the apply lock's
    own records only with `lock`."""
    return [r["operation"] for r in sandbox.requests()[since:] if r["operation"].startswith(WRITE_PREFIXES)
            and (lock or not lock_record(r))]


KEY_STEP = ("CreateAlias", "SetDeletionProtection")  # one change with its CreateKey (cloud/apply/calls/kms.py)


def changes_made(sandbox, since: int = 0) -> int:
    """The plan's changes the sandbox received: its write requests, where the key step's CreateAlias and
    SetDeletionProtection (sent after that step's CreateKey, whatever else runs between) are part of that change."""
    made, owed = 0, []
    for operation in writes(sandbox, since):
        if operation in owed:
            owed.remove(operation)
            continue
        if operation == "CreateKey":
            owed += KEY_STEP
        made += 1
    return made


def run_process(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "wizard", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60)
