"""The pure core and the CLI's start-up load no SDK, no Textual and no questionary."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("textual", "questionary", "alibabacloud", "darabonba", "Tea", "oss2", "aliyun")
CORE = ["wizard.config", "wizard.observed", "wizard.actions", "wizard.findings", "wizard.rules", "wizard.planner",
        "wizard.policies", "wizard.alert_rules", "wizard.report.plan_text", "steps", "steps.account", "steps.trail",
        "steps.destinations", "steps.encryption", "steps.retention", "steps.access", "steps.alerts", "wizard.cli"]

PROBE = """
import sys, importlib
for name in sys.argv[1:]:
    importlib.import_module(name)
heavy = sorted(m for m in sys.modules if m.split('.')[0].startswith(%r))
print('\\n'.join(heavy))
""" % (HEAVY,)


def test_core_modules_import_nothing_heavy():
    result = subprocess.run([sys.executable, "-c", PROBE, *CORE], cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


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
