"""Peak memory of a full run: the maximum resident set of an `apply --yes` process and of an `audit` process
(onboarding examples/baseline.toml against a sandbox served from this process, so it is not counted).

Prints `name: value unit` lines.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def peak_mib(args: list[str], env: dict) -> float:
    """Run the wizard in a child process; its peak resident set in MiB (ru_maxrss is in KiB on Linux)."""
    child = subprocess.Popen([sys.executable, "-m", "wizard", *args], cwd=ROOT, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 2):
        raise SystemExit(f"{args[0]} exited {child.returncode}")
    return usage.ru_maxrss / 1024


def main() -> None:
    from wizard.sandbox.server import SandboxServer

    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "XDG_STATE_HOME": folder, "XDG_DATA_HOME": folder}
        with SandboxServer(Path(folder) / "s.db") as server:
            where = ["--config", "examples/baseline.toml", "--sandbox-url", server.url]
            apply = peak_mib(["apply", *where[:2], "--yes", *where[2:]], env)
            audit = peak_mib(["audit", *where], env)
    print(f"peak_memory_apply: {apply:.0f} MiB")
    print(f"peak_memory_audit: {audit:.0f} MiB")


if __name__ == "__main__":
    main()
