"""Secrets at rest: files that may hold a secret are the owner's alone and never written through a symbolic link,
reports honour the umask, the saved settings are per account, and the DingTalk token is a reference in settings,
resolved only where the call is made and masked in every prompt, field and error message."""

from __future__ import annotations

import os
import stat
from contextlib import contextmanager
from pathlib import Path

import pytest

from steps import STEPS
from tests.support.factories import settings
from wizard.cli import main
from wizard.cloud.errors import CloudError
from wizard.core.planning.planner import plan
from wizard.core.settings_file import ConfigError, parse_settings
from wizard.core.validation import validate_notify
from wizard.errors import WizardError
from wizard.plain import ask_question
from wizard.report.output import write_atomic
from wizard.report.plan.files import save_plan, settings_for_later

TOKEN = "7e1f0c9b8a7d6c5b4a3f2e1d0c9b8a7fZZ"
CLEAR = f"dingtalk:https://oapi.dingtalk.com/robot/send?access_token={TOKEN}"
REF = "dingtalk:env:ATW_DINGTALK_TOKEN"
BASELINE = str(Path(__file__).resolve().parents[2] / "examples" / "baseline.toml")


@contextmanager
def umask(mask: int):
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _notify_question():
    return next(q for step in STEPS for q in step.questions if q.key == "alerts.notify")


# -- where and how the settings are saved --------------------------------------------------------------------
def test_the_saved_settings_are_per_account_and_the_owners_alone(tmp_path):
    s = settings(alerts={"notify": [REF]})
    with umask(0o022):
        path = Path(settings_for_later(s, None, tmp_path / "actiontrail-plan", "1111222233334444"))
    assert path == tmp_path / "actiontrail-plan" / "1111222233334444" / "settings.toml"
    assert _mode(path) == 0o600
    text = path.read_text()
    assert REF in text and TOKEN not in text
    assert "account 1111222233334444" in text.splitlines()[0], "the file says whose settings it holds"
    other = Path(settings_for_later(s, None, tmp_path / "actiontrail-plan", "5555666677778888"))
    assert other != path and path.read_text() == text, "another account's settings are never overwritten"


def test_a_file_holding_another_accounts_settings_is_never_silently_overwritten(tmp_path):
    s = settings()
    path = Path(settings_for_later(s, None, tmp_path, "1111222233334444"))
    moved = tmp_path / "9999888877776666"
    path.parent.rename(moved)  # e.g. a folder copied from another account's
    with pytest.raises(WizardError, match="account 1111222233334444"):
        settings_for_later(s, None, tmp_path, "9999888877776666")
    assert "1111222233334444" in (moved / "settings.toml").read_text()


def test_a_symlink_planted_at_the_settings_path_is_never_followed(tmp_path):
    target = tmp_path / "precious.txt"
    target.write_text("mine\n")
    folder = tmp_path / "plans" / "1111222233334444"
    folder.mkdir(parents=True)
    (folder / "settings.toml").symlink_to(target)
    with pytest.raises(WizardError, match="symbolic link"):
        settings_for_later(settings(), None, tmp_path / "plans", "1111222233334444")
    assert target.read_text() == "mine\n"
    (folder / "settings.toml").unlink()
    (folder / "plan.json").symlink_to(target)
    with pytest.raises(WizardError, match="symbolic link"):
        save_plan(plan(settings(), _empty()), settings(), tmp_path / "plans", "1111222233334444")
    assert target.read_text() == "mine\n"


def _empty():
    from tests.support.factories import empty_account

    return empty_account()


def test_a_saved_plan_keeps_its_settings_private_and_its_reports_under_the_umask(tmp_path):
    s = settings()
    with umask(0o027):
        paths = {p.name: p for p in save_plan(plan(s, _empty()), s, tmp_path, "1111222233334444")}
    assert {p.parent for p in paths.values()} == {tmp_path / "1111222233334444"}
    assert _mode(paths["settings.toml"]) == 0o600
    assert _mode(paths["plan.json"]) == _mode(paths["plan.md"]) == 0o640


@pytest.mark.parametrize(("mask", "mode"), [(0o077, 0o600), (0o022, 0o644), (0o002, 0o664)])
def test_reports_and_the_terraform_file_honour_the_umask(tmp_path, mask, mode, capsys):
    with umask(mask):
        write_atomic(tmp_path / "report.html", "<html></html>")
        assert main(["export", "terraform", "--config", BASELINE, "--out", str(tmp_path / "tf")]) == 0
    assert _mode(tmp_path / "report.html") == mode
    assert _mode(tmp_path / "tf" / "actiontrail.tf") == mode


