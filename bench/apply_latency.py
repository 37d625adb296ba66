"""Apply: calls and wall time of onboarding each example at 200 ms sandbox latency, one call at a time
(ACTIONTRAIL_WIZARD_APPLY_WORKERS=1) and concurrently (the default), and the ratio.

Each run is the whole `apply --yes` command on a fresh sandbox: discovery, plan, the calls, verification.
Prints `name: value unit` lines; one run, ratios to compare across machines.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
LATENCY_MS = 200
WRITES = ("Create", "Put", "Update", "Upsert", "Start", "Set", "Enable", "Attach", "Initiate", "Complete", "Extend", "Tag")


def onboard(example: Path, workers: str | None) -> tuple[float, int, int]:
    """(seconds, API calls, write calls) of one `apply --yes` against a fresh sandbox."""
    from wizard.cli import main
    from wizard.sandbox.server import SandboxServer

    with tempfile.TemporaryDirectory() as folder:
        os.environ["XDG_STATE_HOME"] = folder
        if workers:
            os.environ["ACTIONTRAIL_WIZARD_APPLY_WORKERS"] = workers
        else:
            os.environ.pop("ACTIONTRAIL_WIZARD_APPLY_WORKERS", None)
        with SandboxServer(Path(folder) / "s.db", latency_ms=LATENCY_MS) as server:
            started = time.perf_counter()
            with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
                code = main(["apply", "--config", str(example), "--yes", "--sandbox-url", server.url])
            elapsed = time.perf_counter() - started
            operations = [r["operation"] for r in server.requests()]
    if code != 0:
        raise SystemExit(f"apply of {example.name} exited {code}")
    return elapsed, len(operations), sum(op.startswith(WRITES) for op in operations)


def main() -> None:
    onboard(ROOT / "examples" / "baseline.toml", None)  # warm: SDK imports are start-up, not round trips
    for example in sorted((ROOT / "examples").glob("*.toml")):
        name = example.stem.replace("-", "_")
        sequential, calls, writes = onboard(example, "1")
        concurrent, _, _ = onboard(example, None)
        print(f"{name}_apply_calls: {calls} calls")
        print(f"{name}_apply_write_calls: {writes} calls")
        print(f"{name}_apply_sequential_200ms: {sequential:.2f} s")
        print(f"{name}_apply_concurrent_200ms: {concurrent:.2f} s")
        print(f"{name}_apply_speedup: {sequential / concurrent:.2f} x")
        print(f"{name}_apply_concurrent_depth: {concurrent / (LATENCY_MS / 1000):.1f} round-trips")


if __name__ == "__main__":
    main()
