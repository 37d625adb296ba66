"""The plain front end, fed like an operator at the keyboard; the result is checked in the sandbox via the SDK.

The questions come from steps/ (the same declarations the Textual app renders); only the prompts are answered
here, by label, the way harlequin tests its questionary wizard.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from alibabacloud_actiontrail20200706 import models as at
from alibabacloud_oss_v2 import models as oss

from steps import STEPS
from tests.support.cli import run, writes
from tests.support.clients import actiontrail_client, oss_client
from tests.support.prompts import LOCK, NAMES, Operator, approving
from wizard.core.settings_file import load_settings
from wizard.flow.connection import Connection
from wizard.flow.session import WizardFlow
from wizard.plain import run_plain


@pytest.fixture(autouse=True)
def _private_state_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)


def _flow(sandbox) -> WizardFlow:
    return WizardFlow(Connection(sandbox_url=sandbox.url, region="cn-hangzhou"))


def test_onboarding_asks_every_step_shows_the_plan_and_needs_the_bucket_name(sandbox, capsys):
    writes_when_asked = {}
    operator = Operator({**NAMES, **LOCK, **approving("acme-actiontrail")},
                        on_ask=lambda m: writes_when_asked.setdefault(m, writes(sandbox)))
    with _flow(sandbox) as flow:
        assert run_plain(flow, None, prompter=operator) == 0
    out = capsys.readouterr().out
    for number, step in enumerate(STEPS, start=1):
        assert f"== Step {number} of {len(STEPS)}: {step.title} ==" in out
    assert "CompleteBucketWorm" in out and "IRREVERSIBLE" in out
    lock_prompt = next(m for m in writes_when_asked if m.startswith("Type the bucket name (acme-actiontrail)"))
    assert writes_when_asked[lock_prompt] == [], "nothing is written before the operator confirms"
    consent = next(m for m, _ in operator.asked if m.startswith("Apply "))
    assert re.fullmatch(r"Apply (\d+) changes \((\d+) create, 1 update, 1 irreversible\)\?", consent), consent
    kept_until = (date.today() + timedelta(days=365)).isoformat()  # the consent says until when, not only how long
    assert ("IRREVERSIBLE: locks WORM on bucket acme-actiontrail at 365 days" in out
            and f"a log file written today is kept until at least {kept_until}" in out), out
    assert "17 passed, 0 failed" in out or " 0 failed" in out
    trail = actiontrail_client(sandbox).describe_trails(at.DescribeTrailsRequest()).body.trail_list[0]
    assert (trail.name, trail.event_rw, trail.trail_region, trail.status) == ("actiontrail-baseline", "All", "All",
                                                                              "Enable")
    worm = oss_client(sandbox).get_bucket_worm(oss.GetBucketWormRequest(bucket="acme-actiontrail"))
    assert worm.worm_configuration.state == "Locked"
    assert "• OSS: oss://acme-actiontrail/actiontrail/AliyunLogs/Actiontrail/" in out
    saved = f"actiontrail-plan/{sandbox.account.account_id}/settings.toml"
    assert f"Check again later: actiontrail-wizard audit --config {saved} --sandbox-url {sandbox.url}" in out
    assert "SANDBOX: this was verified on the local sandbox cloud" in out
    again = run(sandbox, "audit", "--config", saved)  # run() adds --sandbox-url
    assert again.code == 0, again.out + again.err


def test_a_wrong_bucket_name_at_the_lock_changes_nothing(sandbox, capsys):
    operator = Operator({**NAMES, **LOCK, **approving("acme-actiontrai")})
    with _flow(sandbox) as flow:
        assert run_plain(flow, None, prompter=operator) == 1
    assert "Not confirmed: no changes were made." in capsys.readouterr().out
    assert writes(sandbox) == []


def test_a_bad_answer_is_asked_again_with_the_rule(sandbox, capsys):
    operator = Operator({**NAMES, "WORM retention": ["90", "400"]})
    with _flow(sandbox) as flow:
        run_plain(flow, None, dry_run=True, prompter=operator)
    out = capsys.readouterr().out
    assert "✗ 90 is below the 180-day minimum required by MLPS 2.0" in out
    assert sum(m.startswith("WORM retention") for m, _ in operator.asked) == 2
    assert "RetentionPeriodInDays: 400" in out


def test_cancelling_at_a_prompt_changes_nothing(sandbox, capsys):
    operator = Operator({**NAMES, "Trail name": None})
    with _flow(sandbox) as flow:
        assert run_plain(flow, None, prompter=operator) == 130, "Ctrl-C is 130, as in a shell"
    assert "Interrupted: no changes were made." in capsys.readouterr().err
    assert writes(sandbox) == []


def test_dry_run_stops_at_the_plan(sandbox, capsys):
    with _flow(sandbox) as flow:
        assert run_plain(flow, None, dry_run=True, prompter=Operator(NAMES)) == 2
    out = capsys.readouterr().out
    assert "CreateTrail" in out and "Dry run: nothing was applied." in out
    assert writes(sandbox) == []


def test_existing_buckets_and_admins_are_offered(sandbox, capsys):
    oss_client(sandbox).put_bucket(oss.PutBucketRequest(bucket="acme-old-logs"))
    operator = Operator({**NAMES, "Create sensitive-event alerts": None})
    with _flow(sandbox) as flow:
        assert run_plain(flow, None, prompter=operator) == 130
    out = capsys.readouterr().out
    assert "found: buckets in the home region: acme-old-logs" in out
    assert "Today ActionTrail admin rights are held by group:actiontrail-admins (AliyunActionTrailFullAccess)." in out
    assert "acme-old-logs" in next(s for m, s in operator.asked if m.startswith("Bucket ("))


def test_new_names_default_to_the_account_id(sandbox):
    seen = {}

    class Recorder(Operator):
        def text(self, message, default, suggestions=()):
            seen.setdefault(message.split(" (")[0], default)
            return super().text(message, default, suggestions)

    with _flow(sandbox) as flow:
        assert run_plain(flow, None, dry_run=True, prompter=Recorder({})) == 2
    assert seen["Bucket"] == seen["Project"] == f"actiontrail-{sandbox.account.account_id}"


BASELINE_FILE = str(Path(__file__).resolve().parents[2] / "examples/baseline.toml")


def _run_from_file(sandbox, operator) -> int:
    with _flow(sandbox) as flow:
        return run_plain(flow, load_settings(BASELINE_FILE), prompter=operator, config_path=BASELINE_FILE)


def test_asks_for_the_backfill_and_shows_the_job_after_applying(sandbox, capsys):
    operator = Operator({**LOCK, **approving("acme-actiontrail")})
    code = _run_from_file(sandbox, operator)
    out = capsys.readouterr().out
    assert code == 0, out
    asked = [m for m, _ in operator.asked]
    assert any(m.startswith("Backfill the last 90 days") for m in asked)
    assert any(m.startswith("Organization trail") for m in asked)
    # the proof of delivery moved the sandbox's clock (minutes), so the job has started on its regions
    assert "CreateDeliveryHistoryJob" in out and re.search(r"History backfill \(job 1\): \w+, \d of 5 regions done[.]? ", out)
    assert any(m.startswith("Prove delivery now?") for m in asked)
    assert "Delivery proven: the marker reached every destination in" in out
    assert re.search(r"Delivery proven: a marker call reached the event history after \d", out)
    assert f"Check again later: actiontrail-wizard audit --config {BASELINE_FILE}" in out


def test_organization_trail_outside_a_directory_is_blocked_and_writes_nothing(sandbox, capsys):
    code = _run_from_file(sandbox, Operator({"Organization trail": True}))
    out = capsys.readouterr().out
    assert "needs a Resource Directory" in out and "EnableResourceDirectory" in out
    assert "No changes planned." in out and writes(sandbox) == [] and code == 2


def test_a_symlink_planted_where_the_settings_are_saved_is_never_followed(sandbox, tmp_path, capsys):
    target = tmp_path / "precious.txt"
    target.write_text("mine\n")
    folder = tmp_path / "actiontrail-plan" / sandbox.account.account_id
    folder.mkdir(parents=True)
    (folder / "settings.toml").symlink_to(target)
    with _flow(sandbox) as flow:
        assert run_plain(flow, None, prompter=Operator({**NAMES, **LOCK, **approving("acme-actiontrail")})) == 0
    said = capsys.readouterr()
    assert target.read_text() == "mine\n", "the link's target is untouched"
    assert "The applied settings were not saved" in said.err and "symbolic link" in said.err


def test_a_re_run_accepting_every_default_plans_only_the_fix(sandbox, capsys):
    """Enter at every prompt of a re-run starts from the approved settings and changes none of them: the lock
    question, whose Enter is no, is not asked of a bucket whose WORM is already locked (asked, it would unsay the
    lock, and the plan would record new approved settings beside the one fix)."""
    from alibabacloud_actiontrail20200706 import models as at

    from tests.support.cli import run as cli
    from tests.support.clients import actiontrail_client

    assert cli(sandbox, "apply", "--config", BASELINE_FILE, "--yes").code == 0
    actiontrail_client(sandbox).stop_logging(at.StopLoggingRequest(name="actiontrail-baseline"))
    capsys.readouterr()
    before = len(sandbox.requests())
    operator = Operator({"What next?": "fix this setup"})
    with _flow(sandbox) as flow:
        code = run_plain(flow, None, dry_run=True, prompter=operator)
    out = capsys.readouterr().out
    assert not [m for m, _ in operator.asked if m.startswith("Lock WORM now")]
    assert "Lock WORM now (irreversible): WORM on acme-actiontrail is already locked (365 days)" in out
    assert "1 change (0 create, 1 update)" in out and "StartLogging" in out and "PutObject" not in out, out
    assert code == 2 and writes(sandbox, before) == []
