"""More than one account (FIDELITY.md, "Accounts"): a control endpoint makes one, its key acts as it, it starts
empty, and the names that are global (buckets, SLS projects) are told apart: exists-and-ours from
exists-and-someone-else's, in the sandbox and in the wizard."""

from __future__ import annotations

import json

import alibabacloud_oss_v2 as oss
from alibabacloud_actiontrail20200706 import models as trail_models
from alibabacloud_ram20150501 import models as ram_models
from alibabacloud_sls20201230 import models as sls_models

from tests.support.accounts import another_account
from tests.support.cli import run, writes
from tests.support.clients import actiontrail_client, error_of, oss_client, ram_client, sls_client, sts_client

BUCKET = PROJECT = "acme-actiontrail"  # the names examples/baseline.toml asks for


def test_a_new_account_is_its_own_empty_account(sandbox):
    other = another_account(sandbox)
    assert other.account.account_id != sandbox.account.account_id
    identity = sts_client(other).get_caller_identity().body
    assert (identity.account_id, identity.arn) == (other.account.account_id, f"acs:ram::{other.account.account_id}:root")
    assert ram_client(other).list_users(ram_models.ListUsersRequest()).body.users.user == []
    assert [u.user_name for u in ram_client(sandbox).list_users(ram_models.ListUsersRequest()).body.users.user] == [
        "cloud-admin", "ops-intern"]
    assert actiontrail_client(other).describe_trails(trail_models.DescribeTrailsRequest()).body.trail_list == []


def test_bucket_names_are_global_and_each_bucket_has_one_owner(sandbox):
    other = another_account(sandbox)
    oss_client(other).put_bucket(oss.models.PutBucketRequest(bucket=BUCKET))
    ours = oss_client(sandbox)
    taken = error_of(ours.put_bucket, oss.models.PutBucketRequest(bucket=BUCKET))
    assert (taken.unwrap().status_code, taken.unwrap().code) == (409, "BucketAlreadyExists")
    denied = error_of(ours.get_bucket_info, oss.models.GetBucketInfoRequest(bucket=BUCKET)).unwrap()
    assert (denied.status_code, denied.code) == (403, "AccessDenied") and "does not belong to you" in denied.message
    assert ours.list_buckets(oss.models.ListBucketsRequest()).buckets is None
    assert [b.name for b in oss_client(other).list_buckets(oss.models.ListBucketsRequest()).buckets] == [BUCKET]
    refused = error_of(actiontrail_client(sandbox).create_trail, trail_models.CreateTrailRequest(
        name="our-trail", oss_bucket_name=BUCKET))
    assert refused.code == "BucketDoesNotExistException"


def test_project_names_are_global_and_each_project_has_one_owner(sandbox):
    other = another_account(sandbox)
    sls_client(other).create_project(sls_models.CreateProjectRequest(project_name=PROJECT, description="theirs"))
    ours = sls_client(sandbox)
    assert error_of(ours.create_project, sls_models.CreateProjectRequest(project_name=PROJECT,
                                                                         description="ours")).code == "ProjectAlreadyExist"
    denied = error_of(ours.get_project, PROJECT, sls_models.GetProjectRequest())
    assert denied.code == "Unauthorized" and denied.data["statusCode"] == 401
    assert ours.list_project(sls_models.ListProjectRequest()).body.projects == []


def test_the_wizard_blocks_a_bucket_and_a_project_another_account_holds(sandbox):
    other = another_account(sandbox)
    oss_client(other).put_bucket(oss.models.PutBucketRequest(bucket=BUCKET))
    sls_client(other).create_project(sls_models.CreateProjectRequest(project_name=PROJECT, description="theirs"))
    since = len(sandbox.requests())
    planned = run(sandbox, "plan", "--config", "examples/baseline.toml", "--format", "json")
    plan = json.loads(planned.out)
    blocked = {b["resource"]: b["reason"] for b in plan["blocked"]}
    assert {"oss://acme-actiontrail", "sls://acme-actiontrail"} <= set(blocked), (plan["blocked"], planned.err)
    assert "belongs to another Alibaba Cloud account" in blocked["oss://acme-actiontrail"]
    assert "belongs to another Alibaba Cloud account" in blocked["sls://acme-actiontrail"]
    assert not [a for a in plan["actions"] if a["api"] in ("PutBucket", "CreateProject", "CreateTrail")]
    assert not [b for b in plan["blocked"] if "could not read" in b["reason"]]  # no confusing read errors
    audited = run(sandbox, "audit", "--config", "examples/baseline.toml", "--format", "json")
    evidence = {f["rule"]: f["evidence"] for f in json.loads(audited.out)["findings"]}
    assert "belongs to another Alibaba Cloud account" in evidence["AT-OSS-WORM"]
    assert "belongs to another Alibaba Cloud account" in evidence["AT-SLS-TTL"]
    assert writes(sandbox, since) == []


def test_our_own_existing_bucket_and_project_are_still_ours(sandbox):
    oss_client(sandbox).put_bucket(oss.models.PutBucketRequest(bucket=BUCKET))
    sls_client(sandbox).create_project(sls_models.CreateProjectRequest(project_name=PROJECT, description="ours"))
    plan = json.loads(run(sandbox, "plan", "--config", "examples/baseline.toml", "--format", "json").out)
    assert not [b for b in plan["blocked"] if "another" in b["reason"]]
    apis = [a["api"] for a in plan["actions"]]
    assert "PutBucket" not in apis and "CreateProject" not in apis and "PutBucketEncryption" in apis


def _create_project_plan():
    from wizard.core.plan import Action, Plan

    return Plan(actions=(Action(id="sls.create-project", service="sls", api="CreateProject",
                                resource=f"sls://{PROJECT}", params={"projectName": PROJECT, "description": "d"},
                                reason="test"),))


def _session(sandbox):
    from wizard.cloud.session import Session

    account = sandbox.account
    return Session.for_sandbox(sandbox.url, account.access_key_id, account.access_key_secret, "cn-hangzhou",
                               sandbox.ca_bundle)


def test_apply_takes_project_already_exist_as_done_only_for_our_own_project(sandbox):
    from wizard.cloud.apply.executor import execute

    sls_client(sandbox).create_project(sls_models.CreateProjectRequest(project_name=PROJECT, description="ours"))
    resumed = execute(_session(sandbox), _create_project_plan(), account_id=sandbox.account.account_id)
    assert resumed.ok and resumed.done[0][1]["AlreadyExisted"] is True


def test_apply_stops_on_a_project_name_another_account_holds(sandbox):
    from wizard.cloud.apply.executor import execute

    other = another_account(sandbox)
    sls_client(other).create_project(sls_models.CreateProjectRequest(project_name=PROJECT, description="theirs"))
    result = execute(_session(sandbox), _create_project_plan(), account_id=sandbox.account.account_id)
    _, error = result.failed
    assert error.code == "ProjectAlreadyExist" and "belongs to another Alibaba Cloud account" in error.hint
