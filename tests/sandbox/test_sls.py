"""Log Service in the sandbox: projects, Logstores (TTL, encryption rules) and alerts, through the Tea client,
cross-checked with aliyun-log-python-sdk (a second official client with its own signing)."""

from __future__ import annotations

import pytest
from alibabacloud_sls20201230 import models as sls

from .clients import sls_client, error_of

LOGSTORE = "actiontrail_main-trail"


@pytest.fixture
def project(sandbox):
    sls_client(sandbox).create_project(sls.CreateProjectRequest(project_name="acme-logs", description="audit"))
    return "acme-logs"


def _create_store(client, project, ttl=365, conf=None):
    conf = conf or sls.EncryptConf(enable=True, encrypt_type="default")
    client.create_log_store(project, sls.CreateLogStoreRequest(logstore_name=LOGSTORE, ttl=ttl, shard_count=2,
                                                               encrypt_conf=conf))


def test_projects(sandbox, project):
    client = sls_client(sandbox)
    got = client.get_project(project, sls.GetProjectRequest()).body
    assert (got.project_name, got.region, got.description, got.status) == (project, "cn-hangzhou", "audit", "Normal")
    listed = client.list_project(sls.ListProjectRequest()).body
    assert listed.total == 1 and listed.projects[0].project_name == project
    assert error_of(client.create_project, sls.CreateProjectRequest(project_name=project, description="")).code == \
        "ProjectAlreadyExist"
    assert error_of(client.get_project, "nope-project", sls.GetProjectRequest()).code == "ProjectNotExist"
    assert error_of(client.create_project, sls.CreateProjectRequest(project_name="Bad_Name", description="")).code == \
        "ParameterInvalid"
    assert sls_client(sandbox, region="cn-beijing").list_project(sls.ListProjectRequest()).body.total == 0


def test_logstore_with_encryption_and_ttl(sandbox, project):
    client = sls_client(sandbox)
    _create_store(client, project, ttl=365)
    store = client.get_log_store(project, LOGSTORE).body
    assert (store.ttl, store.shard_count, store.encrypt_conf.enable, store.encrypt_conf.encrypt_type) == \
        (365, 2, True, "default")
    client.update_log_store(project, LOGSTORE, sls.UpdateLogStoreRequest(logstore_name=LOGSTORE, ttl=3650,
                                                                         shard_count=2))
    assert client.get_log_store(project, LOGSTORE).body.ttl == 3650
    listed = client.list_log_stores(project, sls.ListLogStoresRequest()).body
    assert (listed.total, listed.logstores) == (1, [LOGSTORE])
    assert error_of(_create_store, client, project).code == "LogStoreAlreadyExist"
    assert error_of(client.get_log_store, project, "missing").code == "LogStoreNotExist"


@pytest.mark.parametrize("ttl", [0, 3651])
def test_ttl_bounds(sandbox, project, ttl):
    assert error_of(_create_store, sls_client(sandbox), project, ttl).code == "ParameterInvalid"


def test_encryption_once_set_can_only_be_toggled(sandbox, project):
    client = sls_client(sandbox)
    _create_store(client, project)
    client.update_log_store_encryption(project, LOGSTORE, sls.UpdateLogStoreEncryptionRequest(
        enable=False, encrypt_type="default"))
    assert client.get_log_store(project, LOGSTORE).body.encrypt_conf.enable is False
    client.update_log_store_encryption(project, LOGSTORE, sls.UpdateLogStoreEncryptionRequest(
        enable=True, encrypt_type="default"))
    error = error_of(client.update_log_store_encryption, project, LOGSTORE, sls.UpdateLogStoreEncryptionRequest(
        enable=True, encrypt_type="sm4_gcm"))
    assert error.code == "ParameterInvalid"
    cmk = sls.UpdateLogStoreEncryptionRequestUserCmkInfo(key_id="key-1", role_arn="acs:ram::1:role/r",
                                                         region_id="cn-hangzhou")
    error = error_of(client.update_log_store_encryption, project, LOGSTORE, sls.UpdateLogStoreEncryptionRequest(
        enable=True, encrypt_type="default", user_cmk_info=cmk))
    assert error.code == "ParameterInvalid"


