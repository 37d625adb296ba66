"""Audit critical path: extra wall time of a full discovery at 200 ms latency, divided by the latency.

That ratio is the round-trip depth: how many calls wait on each other. Target: at
most 4 for one trail, the same with 5 trails and 20 buckets, and the same for an
organization trail (the Resource Directory reads start with the first wave). Also the TLS
connections one `audit` process opens (the wizard talks HTTPS as in production: connections are
pooled per host, so they should be a few per host, not one per call). Prints `name: value unit`
lines; one run, ratios only (these machines are noisy).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

LATENCY = 0.2


def _config(organization: bool) -> str:
    if not organization:
        return "examples/baseline.toml"
    path = Path(os.environ["XDG_STATE_HOME"]) / "organization.toml"
    path.write_text(Path("examples/baseline.toml").read_text().replace("organization = false", "organization = true"))
    return str(path)


def _prepare(server, extra_trails: int, extra_buckets: int, organization: bool = False) -> None:
    import io
    from contextlib import redirect_stderr, redirect_stdout

    import alibabacloud_oss_v2 as oss
    from alibabacloud_actiontrail20200706 import models as at

    from wizard.cli import main

    session = _session(server)
    if organization:
        session.resourcemanager().init_resource_directory()  # this account manages the Resource Directory
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        main(["apply", "--config", _config(organization), "--yes", "--sandbox-url", server.url])
    for i in range(extra_buckets):
        session.oss().put_bucket(oss.models.PutBucketRequest(bucket=f"bench-bucket-{i:02d}"))
    for i in range(extra_trails):
        session.actiontrail().create_trail(at.CreateTrailRequest(
            name=f"bench-trail-{i}", oss_bucket_name=f"bench-bucket-{i:02d}", event_rw="All"))


def _session(server):
    from wizard.cloud.session import Session

    account = server.account
    return Session.for_sandbox(server.url, account.access_key_id, account.access_key_secret, "cn-hangzhou",
                               server.ca_bundle)


def _discovery_seconds(server, organization: bool) -> float:
    from wizard.cloud.discover.account import discover
    from wizard.core.settings_file import load_settings

    settings = load_settings(_config(organization))
    session = _session(server)
    discover(session, settings)  # warm: SDK imports and client construction are start-up, not round trips
    started = time.perf_counter()
    discover(session, settings)
    return time.perf_counter() - started


def _tls_per_audit(server, organization: bool) -> tuple[int, int]:
    """(TLS connections, API calls) of one `actiontrail-wizard audit` process, as the sandbox counted them."""
    import subprocess

    before, calls_before = server.tls_connections, len(server.requests())
    subprocess.run([sys.executable, "-m", "wizard", "audit", "--config", _config(organization), "--sandbox-url",
                    server.url], capture_output=True, check=False)
    return server.tls_connections - before, len(server.requests()) - calls_before


def measure(name: str, extra_trails: int, extra_buckets: int, organization: bool = False) -> None:
    from wizard.sandbox.server import SandboxServer

    with tempfile.TemporaryDirectory() as folder:
        os.environ["XDG_STATE_HOME"] = folder
        with SandboxServer(Path(folder) / "s.db") as server:
            _prepare(server, extra_trails, extra_buckets, organization)
            tls, calls = _tls_per_audit(server, organization)
            fast = _discovery_seconds(server, organization)
            server.latency_ms = int(LATENCY * 1000)
            slow = _discovery_seconds(server, organization)
    print(f"{name}_audit_0ms: {fast:.3f} s")
    print(f"{name}_audit_200ms: {slow:.3f} s")
    print(f"{name}_audit_depth: {(slow - fast) / LATENCY:.1f} round-trips")
    print(f"{name}_audit_tls_connections: {tls} connections  # one audit process, {calls} HTTPS calls")


if __name__ == "__main__":
    os.chdir(Path(__file__).resolve().parents[1])
    measure("one_trail", 0, 0)
    measure("five_trails_20_buckets", 4, 19)
    measure("organization_trail", 0, 0, organization=True)
