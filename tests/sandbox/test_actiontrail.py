"""ActionTrail 2020-07-06 in the sandbox, driven by the official SDK: life cycle, real rules, errors, signatures."""

from __future__ import annotations

import pytest
from alibabacloud_actiontrail20200706 import models as at
from alibabacloud_oss_v2 import models as oss_models
from alibabacloud_sls20201230 import models as sls_models

from tests.support.clients import actiontrail_client, error_of, oss_client, resourcemanager_client, sls_client


@pytest.fixture
def destinations(sandbox):
    oss_client(sandbox).put_bucket(oss_models.PutBucketRequest(bucket="acme-trail"))
    sls_client(sandbox).create_project(sls_models.CreateProjectRequest(project_name="acme-trail", description="x"))
    return f"acs:log:cn-hangzhou:{sandbox.account.account_id}:project/acme-trail"


def test_trail_life_cycle(sandbox, destinations):
    client = actiontrail_client(sandbox)
    created = client.create_trail(at.CreateTrailRequest(
        name="actiontrail-main", oss_bucket_name="acme-trail", oss_key_prefix="at-main", sls_project_arn=destinations,
        sls_write_role_arn="acs:ram::1:role/aliyunserviceroleforactiontrail", event_rw="All")).body
    assert created.name == "actiontrail-main" and created.trail_region == "All" and created.event_rw == "All"
    trail = client.describe_trails(at.DescribeTrailsRequest()).body.trail_list[0]
    assert trail.status == "Fresh" and trail.oss_bucket_name == "acme-trail"
    assert client.get_trail_status(at.GetTrailStatusRequest(name="actiontrail-main")).body.is_logging is False
    client.start_logging(at.StartLoggingRequest(name="actiontrail-main"))
    status = client.get_trail_status(at.GetTrailStatusRequest(name="actiontrail-main")).body
    assert status.is_logging is True and status.start_logging_time and status.latest_delivery_error == ""
    client.update_trail(at.UpdateTrailRequest(name="actiontrail-main", event_rw="Read", trail_region="cn-hangzhou"))
    trail = client.describe_trails(at.DescribeTrailsRequest(name_list="actiontrail-main")).body.trail_list[0]
    assert (trail.event_rw, trail.trail_region, trail.status) == ("Read", "cn-hangzhou", "Enable")
    client.stop_logging(at.StopLoggingRequest(name="actiontrail-main"))
    assert client.describe_trails(at.DescribeTrailsRequest()).body.trail_list[0].status == "Disable"
    client.delete_trail(at.DeleteTrailRequest(name="actiontrail-main"))
    assert client.describe_trails(at.DescribeTrailsRequest()).body.trail_list == []


def test_the_latest_delivery_stays_after_logging_stops_and_is_empty_before_it_ever_started(sandbox, destinations):
    """FIDELITY.md, GetTrailStatus and "Delivery to OSS": the time of the latest file really written."""
    client = actiontrail_client(sandbox)
    client.create_trail(at.CreateTrailRequest(name="oss-only-trail", oss_bucket_name="acme-trail",
                                              oss_key_prefix="actiontrail"))
    fresh = client.get_trail_status(at.GetTrailStatusRequest(name="oss-only-trail")).body
    assert (fresh.latest_delivery_time, fresh.latest_delivery_log_service_time) == ("", "")  # never delivered
    client.start_logging(at.StartLoggingRequest(name="oss-only-trail"))
    client.update_trail(at.UpdateTrailRequest(name="oss-only-trail", event_rw="Write"))  # an event to deliver
    started = client.get_trail_status(at.GetTrailStatusRequest(name="oss-only-trail")).body
    assert started.latest_delivery_time == "", "OSS files come 5 to 10 minutes later"
    sandbox.advance_clock(600)
    delivered = client.get_trail_status(at.GetTrailStatusRequest(name="oss-only-trail")).body.latest_delivery_time
    client.stop_logging(at.StopLoggingRequest(name="oss-only-trail"))
    stopped = client.get_trail_status(at.GetTrailStatusRequest(name="oss-only-trail")).body
    assert stopped.is_logging is False and stopped.latest_delivery_time == delivered > stopped.start_logging_time
    assert stopped.latest_delivery_log_service_time == "", "no Logstore: nothing delivered there"


