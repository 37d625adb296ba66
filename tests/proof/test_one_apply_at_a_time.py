"""One apply at a time per account (issue 12, finding 6): two applies at once (two admins: separate machines'
state, the same account), and applies killed at random instants while calls are in flight, both end with exactly
one of everything, keys included; the second apply says another is running or just ran, re-reads and converges.

Real `actiontrail-wizard apply` processes against one sandbox with latency, so calls overlap for real.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from tests.support.fault_matrix import ROOT, exactly_one_of_everything
from wizard.cloud.retry import DELAY_SCALE_ENV
from wizard.sandbox.server import SandboxServer

BASELINE = ROOT / "examples" / "baseline.toml"
LATENCY_MS = 25


def _start(sandbox, state, *extra_env) -> subprocess.Popen:
    env = {**os.environ, "XDG_STATE_HOME": str(state), "XDG_DATA_HOME": str(state / "data"),
           DELAY_SCALE_ENV: "0.001", "ACTIONTRAIL_WIZARD_LOCK_POLL": "0.1", **dict(extra_env)}
    return subprocess.Popen([sys.executable, "-m", "wizard", "apply", "--config", str(BASELINE), "--yes",
                             "--sandbox-url", sandbox.url], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_two_applies_at_once_end_with_one_of_everything(tmp_path):
    with SandboxServer(tmp_path / "sandbox.db", latency_ms=LATENCY_MS) as sandbox:
        first, second = _start(sandbox, tmp_path / "admin-a"), _start(sandbox, tmp_path / "admin-b")
        outs = [p.communicate(timeout=240) for p in (first, second)]
        said = "\n".join(out + err for out, err in outs)
        assert [first.returncode, second.returncode] == [0, 0], said
        assert "Another apply is running on this account" in said or "Another apply ran on this account" in said
        assert "Traceback" not in said
        sandbox.latency_ms = 0
        exactly_one_of_everything(sandbox, BASELINE)
        ops = [r["operation"] for r in sandbox.requests()]
        assert ops.count("CreateKey") == 1 and ops.count("InitiateBucketWorm") == 1, ops


def test_applies_killed_at_random_instants_end_with_one_of_everything(tmp_path):
    seed = int(os.environ.get("ACTIONTRAIL_KILL_SEED", time.time_ns() % 100_000))
    chance = random.Random(seed)
    with SandboxServer(tmp_path / "sandbox.db", latency_ms=LATENCY_MS) as sandbox:
        for attempt in range(3):  # each killed while calls are in flight, each on the state the last one left
            start = len(sandbox.requests())
            after = chance.randint(3, 90)  # requests into the run, then a moment more: mid-call
            process = _start(sandbox, tmp_path / "admin")
            deadline = time.monotonic() + 120
            while len(sandbox.requests()) < start + after and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.002)
            time.sleep(chance.uniform(0, LATENCY_MS / 1000))
            process.send_signal(signal.SIGKILL)
            process.communicate(timeout=30)
            print(f"seed {seed}: kill {attempt} after {len(sandbox.requests()) - start} requests of that run")
        final = _start(sandbox, tmp_path / "admin")
        out, err = final.communicate(timeout=240)
        assert final.returncode == 0, f"seed {seed}\n{out}{err}"
        sandbox.latency_ms = 0
        exactly_one_of_everything(sandbox, BASELINE)


@pytest.mark.parametrize("host", ["this machine", "another machine"])
def test_a_lock_left_by_a_dead_apply_is_taken_over_and_one_held_elsewhere_is_waited_for(tmp_path, host,
                                                                                        monkeypatch):
    import json
    import socket

    import alibabacloud_oss_v2 as oss

    from tests.support.cli import run
    from tests.support.clients import oss_client
    from wizard.core.names import apply_lock_key

    with SandboxServer(tmp_path / "sandbox.db") as sandbox:
        monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
        monkeypatch.setenv("ACTIONTRAIL_WIZARD_LOCK_WAIT", "1")
        monkeypatch.setenv("ACTIONTRAIL_WIZARD_LOCK_POLL", "0.1")
        client = oss_client(sandbox)
        client.put_bucket(oss.PutBucketRequest(bucket="acme-actiontrail"))
        dead = subprocess.Popen([sys.executable, "-c", "pass"])
        dead.wait()  # a pid that no longer runs
        record = {"seq": 1, "state": "held", "run": "r-dead", "by": "acs:ram::1:user/alice",
                  "host": socket.gethostname() if host == "this machine" else "laptop-of-bob", "pid": dead.pid,
                  "at": time.time(), "expires": time.time() + 1800}
        client.put_object(oss.PutObjectRequest(bucket="acme-actiontrail", key=apply_lock_key(1),
                                               body=json.dumps(record).encode()))
        result = run(sandbox, "apply", "--config", str(BASELINE), "--yes")
        if host == "this machine":
            assert result.code == 0, result.out + result.err
            assert "Took over the apply lock" in result.out + result.err
        else:
            assert result.code == 1, result.out + result.err
            assert "ApplyLockHeld" in result.err and "alice" in result.err and "laptop-of-bob" in result.err
            written = {r["operation"] for r in sandbox.requests() if r["operation"].startswith(("Create", "Put"))}
            assert written <= {"PutBucket", "PutObject"}, written  # nothing but the bucket the lock lives in


def test_an_apply_that_ran_after_the_account_was_read_is_said_and_the_plan_made_again(tmp_path, monkeypatch):
    """Deterministic: another admin's apply runs to the end while this one waits at its consent; this one then
    takes the lock, sees a record newer than its discovery, writes nothing of its stale plan, says so, reads the
    account again and finds nothing left to do."""
    from tests.support.cli import lock_record, run
    from wizard.commands.apply_front import ApplyCommand

    with SandboxServer(tmp_path / "sandbox.db") as sandbox:
        monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
        raced, consents = [], ApplyCommand.consents

        def another_apply_meanwhile(self, plan, consent):
            if not raced:
                raced.append("running")  # the other apply's own consent goes straight through
                raced[0] = run(sandbox, "apply", "--config", str(BASELINE), "--yes")
                raced.append(len(sandbox.requests()))
            return consents(self, plan, consent)

        monkeypatch.setattr(ApplyCommand, "consents", another_apply_meanwhile)
        result = run(sandbox, "apply", "--config", str(BASELINE), "--yes")
        assert raced[0].code == 0, raced[0].out + raced[0].err
        assert result.code == 0, result.out + result.err
        assert "Another apply ran on this account after it was read" in result.out + result.err
        after = [r["operation"] for r in sandbox.requests()[raced[1]:] if r["operation"].startswith(("Create", "Put",
                 "Update", "Set", "Initiate", "Complete", "Extend", "Attach", "Start")) and not lock_record(r)]
        assert after == ["PutBucket"], after  # the stale plan's harmless first call, then nothing
        exactly_one_of_everything(sandbox, BASELINE)
