"""Ctrl-C (SIGINT) to a real `apply` process in the middle of its calls: exit 130, the calls in flight finished,
the count of changes made and the command that resumes; pasted, it converges. Never "no further changes were made"
when changes were made."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import time

from tests.support.cli import ROOT, changes_made, run_process, writes
from wizard.cloud.apply.journal import Journal

BASELINE = str(ROOT / "examples/baseline.toml")


def _done(state) -> int:
    return sum(r.get("event") == "action-done" for path in state.rglob("journal-*.jsonl")
               for r in Journal(path).records())


def test_ctrl_c_during_apply_says_how_many_changes_were_made_and_how_to_resume(sandbox, tmp_path):
    state = tmp_path / "state"
    env = {**os.environ, "XDG_STATE_HOME": str(state)}
    sandbox.latency_ms = 100
    process = subprocess.Popen([sys.executable, "-m", "wizard", "apply", "--config", BASELINE, "--yes",
                                "--sandbox-url", sandbox.url], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while _done(state) < 3:
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    sandbox.latency_ms = 0
    assert process.returncode == 130, out + err
    assert "Traceback" not in err and "no further changes were made" not in err
    made = changes_made(sandbox)
    assert made == _done(state), "every call sent was waited for and journaled"
    assert f"Stopped: {made} of " in err and "the calls in flight finished and nothing else started" in err, err
    resume = err[err.index("Resume with: ") + len("Resume with: "):].split("\n")[0].strip()
    assert resume == f"actiontrail-wizard apply --config {BASELINE} --sandbox-url {sandbox.url}"
    again = run_process(*shlex.split(resume)[1:], "--yes")
    assert again.returncode == 0, again.stdout + again.stderr


def test_ctrl_c_before_any_change_says_nothing_was_changed(sandbox, tmp_path):
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")}
    sandbox.latency_ms = 300  # discovery is still reading when the signal comes
    process = subprocess.Popen([sys.executable, "-m", "wizard", "apply", "--config", BASELINE, "--yes",
                                "--sandbox-url", sandbox.url], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not any(r["operation"] == "DescribeTrails" for r in sandbox.requests()):
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    sandbox.latency_ms = 0
    assert process.returncode == 130, out + err
    assert "Interrupted: no changes were made." in err and "Traceback" not in err
    assert writes(sandbox) == []


def test_ctrl_c_while_verifying_says_every_change_was_made(sandbox, tmp_path, monkeypatch, capsys):
    from wizard.commands.apply_front import ApplyCommand
    from wizard.core.settings_file import load_settings
    from wizard.flow.connection import Connection
    from wizard.flow.sequence import Options, run
    from wizard.flow.session import WizardFlow

    class Impatient(ApplyCommand):
        def summary(self, work, settings, check, backfill):
            raise KeyboardInterrupt  # the operator gives up on the verification

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    with WizardFlow(Connection(sandbox_url=sandbox.url)) as flow:
        code = run(Impatient(yes=True), flow, load_settings(BASELINE), Options(config_path=BASELINE))
    err = capsys.readouterr().err
    assert code == 130
    made = changes_made(sandbox)
    assert f"Interrupted while verifying: all {made} change(s) were made; check them with: actiontrail-wizard " \
           f"audit --config {BASELINE} --sandbox-url {sandbox.url}" in err