def test_sls_delivery_creates_the_logstore(sandbox, destinations):
    actiontrail_client(sandbox).create_trail(at.CreateTrailRequest(
        name="actiontrail-sls", sls_project_arn=destinations, sls_write_role_arn="acs:ram::1:role/x"))
    store = sls_client(sandbox).get_log_store("acme-trail", "actiontrail_actiontrail-sls").body
    assert store.logstore_name == "actiontrail_actiontrail-sls"


def test_existing_logstore_is_used_as_it_is(sandbox, destinations):
    sls = sls_client(sandbox)
    sls.create_log_store("acme-trail", sls_models.CreateLogStoreRequest(
        logstore_name="actiontrail_actiontrail-sls", ttl=400, shard_count=2,
        encrypt_conf=sls_models.EncryptConf(enable=True, encrypt_type="default")))
    actiontrail_client(sandbox).create_trail(at.CreateTrailRequest(
        name="actiontrail-sls", sls_project_arn=destinations, sls_write_role_arn="acs:ram::1:role/x"))
    store = sls.get_log_store("acme-trail", "actiontrail_actiontrail-sls").body
    assert store.ttl == 400 and store.encrypt_conf.enable is True


def test_default_event_rw_is_write(sandbox, destinations):
    body = actiontrail_client(sandbox).create_trail(
        at.CreateTrailRequest(name="actiontrail-dflt", oss_bucket_name="acme-trail")).body
    assert body.event_rw == "Write"


@pytest.mark.parametrize(("name", "code"), [("short", "InvalidTrailNameException"),
                                            ("Upper-case-name", "InvalidTrailNameException"),
                                            ("1starts-with-digit", "InvalidTrailNameException")])
def test_name_rules(sandbox, destinations, name, code):
    error = error_of(actiontrail_client(sandbox).create_trail, at.CreateTrailRequest(name=name,
                                                                                   oss_bucket_name="acme-trail"))
    assert error.code == code


def test_real_errors(sandbox, destinations):
    client = actiontrail_client(sandbox)
    assert error_of(client.create_trail, at.CreateTrailRequest(name="actiontrail-x", oss_bucket_name="nope")).code == \
        "BucketDoesNotExistException"
    arn = f"acs:log:cn-hangzhou:{sandbox.account.account_id}:project/nope"
    assert error_of(client.create_trail, at.CreateTrailRequest(name="actiontrail-x", sls_project_arn=arn,
                                                            sls_write_role_arn="r")).code == \
        "SlsProjectDoesNotExistException"
    assert error_of(client.start_logging, at.StartLoggingRequest(name="actiontrail-none")).code == \
        "TrailNotFoundException"
    client.create_trail(at.CreateTrailRequest(name="actiontrail-x", oss_bucket_name="acme-trail"))
    assert error_of(client.create_trail, at.CreateTrailRequest(name="actiontrail-x", oss_bucket_name="acme-trail")).code \
        == "TrailAlreadyExistsException"
    assert error_of(client.create_trail, at.CreateTrailRequest(name="actiontrail-y", oss_bucket_name="acme-trail")).code \
        == "RepeatOssBucket"


def test_at_most_five_trails_per_region(sandbox, destinations):
    client = actiontrail_client(sandbox)
    for i in range(5):
        client.create_trail(at.CreateTrailRequest(name=f"actiontrail-{i}", oss_bucket_name="acme-trail",
                                                  oss_key_prefix=f"prefix-{i}"))
    error = error_of(client.create_trail, at.CreateTrailRequest(name="actiontrail-6", oss_bucket_name="acme-trail",
                                                             oss_key_prefix="prefix-6"))
    assert error.code == "MaximumNumberOfTrailsExceededException"
    other = actiontrail_client(sandbox, region="cn-shanghai")
    assert other.describe_trails(at.DescribeTrailsRequest()).body.trail_list == []


def test_organization_trails_need_the_resource_directory_show_only_when_asked_and_are_one_per_account(
        sandbox, destinations):
    client = actiontrail_client(sandbox)
    request = at.CreateTrailRequest(name="actiontrail-org", oss_bucket_name="acme-trail", is_organization_trail=True)
    assert error_of(client.create_trail, request).code == "NotAllowCreateOrganizationTrail"
    resourcemanager_client(sandbox).init_resource_directory()
    client.create_trail(request)
    assert client.describe_trails(at.DescribeTrailsRequest()).body.trail_list == []
    shown = client.describe_trails(at.DescribeTrailsRequest(include_organization_trail=True)).body.trail_list
    assert shown[0].is_organization_trail is True
    second = at.CreateTrailRequest(name="actiontrail-org2", oss_bucket_name="acme-trail", oss_key_prefix="org-two",
                                   is_organization_trail=True)
    assert error_of(client.create_trail, second).code == "MaximumNumberOfOrganizationTrailExceeded"


