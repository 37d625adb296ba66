"""Audit critical path: extra wall time of a full discovery at 200 ms latency, divided by the latency.

That ratio is the round-trip depth: how many calls wait on each other. Target: at
most 4 for one trail, and the same with 5 trails and 20 buckets. Prints
`name: value unit` lines; one run, ratios only (these machines are noisy).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

LATENCY = 0.2


def _prepare(server, extra_trails: int, extra_buckets: int) -> None:
    import io
    from contextlib import redirect_stderr, redirect_stdout

    import alibabacloud_oss_v2 as oss
    from alibabacloud_actiontrail20200706 import models as at

    from wizard.cli import main

    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        main(["apply", "--config", "examples/baseline.toml", "--yes", "--sandbox-url", server.url])
    session = _session(server)
    for i in range(extra_buckets):
        session.oss().put_bucket(oss.models.PutBucketRequest(bucket=f"bench-bucket-{i:02d}"))
    for i in range(extra_trails):
        session.actiontrail().create_trail(at.CreateTrailRequest(
            name=f"bench-trail-{i}", oss_bucket_name=f"bench-bucket-{i:02d}", event_rw="All"))


def _session(server):
    from wizard.cloud.session import Session

    account = server.account
    return Session.for_sandbox(server.url, account.access_key_id, account.access_key_secret, "cn-hangzhou")


def _discovery_seconds(server) -> float:
    from wizard.cloud.discover import discover
    from wizard.config import load_settings

    settings = load_settings("examples/baseline.toml")
    session = _session(server)
    discover(session, settings)  # warm: SDK imports and client construction are start-up, not round trips
    started = time.perf_counter()
    discover(session, settings)
    return time.perf_counter() - started


def measure(name: str, extra_trails: int, extra_buckets: int) -> None:
    from wizard.sandbox.server import SandboxServer

    with tempfile.TemporaryDirectory() as folder:
        os.environ["XDG_STATE_HOME"] = folder
        with SandboxServer(Path(folder) / "s.db") as server:
            _prepare(server, extra_trails, extra_buckets)
            fast = _discovery_seconds(server)
            server.latency_ms = int(LATENCY * 1000)
            slow = _discovery_seconds(server)
    print(f"{name}_audit_0ms: {fast:.3f} s")
    print(f"{name}_audit_200ms: {slow:.3f} s")
    print(f"{name}_audit_depth: {(slow - fast) / LATENCY:.1f} round-trips")


if __name__ == "__main__":
    os.chdir(Path(__file__).resolve().parents[1])
    measure("one_trail", 0, 0)
    measure("five_trails_20_buckets", 4, 19)
