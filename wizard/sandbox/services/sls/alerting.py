"""Alert rules run on their schedule over the sandbox clock, and notify through their action policy.

Each ENABLED alert with a FixedRate schedule is evaluated at the ticks k x interval (UTC-aligned) over its
query's window (timeSpanType Relative: `start` "-5m", `end` "now": logs of [tick - 5m, tick)), on the Logstore
its queryList names; it triggers when the count condition holds (`__count__ > 0`: any log matched). A trigger
notifies through policyConfiguration.actionPolicyId: each fire() line of that action policy's script is a channel
(email to the users' addresses, DingTalk and the other webhooks by their record id), and the sandbox keeps the
notification (the alert, its severity, the channels and recipients, the matched events) for
GET /_sandbox/notifications. Nobody is contacted: no mail is sent, no webhook is called, and a webhook's URL (its
token) is never in a notification. repeatInterval holds back a repeat of the same alert within it.

Only the ticks whose window holds a log are evaluated (the others cannot trigger, noDataFire being false), so a
clock moved by months costs what its logs cost. State: kind "sls.alert-state" (the last tick evaluated per alert),
notifications: kind "sls.notification", in the project owner's account.
"""

from __future__ import annotations

import json
import math
import re

from ...events import search
from ...http.protocol import ApiError
from ...state import clock
from ...state.scope import AccountStore
from . import models
from .records import fire_lines

STATE_KIND, NOTIFICATION_KIND = "sls.alert-state", "sls.notification"
_DURATION = re.compile(r"^-?(\d+)([smhd])$")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _seconds(text, default: int) -> int:
    found = _DURATION.match(str(text or "").strip())
    return int(found.group(1)) * _SECONDS[found.group(2)] if found else default


def _window(query: dict) -> tuple[int, int]:
    """(start, end) offsets from the tick: "-5m" and "now" -> (-300, 0)."""
    end = 0 if str(query.get("end", "now")).strip() in ("now", "") else -_seconds(query.get("end"), 0)
    return -_seconds(query.get("start"), 300), end


def run(root, account_ids: list[str], now: float) -> float:
    """Evaluate every tick reached since the last run; returns the next tick that has logs waiting (0: none)."""
    due = []
    for account_id in account_ids:
        store = AccountStore(root, account_id)
        for project in models.projects(store):
            for alert in models.alerts(store, project["region"], project["projectName"]):
                if alert.get("status") == "ENABLED" and (alert.get("schedule") or {}).get("type") == "FixedRate":
                    due.append(_run_alert(store, project, alert, now))
    return min([d for d in due if d], default=0.0)


def _run_alert(store, project: dict, alert: dict, now: float) -> float:
    """New logs name the ticks that will see them (pending); each pending tick reached is evaluated once."""
    interval = max(_seconds(alert["schedule"].get("interval"), 300), 1)
    query = ((alert.get("configuration") or {}).get("queryList") or [{}])[0]
    start, end = _window(query)
    logstore, name = query.get("store", ""), project["projectName"]
    key = f"{name}/{alert['name']}"
    state = store.get(STATE_KIND, key) or {"seen": 0, "pending": [], "from": alert.get("createTime", now)}
    count = models.log_count(store, name, logstore)
    pending = set(state["pending"])
    if count > state["seen"]:
        pending |= {tick for log in models.logs_after(store, name, logstore, state["seen"])
                    for tick in _ticks_seeing(int(log["__time__"]), interval, start, end) if tick > state["from"]}
    due = sorted(tick for tick in pending if tick <= now)
    if due:
        try:
            predicate = search.compile_query(query.get("query", "*"))
            logs = models.query_logs(store, project["region"], name, logstore, int(due[0] + start),
                                     int(due[-1] + end), None)
        except (ApiError, ValueError):
            logs, predicate = [], None  # no index yet, or a query outside the subset: nothing can match
        for tick in due:
            matched = [log for log in logs if tick + start <= int(log["__time__"]) < tick + end
                       and predicate(search.flatten(log))]
            if matched:
                _notify(store, project, alert, tick, matched)
    waiting = sorted(tick for tick in pending if tick > now)
    if count != state["seen"] or due:
        store.put(STATE_KIND, key, {"seen": count, "pending": waiting, "from": state["from"]})
    return waiting[0] if waiting else 0.0


def _ticks_seeing(t: int, interval: int, start: int, end: int) -> list[int]:
    """The ticks T (multiples of interval) whose window [T + start, T + end) holds time t."""
    tick = (math.floor((t - end) / interval) + 1) * interval
    found = []
    while tick + start <= t and len(found) < 12:
        found.append(tick)
        tick += interval
    return found


def _recipients(store, region: str, line: dict) -> list[str]:
    if line["type"] == "email":
        found = []
        for user in line["users"]:
            record = models.record(store, region, models.USERS, user) or {}
            found += json.loads(record.get("value") or "{}").get("email", [])
        return found
    if line["webhook_id"]:
        record = models.record(store, region, models.WEBHOOKS, line["webhook_id"]) or {}
        host = (re.match(r"^https://([^/?#]+)", json.loads(record.get("value") or "{}").get("url", "")) or [None, ""])[1]
        return [f"webhook {line['webhook_id']} ({host})"]  # never its URL: it carries the robot's token
    return list(line["users"])


def _notify(store, project: dict, alert: dict, tick: float, matched: list[dict]) -> None:
    routing = (alert.get("configuration") or {}).get("policyConfiguration") or {}
    repeat = _seconds(routing.get("repeatInterval"), 0)
    earlier = [n for n in store.list(NOTIFICATION_KIND, "") if n["project"] == project["projectName"]
               and n["alert"] == alert["name"] and tick - n["tick"] < repeat]
    if earlier:
        return
    policy_id = routing.get("actionPolicyId", "")
    record = models.record(store, project["region"], models.ACTION_POLICIES, policy_id) or {}
    script = json.loads(record.get("value") or "{}").get("primary_policy_script", "")
    channels = [{"type": line["type"], "recipients": _recipients(store, project["region"], line)}
                for line in fire_lines(script)] or [{"type": policy_id or "none", "recipients": []}]
    severities = (alert.get("configuration") or {}).get("severityConfigurations") or [{}]
    events = [json.loads(log["event"]) if isinstance(log.get("event"), str) else log for log in matched]
    store.put(NOTIFICATION_KIND, f"{int(tick):014d}-{project['projectName']}-{alert['name']}", {
        "alert": alert["name"], "displayName": alert.get("displayName", ""), "project": project["projectName"],
        "severity": severities[0].get("severity"), "tick": tick, "time": clock.iso_seconds(tick),
        "actionPolicyId": policy_id, "channels": channels, "count": len(matched), "events": events})


def notifications(root, account_ids: list[str]) -> list[dict]:
    found = []
    for account_id in account_ids:
        found += [{"account_id": account_id, **n} for n in AccountStore(root, account_id).list(NOTIFICATION_KIND)]
    return sorted(found, key=lambda n: n["tick"])
