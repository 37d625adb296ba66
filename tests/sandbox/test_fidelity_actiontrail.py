"""ActionTrail rows of FIDELITY.md: SlsWriteRoleArn optional, OssKeyPrefix 6-32 from a letter (sandbox and the
wizard's own validation), OssBucketLocation in DescribeTrails, the error table's statuses, RepeatOssBucket judged
on the trail after the change, and a history job's StartTime/EndTime as the job's own times."""

from __future__ import annotations

import alibabacloud_oss_v2 as oss
import pytest
from alibabacloud_actiontrail20200706 import models as at
from alibabacloud_sls20201230 import models as sls

from tests.support.clients import actiontrail_client, error_of, oss_client, sls_client
from wizard.core.validation import validate_prefix
from wizard.sandbox.state.clock import iso_seconds


@pytest.fixture
def project_arn(sandbox):
    oss_client(sandbox).put_bucket(oss.models.PutBucketRequest(bucket="acme-trail"))
    sls_client(sandbox).create_project(sls.CreateProjectRequest(project_name="acme-trail", description="x"))
    return f"acs:log:cn-hangzhou:{sandbox.account.account_id}:project/acme-trail"


def test_sls_write_role_arn_is_optional(sandbox, project_arn):
    client = actiontrail_client(sandbox)
    client.create_trail(at.CreateTrailRequest(name="trail-no-role", sls_project_arn=project_arn))
    logstores = sls_client(sandbox).list_log_stores("acme-trail", sls.ListLogStoresRequest()).body.logstores
    assert "actiontrail_trail-no-role" in logstores
    listed = client.describe_trails(at.DescribeTrailsRequest(name_list="trail-no-role")).body.trail_list[0]
    assert listed.sls_project_arn == project_arn


@pytest.mark.parametrize("prefix, valid", [("logs", False), ("1logs-here", False), ("act.trail", False),
                                           ("a" * 33, False), ("trail/logs_2-b", True), ("a" * 32, True),
                                           ("abcdef", True), ("/leading", False)])
def test_oss_key_prefix_is_6_to_32_from_a_letter_in_the_sandbox_and_the_wizard(sandbox, project_arn, prefix, valid):
    client = actiontrail_client(sandbox)
    create = at.CreateTrailRequest(name="trail-prefix", oss_bucket_name="acme-trail", oss_key_prefix=prefix)
    if valid:
        client.create_trail(create)
        client.update_trail(at.UpdateTrailRequest(name="trail-prefix", oss_key_prefix=prefix))
    else:
        error = error_of(client.create_trail, create)
        assert (error.code, error.data["statusCode"]) == ("InvalidPrefixException", 400)
        client.create_trail(at.CreateTrailRequest(name="trail-prefix", oss_bucket_name="acme-trail"))
        assert error_of(client.update_trail, at.UpdateTrailRequest(name="trail-prefix", oss_key_prefix=prefix)).code \
            == "InvalidPrefixException"
    assert (validate_prefix(prefix) is None) is valid


def test_describe_trails_names_the_buckets_region(sandbox, project_arn):
    client = actiontrail_client(sandbox)
    client.create_trail(at.CreateTrailRequest(name="trail-located", oss_bucket_name="acme-trail"))
    client.create_trail(at.CreateTrailRequest(name="trail-sls-only", sls_project_arn=project_arn))
    trails = {t.name: t for t in client.describe_trails(at.DescribeTrailsRequest()).body.trail_list}
    assert trails["trail-located"].oss_bucket_location == "cn-hangzhou"
    assert trails["trail-sls-only"].oss_bucket_location == ""


def test_error_statuses_follow_the_error_table(sandbox, project_arn):
    client = actiontrail_client(sandbox)
    missing = error_of(client.create_trail, at.CreateTrailRequest(name="trail-nobucket", oss_bucket_name="no-such"))
    assert (missing.code, missing.data["statusCode"]) == ("BucketDoesNotExistException", 404)
    for i in range(5):
        client.create_trail(at.CreateTrailRequest(name=f"trail-limit-{i}", oss_bucket_name="acme-trail",
                                                  oss_key_prefix=f"prefix-{i}"))
    limit = error_of(client.create_trail, at.CreateTrailRequest(name="trail-limit-5", sls_project_arn=project_arn))
    assert (limit.code, limit.data["statusCode"]) == ("MaximumNumberOfTrailsExceededException", 403)
    again = error_of(client.create_trail, at.CreateTrailRequest(name="trail-limit-0", sls_project_arn=project_arn))
    assert (again.code, again.data["statusCode"]) == ("TrailAlreadyExistsException", 400)


def test_update_trail_refuses_a_bucket_and_prefix_another_trail_writes_to(sandbox, project_arn):
    client = actiontrail_client(sandbox)
    client.create_trail(at.CreateTrailRequest(name="trail-first", oss_bucket_name="acme-trail",
                                              oss_key_prefix="shared-prefix"))
    client.create_trail(at.CreateTrailRequest(name="trail-second", sls_project_arn=project_arn,
                                              oss_bucket_name="acme-trail", oss_key_prefix="other-prefix"))
    clash = error_of(client.update_trail, at.UpdateTrailRequest(name="trail-second", oss_key_prefix="shared-prefix"))
    assert clash.code == "RepeatOssBucket"  # the request names only the prefix; the bucket is the trail's own
    client.create_trail(at.CreateTrailRequest(name="trail-third", sls_project_arn=project_arn))
    client.update_trail(at.UpdateTrailRequest(name="trail-third", oss_key_prefix="shared-prefix"))  # no bucket yet
    assert error_of(client.update_trail, at.UpdateTrailRequest(name="trail-third", oss_bucket_name="acme-trail")) \
        .code == "RepeatOssBucket"


def test_a_history_jobs_start_and_end_times_are_its_own(sandbox, project_arn):
    client = actiontrail_client(sandbox)
    client.create_trail(at.CreateTrailRequest(name="trail-history", sls_project_arn=project_arn))
    job_id = client.create_delivery_history_job(at.CreateDeliveryHistoryJobRequest(trail_name="trail-history")) \
        .body.job_id
    running = client.get_delivery_history_job(at.GetDeliveryHistoryJobRequest(job_id=job_id)).body
    assert running.start_time == running.created_time and running.end_time == ""
    started = sandbox.store.get("actiontrail.history-job", f"{job_id:08d}")["StartedAt"]
    sandbox.advance_clock(700)
    done = client.get_delivery_history_job(at.GetDeliveryHistoryJobRequest(job_id=job_id)).body
    assert (done.job_status, done.start_time, done.end_time) == (2, iso_seconds(started), iso_seconds(started + 600))
    listed = client.list_delivery_history_jobs(at.ListDeliveryHistoryJobsRequest()).body.delivery_history_jobs[0]
    assert (listed.start_time, listed.end_time) == (done.start_time, done.end_time)
    bad = error_of(client.get_delivery_history_job, at.GetDeliveryHistoryJobRequest(job_id="seven"))
    assert (bad.code, bad.data["statusCode"]) == ("InvalidParameter", 400)
