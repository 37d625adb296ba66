"""The secret canary: the whole flow runs with a recognisable access key secret and DingTalk robot token, and
neither appears anywhere but where it is sent (the token: the cloud's webhook record).

Checked: the Textual wizard (onboarding end to end, with a screenshot of every screen and the plan files it
saves), plain mode, the CLI's plan, apply (also failing) and audit in every format the CLI offers, export if
the CLI has it, the journal, the sandbox's request log and its log lines, every log record any library
emitted, and all stdout and stderr. Formats and subcommands come from the CLI's own parser.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from alibabacloud_actiontrail20200706 import models as at

from tests.support.cli import run
from tests.support.clients import actiontrail_client
from tests.support.pilot import audited, sandbox_flow, wait_for, wait_screen, walk_steps, welcomed
from tests.support.pilot import run as run_async
from tests.support.prompts import NAMES, Operator
from wizard.cli import build_parser, main
from wizard.plain import run_plain
from wizard.sandbox.server import SandboxServer
from wizard.ui.app import WizardApp
from wizard.ui.screens.apply import ApplyScreen
from wizard.ui.screens.plan import PlanScreen
from wizard.ui.screens.summary import SummaryScreen

CANARY = "CANARYsecretQ7w6e5r4t3y2u1i0pZ"
TOKEN = "CANARYdingtalkTOKEN0a1b2c3d4e5f"  # the DingTalk robot's access token, only ever in the environment
TOKEN_VAR = "ATW_CANARY_DINGTALK"
NOTIFY = f"email:secops@example.com, dingtalk:env:{TOKEN_VAR}"
BASELINE = str(Path(__file__).resolve().parents[2] / "examples" / "baseline.toml")


def _with_dingtalk(tmp_path: Path) -> str:
    """The baseline settings, notifying a DingTalk robot too (by reference: the file names the variable)."""
    path = tmp_path / "dingtalk.toml"
    path.write_text(Path(BASELINE).read_text().replace('notify = ["email:secops@example.com"]',
                                                       f'notify = ["email:secops@example.com", '
                                                       f'"dingtalk:env:{TOKEN_VAR}"]'))
    return str(path)


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _export_targets() -> list[str]:
    """Every `export TARGET` the CLI offers (none if it has no export command)."""
    export = _subcommands().get("export")
    if export is None:
        return []
    return list(next(a for a in export._actions if isinstance(a, argparse._SubParsersAction)).choices)


def _offline(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue() + err.getvalue()


def _formats(command: str) -> list[str]:
    """The --format choices a subcommand offers (none: just its default output)."""
    parser = _subcommands()[command]
    option = next((a for a in parser._actions if "--format" in a.option_strings), None)
    return list(option.choices) if option is not None and option.choices else []


def _tui_onboarding(sandbox, save_dir: Path, shots: list[str]) -> int:
    async def scenario():
        app = WizardApp(sandbox_flow(sandbox), save_dir=save_dir)
        async with app.run_test(size=(100, 40)) as pilot:
            await welcomed(pilot)
            shots.append(app.export_screenshot())
            await audited(pilot)
            shots.append(app.export_screenshot())
            await pilot.press("n")
            await walk_steps(pilot, {"oss.bucket": "acme-actiontrail", "sls.project": "acme-actiontrail",
                                      "access.auditors": "group:security-auditors",
                                      "access.admins": "group:actiontrail-admins",
                                      "access.admin_users": "user:cloud-admin", "alerts.notify": NOTIFY})
            await wait_screen(pilot, PlanScreen)
            shots.append(app.export_screenshot())
            await pilot.press("s", "a")
            await pilot.pause()
            await pilot.press(*"acme-actiontrail", "enter")
            apply = await wait_screen(pilot, ApplyScreen)
            await wait_for(pilot, lambda: apply.finished is not None, timeout=60)
            shots.append(app.export_screenshot())
            await pilot.press("enter")
            summary = await wait_screen(pilot, SummaryScreen)
            await wait_for(pilot, lambda: not summary.query_one("#verifying").display, timeout=30)
            shots.append(app.export_screenshot())
            await pilot.press("q")
        return app.return_value
    return run_async(scenario())


def _sent_token(sandbox) -> str:
    """The webhook URL the cloud holds: the token went where it is used."""
    from alibabacloud_sls20201230 import models as sls

    from tests.support.clients import sls_client
    from wizard.core.alerts.notify import WEBHOOKS, webhook_id

    record = sls_client(sandbox).get_resource_record(WEBHOOKS, webhook_id(f"env:{TOKEN_VAR}"),
                                                     sls.GetResourceRecordRequest()).body
    return json.loads(record.value)["url"]


def test_the_canary_secret_appears_nowhere(tmp_path, monkeypatch, capsys, caplog):
    caplog.set_level(logging.DEBUG)  # every library's log records, the sandbox's request lines among them
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv(TOKEN_VAR, TOKEN)
    monkeypatch.chdir(tmp_path)
    config = _with_dingtalk(tmp_path)
    shots: list[str] = []
    said: list[str] = []
    with SandboxServer(tmp_path / "sandbox.db", access_key_secret=CANARY) as sandbox:
        assert sandbox.account.access_key_secret == CANARY
        assert _tui_onboarding(sandbox, tmp_path / "saved", shots) == 0
        assert _sent_token(sandbox).endswith(f"access_token={TOKEN}"), "the token reached the cloud"
        for command in ("plan", "audit"):
            for fmt in _formats(command) or [None]:
                result = run(sandbox, command, "--config", config, *(["--format", fmt] if fmt else []))
                assert result.code in (0, 2), result.err
                said.append(result.out + result.err)
        for target in _export_targets():  # offline: settings in, files out; the files are read back too
            out = tmp_path / "export" / target
            code, text = _offline("export", target, "--config", config, "--out", str(out))
            assert code == 0, text
            said += [text] + [p.read_text(errors="replace") for p in out.rglob("*") if p.is_file()]
        actiontrail_client(sandbox).stop_logging(at.StopLoggingRequest(name="actiontrail-baseline"))
        sandbox.arm_fault("StartLogging=400:InvalidParameter.Injected")
        failed = run(sandbox, "apply", "--config", config, "--yes")
        assert failed.code == 1 and "InvalidParameter.Injected" in failed.err
        sandbox.clear_faults()
        fixed = run(sandbox, "apply", "--config", config, "--yes")
        assert fixed.code == 0, fixed.err
        said += [failed.out + failed.err, fixed.out + fixed.err]
        with sandbox_flow(sandbox) as flow:
            run_plain(flow, None, dry_run=True, prompter=Operator({**NAMES, "What next?": "fix this setup"}))
        request_log = json.dumps(sandbox.requests())
    captured = capsys.readouterr()
    files = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix in (".jsonl", ".json", ".md", ".toml")]
    assert {p.name for p in files} >= {"plan.json", "plan.md", "settings.toml"}, "the TUI saved its plan files"
    assert any(p.suffix == ".jsonl" for p in files), "the journal was written"
    everything = {"screenshots": "\n".join(shots), "cli": "\n".join(said), "request log": request_log,
                  "log records": "\n".join(r.getMessage() for r in caplog.records),
                  "stdout and stderr": captured.out + captured.err,
                  **{str(p.relative_to(tmp_path)): p.read_text(errors="replace") for p in files}}
    assert len(shots) == 5 and len(caplog.records) > 50, "the checks saw real output"
    for where, text in everything.items():
        assert CANARY not in text and CANARY[:16] not in text, f"the secret leaked into {where}"
        assert TOKEN not in text and TOKEN[:16] not in text, f"the DingTalk token leaked into {where}"
