"""History backfill end to end: onboarding starts one job, apply shows its progress, the sandbox clock finishes it;
a busy slot or a refused job is reported and the apply still succeeds; OSS-only plans no job."""

from __future__ import annotations

import json
import re

import pytest
from alibabacloud_actiontrail20200706 import models as at
from alibabacloud_sls20201230 import models as sls

from tests.support.cli import run, writes
from tests.support.clients import actiontrail_client, sls_client
from wizard.cloud.apply.journal import Journal
from wizard.cloud.discover.history_jobs import backfill_status
from wizard.cloud.session import Session

BASELINE = "examples/baseline.toml"


pytestmark = pytest.mark.usefixtures("private_state_dirs")  # tests/conftest.py: this test's own journal and settings


def _jobs(sandbox):
    return actiontrail_client(sandbox).list_delivery_history_jobs(at.ListDeliveryHistoryJobsRequest()).body


def _session(sandbox) -> Session:
    account = sandbox.account
    return Session.for_sandbox(sandbox.url, account.access_key_id, account.access_key_secret, "cn-hangzhou",
                               sandbox.ca_bundle)


def test_onboarding_starts_one_history_job_shows_progress_and_the_clock_finishes_it(sandbox):
    first = run(sandbox, "apply", "--config", BASELINE, "--yes")
    assert first.code == 0, first.out + first.err
    assert "actiontrail CreateDeliveryHistoryJob actiontrail://cn-hangzhou/actiontrail-baseline/history: done" \
        in first.out
    # apply proved delivery before reading the account again, moving the sandbox's clock minutes: the job has started
    # (up to ten minutes, as OSS's 5-minute files fall: the job may even have finished, and then says when it ran)
    running = re.search(r"History backfill \(job 1\): (initializing|delivering), \d of 5 regions done\. Started ",
                        first.out)
    finished = re.search(r"History backfill \(job 1\): finished, 5 of 5 regions done \(started ", first.out)
    assert running or finished, first.out[-1500:]
    if running:  # only a job still going on says how to check it later; a finished one says when it ran
        assert "GetDeliveryHistoryJob --JobId 1" in first.out
    jobs = _jobs(sandbox)
    assert jobs.total_count == 1 and jobs.delivery_history_jobs[0].trail_name == "actiontrail-baseline"

    sandbox.advance_clock(600)
    done = backfill_status(_session(sandbox), "actiontrail-baseline")
    assert done.job.status == 2 and done.job.regions_finished == 5
    assert done.job.regions[0] == ("cn-hangzhou", 2)

    before = len(sandbox.requests())
    again = run(sandbox, "apply", "--config", BASELINE, "--yes")
    assert again.code == 0 and "No changes" in again.out
    assert writes(sandbox, before) == [] and _jobs(sandbox).total_count == 1  # never a second job


def _busy_slot(sandbox) -> int:
    """Another trail of the account already runs a history job (made with the official SDKs)."""
    sls_client(sandbox).create_project(sls.CreateProjectRequest(project_name="other-audit", description="x"))
    client = actiontrail_client(sandbox)
    client.create_trail(at.CreateTrailRequest(
        name="actiontrail-other", sls_project_arn=f"acs:log:cn-hangzhou:{sandbox.account.account_id}:project/"
        "other-audit", sls_write_role_arn="acs:ram::1:role/aliyunserviceroleforactiontrail"))
    return client.create_delivery_history_job(at.CreateDeliveryHistoryJobRequest(
        trail_name="actiontrail-other")).body.job_id


