"""The sensitive-event alerts as Terraform: one alicloud_sls_alert per rule, and who they notify.

Notification is the same as apply's: SLS resource records (users with the email
addresses, DingTalk webhooks, one action policy) that each alert names. A DingTalk
webhook URL carries its robot's access token, so it is never written into the file:
each webhook's URL is a sensitive variable (TF_VAR_dingtalk_webhook_N).
"""

from __future__ import annotations

import json
import re

from wizard.core.alerts.notify import NO_ACTION_POLICY, WEBHOOKS, action_policy_id, notification_records
from wizard.core.alerts.rules import ALERT_RULES, alert_configuration
from wizard.core.settings import Settings
from wizard.report.terraform.hcl import Block, Expr, Template, label

_URL = "\u27e6webhook_url\u27e7"


def _alert_body(value: dict) -> list:
    """An SLS alert configuration (camelCase JSON) as Terraform arguments and nested blocks."""
    attributes: list = []
    blocks: list = []
    for key, item in value.items():
        name = re.sub(r"(?<!^)([A-Z])", r"_\1", key).lower()
        if isinstance(item, dict):
            blocks.append(Block(name, body=_alert_body(item)))
        elif isinstance(item, list) and item and all(isinstance(i, dict) for i in item):
            blocks += [Block(name, body=_alert_body(i)) for i in item]
        else:
            attributes.append((name, item))
    return attributes + blocks


def webhook_variable(number: int) -> str:
    return f"dingtalk_webhook_{number}"


def _webhook_value(value: str, number: int) -> Template:
    """The record's JSON with its url replaced by the sensitive variable."""
    data = json.loads(value)
    data["url"] = _URL
    left, _, right = json.dumps(data, separators=(",", ":"), sort_keys=True).partition(json.dumps(_URL))
    return Template((left + '"', Expr(f"var.{webhook_variable(number)}"), '"' + right))


def _variable_of(value: str) -> str:
    """The environment variable the settings name for this webhook's token (dingtalk:env:NAME)."""
    found = re.search(r"\$\{env:([A-Za-z0-9_]+)\}", json.loads(value)["url"])
    return found.group(1) if found else "TOKEN"


def notification_blocks(settings: Settings) -> list[Block]:
    """Variables for the webhooks, then the records: users and webhooks before the action policy."""
    if not (settings.alerts.enabled and settings.sls and settings.alerts.notify):
        return []
    blocks: list[Block] = []
    hooks = 0
    for resource_name, records in notification_records(settings):
        for record in records:
            value: object = record["value"]
            depends = [Expr(f"alicloud_log_resource_record.{label(r['id'])}") for name, rs in
                       notification_records(settings) if name != resource_name and resource_name.endswith("policy")
                       for r in rs]
            if resource_name == WEBHOOKS:
                hooks += 1
                blocks.append(Block("variable", (webhook_variable(hooks),), [
                    ("type", Expr("string")), ("sensitive", True),
                    ("description", "DingTalk robot webhook URL (it holds the robot's access token, so it is not "
                     "written here): set TF_VAR_" + webhook_variable(hooks) + " to https://oapi.dingtalk.com/robot/"
                     "send?access_token=$" + _variable_of(record["value"]))]))
                value = _webhook_value(record["value"], hooks)
            blocks.append(Block("resource", ("alicloud_log_resource_record", label(record["id"])), [
                ("resource_name", resource_name), ("record_id", record["id"]), ("tag", record["tag"]),
                ("value", value), *([("depends_on", depends)] if depends else [])]))
    return blocks


def alert_blocks(settings: Settings) -> list[Block]:
    if not (settings.alerts.enabled and settings.sls):
        return []
    policy = action_policy_id(settings) if settings.alerts.notify else NO_ACTION_POLICY
    depends = [Expr("alicloud_log_store.actiontrail")]
    if settings.alerts.notify:
        depends.append(Expr(f"alicloud_log_resource_record.{label(policy)}"))
    blocks = []
    for rule in ALERT_RULES:
        configuration = alert_configuration(rule, settings.sls.project, settings.logstore_name, settings.region,
                                            policy)
        blocks.append(Block("resource", ("alicloud_sls_alert", label(rule.name)), [
            ("project_name", Expr("alicloud_log_project.actiontrail.project_name")), ("alert_name", rule.name),
            ("display_name", rule.title), ("description", f"{rule.cis} (actiontrail-wizard)"), ("status", "ENABLED"),
            Block("schedule", body=[("type", "FixedRate"), ("interval", "5m")]),
            Block("configuration", body=_alert_body(configuration)),
            ("depends_on", depends),
        ], comment=f"{rule.cis}: {rule.title}."))
    return blocks