def test_a_report_is_never_written_through_a_symlink(tmp_path, capsys):
    target = tmp_path / "precious.txt"
    target.write_text("mine\n")
    (tmp_path / "out.json").symlink_to(target)
    code = main(["audit", "--config", BASELINE, "--out", str(tmp_path / "out.json"), "--sandbox-url",
                 "http://127.0.0.1:9"])
    assert code == 1 and "symbolic link" in capsys.readouterr().err
    assert target.read_text() == "mine\n"


# -- the DingTalk token: a reference in settings -------------------------------------------------------------
def test_a_dingtalk_token_in_clear_is_refused_and_the_reference_form_is_named():
    problem = validate_notify(CLEAR)
    assert problem and TOKEN not in problem and "dingtalk:env:" in problem
    assert validate_notify(REF) is None
    assert "environment variable" in (validate_notify("dingtalk:env:not a name") or "")
    with pytest.raises(ConfigError) as caught:
        parse_settings({"sls": {"project": "acme-actiontrail"}, "alerts": {"notify": [CLEAR]}})
    assert "alerts.notify" in str(caught.value) and TOKEN not in str(caught.value)


def test_the_plan_names_the_reference_never_a_token():
    p = plan(settings(alerts={"notify": [REF]}), _empty())
    hook = next(a for a in p.actions if a.params.get("resourceName") == "sls.alert.action_webhook")
    assert "access_token=${env:ATW_DINGTALK_TOKEN}" in hook.params["records"][0]["value"]
    assert "${env:ATW_DINGTALK_TOKEN}" in str(p.to_json()), "the plan shows where the token comes from"


def test_the_plain_prompt_never_shows_a_token_as_its_default():
    class Recorder:
        defaults: list[str] = []

        def text(self, message, default, suggestions=()):
            self.defaults.append(default)
            return REF

    assert ask_question(Recorder(), _notify_question(), [CLEAR]) == [REF]
    assert TOKEN not in Recorder.defaults[0] and "access_token=***" in Recorder.defaults[0]


def test_cloud_error_messages_mask_the_token_even_when_the_service_echoes_it(monkeypatch):
    from Tea.exceptions import TeaException

    echoed = TeaException({"code": "ParameterInvalid", "message": f"bad webhook url {CLEAR[9:]}",
                           "data": {"requestId": "R1"}})
    error = CloudError.from_sdk(echoed, "sls", "UpsertResourceRecord")
    assert TOKEN not in error.message and TOKEN not in error.detail and "access_token=***" in error.message
    from wizard.cloud.secrets import resolve_references

    monkeypatch.setenv("ATW_DINGTALK_TOKEN", TOKEN)
    assert resolve_references("access_token=${env:ATW_DINGTALK_TOKEN}") == f"access_token={TOKEN}"
    bare = CloudError("sls", "UpsertResourceRecord", "ParameterInvalid", f"token {TOKEN} is not allowed")
    assert TOKEN not in bare.message, "a resolved secret is masked even without its access_token= label"


def test_a_reference_that_cannot_be_read_at_the_call_stops_it_naming_the_variable(monkeypatch):
    from wizard.cloud.secrets import resolve_references, unresolved

    monkeypatch.delenv("ATW_DINGTALK_TOKEN", raising=False)
    with pytest.raises(CloudError) as caught:
        resolve_references("access_token=${env:ATW_DINGTALK_TOKEN}")
    assert caught.value.code == "SecretNotSet" and "ATW_DINGTALK_TOKEN is not set" in caught.value.message
    assert unresolved(settings(alerts={"notify": [REF]})) == [
        f"alerts.notify: {REF}: the environment variable ATW_DINGTALK_TOKEN is not set; set it to the DingTalk "
        "robot's access token"]
    monkeypatch.setenv("ATW_DINGTALK_TOKEN", "not a token!")
    assert "does not hold a DingTalk access token" in unresolved(settings(alerts={"notify": [REF]}))[0]
    monkeypatch.setenv("ATW_DINGTALK_TOKEN", CLEAR.removeprefix("dingtalk:"))  # the whole webhook URL is fine too
    assert resolve_references("${env:ATW_DINGTALK_TOKEN}") == TOKEN
