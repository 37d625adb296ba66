"""Start-up: process start to the first painted screen of `actiontrail-wizard --sandbox` (headless), and to the
end of `--help`, each as a ratio to a minimal Textual app measured in the same run.

Also checks the promise behind those numbers: no Alibaba Cloud SDK module is loaded before the first screen
is painted (the wizard connects once the welcome screen is up) or by `--help` (`python -X importtime`).
Prints `name: value unit` lines; medians of a few runs, ratios to compare across machines (the first-paint ratio
is the median of each interleaved pair's ratio, so a change in the machine's load does not skew it).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HARNESS = ROOT / "bench" / "harness" / "first_paint.py"
RUNS = 7  # interleaved pairs (minimal, wizard): on a shared machine the load moves between runs
SDK_PREFIXES = ("alibabacloud", "darabonba", "Tea")


def _first_paint(kind: str, env: dict) -> tuple[float, list[str]]:
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, str(HARNESS), kind], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
    line = child.stdout.readline()
    elapsed = time.perf_counter() - started
    child.wait(timeout=60)
    report = json.loads(line)
    return elapsed, report["sdk_modules"]


def _help_seconds(env: dict) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "wizard", "--help"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def _help_sdk_modules(env: dict) -> list[str]:
    trace = subprocess.run([sys.executable, "-X", "importtime", "-m", "wizard", "--help"], cwd=ROOT, env=env,
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr
    names = [line.rpartition("|")[2].strip() for line in trace.splitlines() if line.startswith("import time:")]
    return [name for name in names if name.startswith(SDK_PREFIXES)]


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "XDG_DATA_HOME": home, "XDG_STATE_HOME": home, "XDG_CONFIG_HOME": home}
        pairs = [(_first_paint("minimal", env)[0], _first_paint("wizard", env)) for _ in range(RUNS)]
        minimal = statistics.median(m for m, _ in pairs)
        wizard = statistics.median(seconds for _, (seconds, _) in pairs)
        ratio = statistics.median(seconds / m for m, (seconds, _) in pairs)  # each pair under the same load
        loaded = sorted({module for _, (_, modules) in pairs for module in modules})
        help_time = statistics.median(_help_seconds(env) for _ in range(RUNS))
        help_loaded = _help_sdk_modules(env)
    print(f"startup_minimal_textual_first_paint: {minimal:.3f} s")
    print(f"startup_wizard_sandbox_first_paint: {wizard:.3f} s")
    print(f"startup_wizard_sandbox_ratio: {ratio:.2f} x")
    print(f"startup_help: {help_time:.3f} s")
    print(f"startup_help_ratio: {help_time / minimal:.2f} x")
    print(f"startup_sdk_modules_before_first_paint: {len(loaded)} modules")
    print(f"startup_sdk_modules_for_help: {len(help_loaded)} modules")
    if loaded or help_loaded:
        raise SystemExit(f"SDK modules loaded too early: {loaded or help_loaded}")


if __name__ == "__main__":
    main()
