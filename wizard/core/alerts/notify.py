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


UNREAD_TOKEN = "${unread}"  # discovery's stand-in for a webhook token it could not compare (the variable is unset)
OTHER_TOKEN = "${another}"  # discovery's stand-in for a webhook token that is not the one the variable holds


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


def recipient_ids(settings: Settings) -> list[tuple[str, str]]:
    """(resource, record id) of every recipient record the settings name: what discovery reads."""
    return [(USERS, user_id(a)) for a in _targets(settings, "email")] + \
        [(WEBHOOKS, webhook_id(u)) for u in _targets(settings, "dingtalk")]


def uncompared_webhooks(settings: Settings, observed) -> list[str]:
    """The DingTalk references whose token could not be compared here (their variable is unset on this machine)."""
    return [f"dingtalk:{url}" for url in _targets(settings, "dingtalk")
            if (_json(observed.record(WEBHOOKS, webhook_id(url))) or {}).get("url") == DINGTALK_WEBHOOK + UNREAD_TOKEN]


def recipient_problems(settings: Settings, observed) -> list[tuple[str, str]]:
    """(resource name, problem) for each recipient record that is missing, disabled or no longer points where the
    settings say: the action policy naming a record proves nothing about the record. A webhook's URL holds a
    token: it is compared, never shown."""
    found: list[tuple[str, str]] = []
    for address in _targets(settings, "email"):
        value = _json(observed.record(USERS, user_id(address)))
        if value is None:
            found.append((USERS, f"recipient {address} is missing (record {user_id(address)})"))
            continue
        emails = [str(e) for e in value.get("email") or []]
        if [e.lower() for e in emails] != [address.lower()]:
            found.append((USERS, f"recipient record {user_id(address)} sends to {', '.join(emails) or 'no address'}, "
                                 f"not {address}"))
        if value.get("enabled") is not True:
            found.append((USERS, f"recipient {address} is disabled"))
    for url in _targets(settings, "dingtalk"):
        value = _json(observed.record(WEBHOOKS, webhook_id(url)))
        if value is None:
            found.append((WEBHOOKS, f"DingTalk recipient {webhook_id(url)} is missing"))
        elif value.get("url") not in (webhook_url(url), DINGTALK_WEBHOOK + UNREAD_TOKEN) or \
                value.get("type") != "dingtalk":
            found.append((WEBHOOKS, f"DingTalk recipient {webhook_id(url)} posts to another webhook"))
    return found


def _json(text: str | None) -> dict | None:
    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


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
