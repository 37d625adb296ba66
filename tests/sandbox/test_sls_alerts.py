"""SLS alert rules in the sandbox, through the official Tea client, including the wizard's own rule bodies."""

from __future__ import annotations

import json

import pytest
from alibabacloud_sls20201230 import models as sls

from tests.support.clients import error_of, sls_with_logstore
from wizard.core.alerts.notify import (
    ACTION_POLICIES,
    USERS,
    WEBHOOKS,
    action_policy_id,
    action_script,
    notification_records,
    webhook_id,
)
from wizard.core.alerts.rules import ALERT_RULES, alert_configuration
from wizard.core.settings_file import parse_settings

PROJECT, LOGSTORE = "acme-logs", "actiontrail_main-trail"
DINGTALK = "dingtalk:env:ATW_SLS_TEST_TOKEN"
TOKEN = "0123456789abcdef"
HOOK = f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}"


@pytest.fixture
def client(sandbox):
    return sls_with_logstore(sandbox, PROJECT, LOGSTORE)


def _configuration(query="event.eventName: StopLogging", store=LOGSTORE, **required):
    """A configuration with every field the SDK marks required (FIDELITY.md, "SLS: alerts")."""
    fields = {"group_configuration": sls.GroupConfiguration(type="no_group"), "threshold": 1,
              "severity_configurations": [sls.SeverityConfiguration(severity=6, eval_condition=sls.ConditionConfiguration(
                  condition="", count_condition=""))],
              "auto_annotation": True, "no_data_fire": False, "send_resolved": False, **required}
    return sls.AlertConfiguration(version="2.0", type="default", query_list=[sls.AlertQuery(
        store_type="log", store=store, query=query, time_span_type="Relative", start="-5m", end="now",
        region="cn-hangzhou", project=PROJECT)], **{k: v for k, v in fields.items() if v is not None})


def _request(name="at-trail-changes", **kw):
    return sls.CreateAlertRequest(name=name, display_name=kw.pop("display_name", "Trail changes"),
                                  configuration=kw.pop("configuration", _configuration()),
                                  schedule=kw.pop("schedule", sls.Schedule(type="FixedRate", interval="5m")), **kw)


def test_alert_is_created_enabled_and_reads_back(client):
    client.create_alert(PROJECT, _request(description="CIS 2.14"))
    alert = client.get_alert(PROJECT, "at-trail-changes").body
    assert (alert.name, alert.display_name, alert.description, alert.status) == \
        ("at-trail-changes", "Trail changes", "CIS 2.14", "ENABLED")
    assert alert.configuration.query_list[0].query == "event.eventName: StopLogging"
    assert (alert.schedule.type, alert.schedule.interval) == ("FixedRate", "5m")
    assert alert.create_time > 0


def test_disable_enable_update_and_delete(client):
    client.create_alert(PROJECT, _request())
    client.disable_alert(PROJECT, "at-trail-changes")
    assert client.get_alert(PROJECT, "at-trail-changes").body.status == "DISABLED"
    client.enable_alert(PROJECT, "at-trail-changes")
    assert client.get_alert(PROJECT, "at-trail-changes").body.status == "ENABLED"
    client.update_alert(PROJECT, "at-trail-changes", sls.UpdateAlertRequest(
        display_name="Trail stopped", configuration=_configuration("event.eventName: DeleteTrail"),
        schedule=sls.Schedule(type="Cron", cron_expression="*/5 * * * *")))
    alert = client.get_alert(PROJECT, "at-trail-changes").body
    assert (alert.display_name, alert.configuration.query_list[0].query, alert.schedule.type, alert.status) == \
        ("Trail stopped", "event.eventName: DeleteTrail", "Cron", "ENABLED")
    client.delete_alert(PROJECT, "at-trail-changes")
    assert error_of(client.get_alert, PROJECT, "at-trail-changes").code == "JobNotExist"