def test_alerts(sandbox, project):
    client = sls_client(sandbox)
    _create_store(client, project)
    configuration = sls.AlertConfiguration(version="2.0", type="default", query_list=[sls.AlertQuery(
        store_type="log", store=LOGSTORE, query="event.eventName: StopLogging", time_span_type="Relative",
        start="-5m", end="now", region="cn-hangzhou", project=project)])
    client.create_alert(project, sls.CreateAlertRequest(name="at-trail-changes", display_name="Trail changes",
                                                        configuration=configuration,
                                                        schedule=sls.Schedule(type="FixedRate", interval="5m")))
    alert = client.get_alert(project, "at-trail-changes").body
    assert alert.display_name == "Trail changes" and alert.status == "ENABLED"
    assert alert.configuration.query_list[0].query == "event.eventName: StopLogging"
    client.disable_alert(project, "at-trail-changes")
    assert client.get_alert(project, "at-trail-changes").body.status == "DISABLED"
    client.enable_alert(project, "at-trail-changes")
    listed = client.list_alerts(project, sls.ListAlertsRequest()).body
    assert listed.total == 1 and listed.results[0].status == "ENABLED"
    assert error_of(client.get_alert, project, "missing-alert").code == "JobNotExist"
    assert error_of(client.create_alert, project, sls.CreateAlertRequest(
        name="at-trail-changes", display_name="x", configuration=configuration,
        schedule=sls.Schedule(type="FixedRate", interval="5m"))).code == "JobAlreadyExist"


def test_wrong_secret_and_unknown_key(sandbox, project):
    error = error_of(sls_client(sandbox, secret="wrong").get_project, project, sls.GetProjectRequest())
    assert error.code == "SignatureNotMatch" and error.data["requestId"]
    from alibabacloud_sls20201230.client import Client

    from .clients import tea_config

    config = tea_config(sandbox, "cn-hangzhou.log.aliyuncs.com")
    config.access_key_id = "LTAI-unknown"
    assert error_of(Client(config).get_project, project, sls.GetProjectRequest()).code == "Unauthorized"


def test_cross_check_with_aliyun_log_sdk(sandbox, monkeypatch):
    """aliyun-log-python-sdk signs with HMAC-SHA1 and its own request layout; the sandbox must agree with it too."""
    from aliyun.log import LogClient, LogException

    monkeypatch.setenv("HTTP_PROXY", sandbox.url)
    monkeypatch.setenv("http_proxy", sandbox.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    client = LogClient("http://cn-hangzhou.log.aliyuncs.com", sandbox.account.access_key_id,
                       sandbox.account.access_key_secret, source="sandbox-test")
    client.create_project("cross-check", "made by aliyun-log")
    assert client.get_project("cross-check").get_description() == "made by aliyun-log"
    client.create_logstore("cross-check", "events", ttl=400, shard_count=2)
    assert client.get_logstore("cross-check", "events").get_ttl() == 400
    assert "events" in client.list_logstore("cross-check").get_logstores()
    assert sls_client(sandbox).get_log_store("cross-check", "events").body.ttl == 400
    bad = LogClient("http://cn-hangzhou.log.aliyuncs.com", sandbox.account.access_key_id, "wrong",
                    source="sandbox-test")
    with pytest.raises(LogException) as caught:
        bad.get_project("cross-check")
    assert caught.value.get_error_code() == "SignatureNotMatch"


def test_v4_signatures_from_both_clients(sandbox, monkeypatch):
    """SLS4-HMAC-SHA256, as the Tea client (signature_version v4) and aliyun-log (auth_version 4) send it."""
    from aliyun.log import LogClient
    from aliyun.log.auth import AUTH_VERSION_4
    from alibabacloud_sls20201230.client import Client

    from .clients import tea_config

    config = tea_config(sandbox, "cn-hangzhou.log.aliyuncs.com")
    config.signature_version = "v4"
    client = Client(config)
    client.create_project(sls.CreateProjectRequest(project_name="acme-v4", description="v4"))
    assert client.list_log_stores("acme-v4", sls.ListLogStoresRequest(offset=0, size=10)).body.total == 0
    wrong = tea_config(sandbox, "cn-hangzhou.log.aliyuncs.com", secret="wrong")
    wrong.signature_version = "v4"
    assert error_of(Client(wrong).get_project, "acme-v4", sls.GetProjectRequest()).code == "SignatureNotMatch"
    monkeypatch.setenv("HTTP_PROXY", sandbox.url)
    monkeypatch.setenv("http_proxy", sandbox.url)
    other = LogClient("http://cn-hangzhou.log.aliyuncs.com", sandbox.account.access_key_id,
                      sandbox.account.access_key_secret, source="sandbox-test", auth_version=AUTH_VERSION_4,
                      region="cn-hangzhou")
    other.create_logstore("acme-v4", "events", ttl=200, shard_count=2)
    assert other.get_logstore("acme-v4", "events").get_ttl() == 200
