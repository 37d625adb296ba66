"""Who the alerts notify: SLS alert resource records (users, a DingTalk webhook, an action policy).

An SLS 2.0 alert rule names an action policy (policyConfiguration.actionPolicyId,
routed by the built-in dynamic alert policy); the action policy's script fires
an email to SLS users (sls.common.user records holding the addresses) or posts
to a DingTalk webhook integration (sls.alert.action_webhook). All three are
resource records, written with UpsertResourceRecord, which is idempotent. The
record ids are hashes, so no address shows in an id. A DingTalk robot is named by
reference (dingtalk:env:NAME): its webhook URL carries `access_token=${env:NAME}`,
which only the call itself resolves (wizard/cloud/secrets.py).
Pure data: the planner writes these records, the audit and the export compare with them.
"""

from __future__ import annotations

import hashlib
import json

from wizard.core.settings import Settings

NO_ACTION_POLICY = ""  # alerts still fire (alert center) but notify no one
USERS, WEBHOOKS, ACTION_POLICIES = "sls.common.user", "sls.alert.action_webhook", "sls.alert.action_policy"
TEMPLATE = "sls.builtin.en"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def action_policy_id(settings: Settings) -> str:
    return f"actiontrail-wizard-{settings.trail.name}"


def _targets(settings: Settings, kind: str) -> list[str]:
    return [t.partition(":")[2] for t in settings.alerts.notify if t.startswith(f"{kind}:")]


def user_id(address: str) -> str:
    return f"atw-user-{_digest(address.lower())}"


DINGTALK_WEBHOOK = "https://oapi.dingtalk.com/robot/send?access_token="


def webhook_id(reference: str) -> str:
    """The record id of a DingTalk robot, from its reference ("env:NAME"): stable, and never the token."""
    return f"atw-dingtalk-{_digest(reference)}"


def webhook_url(reference: str) -> str:
    """The webhook URL as planned: the token is a placeholder the call resolves ("env:NAME" -> ${env:NAME})."""
    return DINGTALK_WEBHOOK + "${" + reference + "}"


def action_script(settings: Settings) -> str:
    """The action policy's script: one email to every address, one post per DingTalk webhook."""
    lines = []
    users = [user_id(a) for a in _targets(settings, "email")]
    if users:
        lines.append(f"fire(type=\"email\", users={json.dumps(users)}, groups=[], oncall_groups=[], "
                     f"receiver_type=\"static\", external_url=\"\", external_headers={{}}, "
                     f"template_id=\"{TEMPLATE}\", period=\"any\")")
    for url in _targets(settings, "dingtalk"):
        lines.append(f"fire(type=\"dingtalk\", webhook_id=\"{webhook_id(url)}\", template_id=\"{TEMPLATE}\", "
                     "period=\"any\")")
    return "\n".join(lines)


def _record(record_id: str, tag: str, value: dict) -> dict:
    return {"id": record_id, "tag": tag, "value": json.dumps(value, separators=(",", ":"), sort_keys=True)}


def notification_records(settings: Settings) -> list[tuple[str, list[dict]]]:
    """(resource name, records) to upsert, in dependency order: users and webhooks before the policy."""
    found: list[tuple[str, list[dict]]] = []
    emails = _targets(settings, "email")
    if emails:
        found.append((USERS, [_record(user_id(a), a, {"user_id": user_id(a), "user_name": a, "email": [a],
                                                     "enabled": True, "sms_enabled": False, "voice_enabled": False})
                              for a in emails]))
    hooks = _targets(settings, "dingtalk")
    if hooks:
        found.append((WEBHOOKS, [_record(webhook_id(u), "DingTalk robot", {
            "id": webhook_id(u), "name": "DingTalk robot (actiontrail-wizard)", "type": "dingtalk", "url": webhook_url(u),
            "method": "POST", "headers": []}) for u in hooks]))
    script = action_script(settings)
    policy = action_policy_id(settings)
    found.append((ACTION_POLICIES, [_record(policy, "ActionTrail sensitive events", {
        "action_policy_id": policy, "action_policy_name": "ActionTrail sensitive events (actiontrail-wizard)",
        "labels": {}, "is_default": False, "primary_policy_script": script, "secondary_policy_script": script,
        "escalation_start_enabled": False, "escalation_start_timeout": "10m",
        "escalation_inprogress_enabled": False, "escalation_inprogress_timeout": "30m",
        "escalation_enabled": False, "escalation_timeout": "1h"})]))
    return found
