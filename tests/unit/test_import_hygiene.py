"""The pure core and the CLI's start-up load no SDK, no Textual and no questionary."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("textual", "questionary", "alibabacloud", "darabonba", "Tea", "oss2", "aliyun")
CORE = ["wizard.core.settings", "wizard.core.observed", "wizard.core.plan", "wizard.core.findings", "wizard.core.audit", "wizard.core.planning.planner",
        "wizard.core.policies.documents", "wizard.core.alerts.rules", "wizard.report.plan.text", "steps", "steps.account", "steps.trail",
        "steps.destinations", "steps.encryption", "steps.retention", "steps.access", "steps.alerts", "wizard.cli",
        "wizard.core.policies.lint", "wizard.core.policies.actions", "wizard.core.policies.operator", "wizard.core.policies.reads",
        "wizard.core.alerts.query", "wizard.core.redact", "wizard.core.planning.notify",
        "wizard.commands.policy"]

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