def test_delivery_history_job_progresses_region_by_region_with_the_clock_and_only_one_runs(sandbox, destinations):
    client = actiontrail_client(sandbox)
    client.create_trail(at.CreateTrailRequest(name="actiontrail-h", sls_project_arn=destinations,
                                              sls_write_role_arn="acs:ram::1:role/x"))
    job = client.create_delivery_history_job(at.CreateDeliveryHistoryJobRequest(trail_name="actiontrail-h")).body

    def state():
        body = client.get_delivery_history_job(at.GetDeliveryHistoryJobRequest(job_id=job.job_id)).body
        return body.job_status, [s.status for s in body.status], body

    status, regions, body = state()
    assert status == 0 and set(regions) == {0} and len(regions) == 5 and body.status[0].region == "cn-hangzhou"
    assert body.trail_name == "actiontrail-h" and body.start_time == body.created_time and body.end_time == ""
    error = error_of(client.create_delivery_history_job, at.CreateDeliveryHistoryJobRequest(trail_name="actiontrail-h"))
    assert error.code == "DeliveryHistoryJobLimitExceeded"
    sandbox.advance_clock(300)
    status, regions, _ = state()
    assert status == 1 and 0 < regions.count(2) < 5 and 1 in regions
    listed = client.list_delivery_history_jobs(at.ListDeliveryHistoryJobsRequest()).body
    assert listed.total_count == 1 and listed.delivery_history_jobs[0].job_status == 1
    sandbox.advance_clock(300)
    assert state()[:2] == (2, [2] * 5)
    again = client.create_delivery_history_job(at.CreateDeliveryHistoryJobRequest(trail_name="actiontrail-h")).body
    assert again.job_id == job.job_id + 1  # the slot is free once the first has finished


def test_delivery_history_jobs_need_a_trail_delivering_to_log_service(sandbox, destinations):
    client = actiontrail_client(sandbox)
    client.create_trail(at.CreateTrailRequest(name="actiontrail-oss", oss_bucket_name="acme-trail"))
    assert error_of(client.create_delivery_history_job, at.CreateDeliveryHistoryJobRequest(
        trail_name="actiontrail-oss")).code == "InvalidParameter.TrailName"
    assert error_of(client.create_delivery_history_job, at.CreateDeliveryHistoryJobRequest(
        trail_name="actiontrail-none")).code == "TrailNotFoundException"


def test_wrong_secret_and_unknown_key(sandbox):
    error = error_of(actiontrail_client(sandbox, secret="not-the-secret").describe_trails, at.DescribeTrailsRequest())
    assert error.code == "SignatureDoesNotMatch" and error.data["RequestId"]
    from alibabacloud_actiontrail20200706.client import Client

    from tests.support.clients import tea_config

    config = tea_config(sandbox, "actiontrail.cn-hangzhou.aliyuncs.com")
    config.access_key_id = "LTAI-unknown"
    assert error_of(Client(config).describe_trails, at.DescribeTrailsRequest()).code == "InvalidAccessKeyId.NotFound"


def test_v1_rpc_signature(sandbox):
    """The older RPC signature (HMAC-SHA1 in the query), as aliyun CLI and old SDKs send it."""
    import json
    import urllib.request
    import uuid
    from urllib.parse import urlencode

    from alibabacloud_tea_openapi.utils import Utils

    def call(secret):
        params = {"Action": "DescribeTrails", "Version": "2020-07-06", "Format": "JSON",
                  "AccessKeyId": sandbox.account.access_key_id, "SignatureMethod": "HMAC-SHA1",
                  "SignatureVersion": "1.0", "SignatureNonce": uuid.uuid4().hex,
                  "Timestamp": Utils.get_timestamp()}
        params["Signature"] = Utils.get_rpcsignature(params, "GET", secret)
        request = urllib.request.Request(f"http://actiontrail.cn-hangzhou.aliyuncs.com/?{urlencode(params)}")
        request.set_proxy(sandbox.url.removeprefix("http://"), "http")
        try:
            with urllib.request.urlopen(request, timeout=5) as answer:
                return json.loads(answer.read())
        except urllib.error.HTTPError as error:
            return json.loads(error.read())

    assert call(sandbox.account.access_key_secret)["TrailList"] == []
    assert call("wrong")["Code"] == "SignatureDoesNotMatch"