def test_list_pages_and_filters_by_logstore(client):
    client.create_alert(PROJECT, _request("at-one"))
    client.create_alert(PROJECT, _request("at-two", configuration=_configuration(store="other-store")))
    listed = client.list_alerts(PROJECT, sls.ListAlertsRequest(offset=0, size=10)).body
    assert (listed.count, listed.total, [a.name for a in listed.results]) == (2, 2, ["at-one", "at-two"])
    only = client.list_alerts(PROJECT, sls.ListAlertsRequest(logstore=LOGSTORE, offset=0, size=10)).body
    assert [a.name for a in only.results] == ["at-one"]
    page = client.list_alerts(PROJECT, sls.ListAlertsRequest(offset=1, size=1)).body
    assert (page.count, page.total, page.results[0].name) == (1, 2, "at-two")


def test_errors_for_missing_and_duplicate_alerts(client):
    client.create_alert(PROJECT, _request())
    duplicate = error_of(client.create_alert, PROJECT, _request())
    assert (duplicate.code, duplicate.data["statusCode"]) == ("JobAlreadyExist", 400)
    for call in (client.get_alert, client.enable_alert, client.disable_alert, client.delete_alert):
        error = error_of(call, PROJECT, "missing-alert")
        assert (error.code, error.data["statusCode"]) == ("JobNotExist", 404)
    assert error_of(client.create_alert, "no-such-project", _request()).code == "ProjectNotExist"


@pytest.mark.parametrize("request_kw", [
    {"name": "Bad Name"},
    {"name": "abc"},
    {"display_name": ""},
    {"schedule": sls.Schedule(type="Sometimes")},
    {"schedule": sls.Schedule(type="FixedRate")},
    {"schedule": sls.Schedule(type="Cron")},
    {"configuration": sls.AlertConfiguration(version="2.0", type="default", query_list=[])},
    {"configuration": sls.AlertConfiguration(version="2.0", type="default", query_list=_configuration().query_list,
                                             severity_configurations=[sls.SeverityConfiguration(severity=7)])},
])
def test_invalid_alerts_are_refused(client, request_kw):
    assert error_of(client.create_alert, PROJECT, _request(**request_kw)).code == "ParameterInvalid"


def _notify_settings(*targets):
    return parse_settings({"region": "cn-hangzhou", "trail": {"name": "main-trail"}, "sls": {"project": PROJECT},
                           "alerts": {"notify": list(targets)}})


@pytest.fixture(autouse=True)
def _token(monkeypatch):
    monkeypatch.setenv("ATW_SLS_TEST_TOKEN", TOKEN)


def _upsert_all(client, settings):
    """What the executor sends for the planner's notification records (the token read where the call is made)."""
    from wizard.cloud.secrets import resolve_references

    for resource_name, records in notification_records(settings):
        sent = [{**r, "value": resolve_references(r["value"])} for r in records]
        client.upsert_resource_record(resource_name, sls.UpsertResourceRecordRequest().from_map({"records": sent}))


def test_the_wizards_alert_rules_are_accepted_as_the_executor_sends_them(client):
    """The executor builds CreateAlertRequest with from_map over the planner's params; the sandbox takes them all."""
    settings = _notify_settings("email:ops@example.com", DINGTALK)
    _upsert_all(client, settings)
    policy = action_policy_id(settings)
    for rule in ALERT_RULES:
        body = {"name": rule.name, "displayName": rule.title, "description": rule.cis,
                "configuration": alert_configuration(rule, PROJECT, LOGSTORE, "cn-hangzhou", policy),
                "schedule": {"type": "FixedRate", "interval": "5m"}}
        client.create_alert(PROJECT, sls.CreateAlertRequest().from_map(body))
    listed = client.list_alerts(PROJECT, sls.ListAlertsRequest(offset=0, size=100)).body
    assert sorted(a.name for a in listed.results) == sorted(rule.name for rule in ALERT_RULES)
    first = client.get_alert(PROJECT, ALERT_RULES[0].name).body.configuration
    assert first.query_list[0].query == ALERT_RULES[0].query
    assert first.policy_configuration.action_policy_id == policy
    # The SDK model knows `severityConfigurations`; a key it does not know never reaches the wire.
    assert [c.severity for c in first.severity_configurations or []] == [ALERT_RULES[0].severity]


