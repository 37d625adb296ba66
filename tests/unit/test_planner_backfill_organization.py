"""The planner's history backfill (new SLS trails only, once) and organization trails (who may, what it commits to)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.support.factories import ACCOUNT, empty_account, settings, simulate
from wizard.cloud.apply.executor import check_plan
from wizard.core.history import BackfillStatus, HistoryJob, describe
from wizard.core.observed import Observed, OrganizationState, TrailState
from wizard.core.plan import Action, Plan
from wizard.core.planning.planner import plan
from wizard.errors import WizardError

OTHER = "9876543210987654"


def _backfill(p):
    return [a for a in p.actions if a.api == "CreateDeliveryHistoryJob"]


def _org(observed: Observed, **fields) -> Observed:
    return replace(observed, organization=OrganizationState(**fields))


# ---------------------------------------------------------------- history backfill
def test_a_new_sls_trail_gets_one_optional_history_job_after_logging_starts():
    p = plan(settings(), empty_account())
    [job] = _backfill(p)
    ids = [a.id for a in p.actions]
    assert job.params == {"TrailName": "actiontrail-baseline"} and job.optional
    assert ids.index("actiontrail.start-logging") < ids.index(job.id)
    assert "90 days" in job.reason and "one history job" in job.reason.lower()
    assert not [a for a in p.actions if job.id in a.depends_on]  # nothing waits on a step that may be skipped
    assert p.to_json()["actions"][ids.index(job.id)]["optional"] is True


def test_no_history_job_without_sls_or_when_switched_off():
    assert _backfill(plan(settings(sls=None, alerts={"enabled": False}), empty_account())) == []
    assert _backfill(plan(settings(sls={"backfill": False}), empty_account())) == []


def test_a_rerun_never_starts_a_second_job():
    first = plan(settings(), empty_account())
    after = simulate(empty_account(), first)
    assert plan(settings(), after).actions == ()
    stopped = replace(after, trails=(replace(after.trails[0], is_logging=False, status="Disable"),))
    assert [a.api for a in plan(settings(), stopped).actions] == ["StartLogging"]  # an existing trail: no job


def test_an_existing_trail_newly_delivering_to_sls_gets_no_job():
    oss_only = simulate(empty_account(), plan(settings(sls=None, alerts={"enabled": False}), empty_account()))
    fix = plan(settings(), oss_only)
    assert "UpdateTrail" in [a.api for a in fix.actions] and _backfill(fix) == []


def test_check_plan_refuses_an_action_that_waits_on_an_optional_one():
    job = Action("actiontrail.backfill", "actiontrail", "CreateDeliveryHistoryJob", {"TrailName": "t"}, "r",
                 optional=True)
    after = Action("actiontrail.start-logging", "actiontrail", "StartLogging", {"Name": "t"}, "r",
                   depends_on=(job.id,))
    check_plan(Plan(actions=(job,)))
    with pytest.raises(WizardError, match="optional"):
        check_plan(Plan(actions=(job, after)))


# ---------------------------------------------------------------- organization trails
@pytest.mark.parametrize(("organization", "who"), [
    ({"directory_id": "rd-abc123", "management_account_id": ACCOUNT}, "management account of Resource Directory"),
    ({"directory_id": "rd-abc123", "management_account_id": OTHER, "delegated_admins": (ACCOUNT,)},
     "delegated administrator"),
])
def test_management_account_and_delegated_admin_create_an_organization_trail(organization, who):
    p = plan(settings(trail={"organization": True}), _org(empty_account(), **organization))
    create = next(a for a in p.actions if a.api == "CreateTrail")
    assert create.params["IsOrganizationTrail"] is True
    assert who in create.reason
    for limit in ("only one organization trail", "cannot be changed later", "cannot be turned into a single-account"):
        assert limit in create.reason
    assert _backfill(p) == []  # CreateDeliveryHistoryJob is for single-account trails
    assert any("single-account trails only" in b.reason for b in p.blocked)


def test_an_account_in_no_resource_directory_gets_a_blocked_item_and_nothing_else():
    p = plan(settings(trail={"organization": True}), _org(empty_account()))
    assert p.actions == ()
    [item] = p.blocked
    assert "needs a Resource Directory" in item.reason and "ResourceDirectoryNotInUse" in item.reason
    assert "EnableResourceDirectory" in item.command and item.rules == ("AT-TRAIL-EXISTS",)


def test_a_plain_member_is_told_to_ask_the_management_account_for_delegation():
    p = plan(settings(trail={"organization": True}),
             _org(empty_account(), directory_id="rd-abc123", management_account_id=OTHER))
    assert p.actions == ()
    [item] = p.blocked
    assert "member of Resource Directory rd-abc123" in item.reason and OTHER in item.reason
    assert item.command == (f"aliyun resourcemanager RegisterDelegatedAdministrator --AccountId {ACCOUNT} "
                            f"--ServicePrincipal actiontrail.aliyuncs.com  (run as account {OTHER})")


def test_an_unreadable_resource_directory_blocks_with_the_error():
    p = plan(settings(trail={"organization": True}), _org(empty_account(), error="GetResourceDirectory: NoPermission"))
    assert p.actions == () and "GetResourceDirectory: NoPermission" in p.blocked[0].reason
    member_unknown = _org(empty_account(), directory_id="rd-1", management_account_id=OTHER,
                          error="ListDelegatedAdministrators: NoPermission")
    assert "ListDelegatedAdministrators: NoPermission" in plan(settings(trail={"organization": True}),
                                                               member_unknown).blocked[0].reason
    manager_despite = replace(member_unknown, organization=replace(member_unknown.organization,
                                                                   management_account_id=ACCOUNT))
    assert "CreateTrail" in [a.api for a in plan(settings(trail={"organization": True}), manager_despite).actions]


def test_a_second_organization_trail_is_blocked_one_per_account():
    existing = TrailState("org-trail-1", "cn-hangzhou", organization=True, oss_bucket="other-bucket")
    observed = replace(_org(empty_account(), directory_id="rd-1", management_account_id=ACCOUNT), trails=(existing,))
    p = plan(settings(trail={"organization": True}), observed)
    assert p.actions == () and "only one" in p.blocked[0].reason
    assert 'trail.name = "org-trail-1"' in p.blocked[0].command


def test_offline_plans_the_organization_trail_and_says_apply_checks_the_account():
    p = plan(settings(trail={"organization": True}), Observed())
    create = next(a for a in p.actions if a.api == "CreateTrail")
    assert create.params["IsOrganizationTrail"] is True and "Not checked offline" in create.reason


def test_an_existing_organization_trail_is_managed_without_reading_roles_again():
    manager = _org(empty_account(), directory_id="rd-1", management_account_id=ACCOUNT)
    after = simulate(manager, plan(settings(trail={"organization": True}), manager))
    assert after.trails[0].organization
    assert plan(settings(trail={"organization": True}), replace(after, organization=None)).actions == ()


def test_a_single_account_trail_is_not_turned_into_an_organization_trail():
    single = simulate(empty_account(), plan(settings(), empty_account()))
    p = plan(settings(trail={"organization": True}), _org(single, directory_id="rd-1", management_account_id=ACCOUNT))
    assert "IsOrganizationTrail" not in str([a.params for a in p.actions])
    assert any("cannot be changed later" in b.reason for b in p.blocked)


# ---------------------------------------------------------------- what the summary says
def test_backfill_progress_words():
    running = HistoryJob(7, "t1", 1, (("cn-hangzhou", 2), ("cn-shanghai", 1), ("cn-beijing", 1)))
    assert describe(BackfillStatus("t1", job=running)).startswith(
        "History backfill (job 7): delivering, 1 of 3 regions done.")
    done = replace(running, status=2, regions=(("cn-hangzhou", 2),), start_time="2023-12-31T23:50:00Z",
                   end_time="2024-01-01T00:00:00Z")
    assert "finished" in describe(BackfillStatus("t1", job=done)) and "2024-01-01" in describe(
        BackfillStatus("t1", job=done))
    failed = replace(running, status=3, regions=(("cn-hangzhou", 3),))
    assert "failed in cn-hangzhou" in describe(BackfillStatus("t1", job=failed))
    busy = describe(BackfillStatus("t1", blocking=HistoryJob(3, "other", 1)))
    assert "job 3 (trail other) is still running" in busy
    assert "aliyun actiontrail CreateDeliveryHistoryJob --TrailName t1" in busy
    assert "ListDeliveryHistoryJobs: NoPermission" in describe(BackfillStatus("t1",
                                                                              error="ListDeliveryHistoryJobs: NoPermission"))