def test_a_running_job_is_reported_with_its_id_and_the_apply_still_succeeds(sandbox):
    busy = _busy_slot(sandbox)
    result = run(sandbox, "apply", "--config", BASELINE, "--yes")
    assert result.code == 0, result.out + result.err
    assert "CreateDeliveryHistoryJob actiontrail://cn-hangzhou/actiontrail-baseline/history: skipped (optional)" \
        in result.out
    hint = (f"hint: history job {busy} (trail actiontrail-other) is still running, and only one history job can "
            "run per account: wait for it to finish, then run `aliyun actiontrail CreateDeliveryHistoryJob "
            "--TrailName actiontrail-baseline`")
    assert hint in result.out
    # the summary is read after the proof of delivery, minutes later on the sandbox clock: the other job may be
    # still running, or finished (its slot free); either way the summary says the backfill has not started, and how
    assert "History backfill: not started" in result.out
    assert "run: aliyun actiontrail CreateDeliveryHistoryJob --TrailName actiontrail-baseline" in result.out
    assert "0 failed" in result.out and "Traceback" not in result.out + result.err
    trail = actiontrail_client(sandbox).describe_trails(at.DescribeTrailsRequest(
        name_list="actiontrail-baseline")).body.trail_list[0]
    assert trail.status == "Enable"  # everything else was applied
    account = sandbox.account.account_id
    events = [r["event"] for r in Journal.for_account(account, "cn-hangzhou").records()]
    assert "action-skipped" in events and events[-1] == "run-finished"
    sandbox.advance_clock(600)  # the other job has finished: the backfill is still owed, and planned
    planned = json.loads(run(sandbox, "plan", "--config", BASELINE, "--format", "json").out)
    assert [a["api"] for a in planned["actions"]] == ["CreateDeliveryHistoryJob"]


def test_a_refused_job_keeps_the_service_code_and_a_hint(sandbox):
    sandbox.arm_fault("CreateDeliveryHistoryJob=400:NotSupportDeliveryHistoryJob")
    result = run(sandbox, "apply", "--config", BASELINE, "--yes")
    assert result.code == 0, result.out + result.err
    assert "skipped (optional): NotSupportDeliveryHistoryJob" in result.out
    assert "ask Alibaba Cloud support" in result.out
    assert ("History backfill: not started for this trail (it stays planned until it has run).\n"
            "  The next apply starts it, or run: aliyun actiontrail CreateDeliveryHistoryJob --TrailName "
            "actiontrail-baseline") in result.out


def test_a_backfill_lost_after_a_stop_is_planned_again_and_the_summary_says_when_it_ran(sandbox):
    """Issue 12, finding 7: the backfill is part of the desired state until the trail's history was delivered."""
    sandbox.arm_fault("CreateDeliveryHistoryJob=503:ServiceUnavailable")
    first = run(sandbox, "apply", "--config", BASELINE, "--yes")
    assert first.code == 0 and "skipped (optional): ServiceUnavailable" in first.out, first.out + first.err
    sandbox.clear_faults()
    planned = json.loads(run(sandbox, "plan", "--config", BASELINE, "--format", "json").out)
    assert [a["api"] for a in planned["actions"]] == ["CreateDeliveryHistoryJob"]
    again = run(sandbox, "apply", "--config", BASELINE, "--yes")
    assert again.code == 0, again.out + again.err
    assert "CreateDeliveryHistoryJob actiontrail://cn-hangzhou/actiontrail-baseline/history: done" in again.out
    # the proof of delivery moved the sandbox clock 10 minutes on: the job has run, and the summary says when
    assert re.search(r"History backfill \(job 1\): finished, 5 of 5 regions done \(started \S+ \S+ UTC, "
                     r"finished \S+ \S+ UTC\)", again.out), again.out
    assert _jobs(sandbox).total_count == 1
    before = len(sandbox.requests())
    sandbox.advance_clock(700)
    assert run(sandbox, "plan", "--config", BASELINE).code == 0  # delivered: nothing left to plan
    assert writes(sandbox, before) == []


def test_oss_only_offers_no_backfill(sandbox):
    planned = run(sandbox, "plan", "--config", "tests/data/settings/oss-only.toml", "--format", "json")
    assert planned.code == 2
    assert "CreateDeliveryHistoryJob" not in [a["api"] for a in json.loads(planned.out)["actions"]]
    baseline = json.loads(run(sandbox, "plan", "--config", BASELINE, "--format", "json").out)
    [job] = [a for a in baseline["actions"] if a["api"] == "CreateDeliveryHistoryJob"]
    assert job["optional"] is True and job["params"] == {"TrailName": "actiontrail-baseline"}