def test_notification_records_read_back_and_name_only_existing_recipients(client):
    settings = _notify_settings("email:ops@example.com", "email:secops@example.com", DINGTALK)
    _upsert_all(client, settings)
    policy = client.get_resource_record(ACTION_POLICIES, action_policy_id(settings),
                                        sls.GetResourceRecordRequest()).body
    assert json.loads(policy.value)["primary_policy_script"] == action_script(settings)
    users = client.list_resource_record(USERS, sls.ListResourceRecordRequest(offset=0, size=10)).body
    assert sorted(json.loads(r.value)["email"][0] for r in users.items) == ["ops@example.com", "secops@example.com"]
    hook = client.get_resource_record(WEBHOOKS, webhook_id(DINGTALK[len("dingtalk:"):]),
                                      sls.GetResourceRecordRequest()).body
    assert json.loads(hook.value)["url"] == HOOK


def test_an_action_policy_naming_a_missing_recipient_is_refused(client):
    settings = _notify_settings("email:ops@example.com")
    (_users, (resource_name, records)) = notification_records(settings)
    error = error_of(client.upsert_resource_record, resource_name,
                     sls.UpsertResourceRecordRequest().from_map({"records": records}))
    assert error.code == "ParameterInvalid" and "does not exist" in error.message
    assert error_of(client.get_resource_record, resource_name, action_policy_id(settings),
                    sls.GetResourceRecordRequest()).code == "RecordNotExist"


@pytest.mark.parametrize("url", ["https://hooks.example.com/robot/send?access_token=abc",
                                 "http://oapi.dingtalk.com/robot/send?access_token=abc"])
def test_a_webhook_that_is_not_a_dingtalk_robot_is_refused(client, url):
    record = {"id": "hook-1", "tag": "x", "value": json.dumps({"id": "hook-1", "name": "x", "type": "dingtalk",
                                                              "url": url, "method": "POST", "headers": []})}
    error = error_of(client.upsert_resource_record, WEBHOOKS,
                     sls.UpsertResourceRecordRequest().from_map({"records": [record]}))
    assert error.code == "ParameterInvalid"


def test_an_alert_naming_a_missing_action_policy_is_refused(client):
    configuration = alert_configuration(ALERT_RULES[0], PROJECT, LOGSTORE, "cn-hangzhou", "no-such-policy")
    error = error_of(client.create_alert, PROJECT, sls.CreateAlertRequest().from_map({
        "name": "at-trail-changes", "displayName": "x", "configuration": configuration,
        "schedule": {"type": "FixedRate", "interval": "5m"}}))
    assert error.code == "ParameterInvalid" and "no-such-policy" in error.message


@pytest.mark.parametrize("missing", ["group_configuration", "threshold", "severity_configurations", "auto_annotation",
                                     "no_data_fire", "send_resolved"])
def test_create_and_update_alert_need_every_field_the_sdk_marks_required(client, missing):
    """FIDELITY.md, "SLS: alerts": the wizard used to send neither groupConfiguration nor threshold."""
    error = error_of(client.create_alert, PROJECT, _request(configuration=_configuration(**{missing: None})))
    assert (error.code, error.data["statusCode"]) == ("ParameterInvalid", 400)
    assert missing.split("_")[0] in error.message.lower()
    client.create_alert(PROJECT, _request())
    update = sls.UpdateAlertRequest(display_name="Trail changes", configuration=_configuration(**{missing: None}),
                                    schedule=sls.Schedule(type="FixedRate", interval="5m"))
    assert error_of(client.update_alert, PROJECT, "at-trail-changes", update).code == "ParameterInvalid"


def test_the_wizards_alert_bodies_carry_group_configuration_and_threshold():
    body = alert_configuration(ALERT_RULES[0], PROJECT, LOGSTORE, "cn-hangzhou")
    assert body["groupConfiguration"] == {"type": "no_group", "fields": []} and body["threshold"] == 1
