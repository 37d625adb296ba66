"""Start-up stays light: the CLI's offline commands load no SDK, no Textual and no questionary.

Which package may import what is checked by import-linter (the contracts in pyproject.toml, `lint-imports`
in `make test`); these probes keep the promise it cannot see: what is *loaded* when a command runs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("textual", "questionary", "alibabacloud", "darabonba", "Tea", "oss2", "aliyun")


def test_the_first_screen_is_painted_before_any_sdk_is_loaded(tmp_path):
    """`actiontrail-wizard --sandbox`, headless: the welcome screen paints, then the wizard connects."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path),
           "XDG_STATE_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, str(ROOT / "bench/harness/first_paint.py"), "wizard"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    first = result.stdout.splitlines()[0] if result.stdout else ""
    assert '"painted": true' in first, result.stdout + result.stderr
    assert '"sdk_modules": []' in first, first
    ours = json.loads(first)["wizard_modules"]
    late = [m for m in ours if m.startswith(LOADED_AFTER_THE_FIRST_PAINT)]
    assert late == [], f"loaded before the first paint, though it does not need them: {late}"


# What the welcome screen does not need: the worker imports them once it is painted (bench/startup.py measures the
# time; this keeps the reason it is short: ~25 of the wizard's modules at first paint, not ~110).
LOADED_AFTER_THE_FIRST_PAINT = ("steps", "wizard.core", "wizard.flow.sequence", "wizard.flow.survey",
                                "wizard.flow.review", "wizard.report", "wizard.ui.front_end", "wizard.ui.screens.plan",
                                "wizard.ui.screens.step", "wizard.ui.screens.audit", "wizard.ui.screens.apply",
                                "wizard.cloud")

def test_offline_policy_command_loads_no_sdk():
    probe = ("import sys, io, contextlib\n"
             "import wizard.cli\n"
             "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
             "    code = wizard.cli.main(['policy', 'operator', '--config', 'examples/baseline.toml'])\n"
             f"heavy = sorted(m for m in sys.modules if m.split('.')[0].startswith({HEAVY!r}))\n"
             "print(code, ','.join(heavy))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "0", result.stdout + result.stderr


def test_help_and_offline_plan_load_no_sdk():
    probe = ("import sys, runpy; sys.argv=['actiontrail-wizard', 'plan', '--config', 'examples/baseline.toml', "
             "'--offline', '--format', 'json'];\n"
             "import wizard.cli\n"
             "code = wizard.cli.main(sys.argv[1:])\n"
             f"heavy = sorted(m for m in sys.modules if m.split('.')[0].startswith({HEAVY!r}))\n"
             "sys.stderr.write('HEAVY:' + ','.join(heavy))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "HEAVY:" in result.stderr
    assert result.stderr.split("HEAVY:")[1].strip() == ""
