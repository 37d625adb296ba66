"""SLS alert rules (the 2020-12-30 alert API, a kind of SLS job: hence JobNotExist / JobAlreadyExist).

Bodies as the Tea client sends them: {"name", "displayName", "description", "configuration", "schedule"};
EnableAlert / DisableAlert are PUT /alerts/<name>?action=enable|disable with no body.
"""

from __future__ import annotations

import re

from ...http.protocol import ApiError
from . import models
from .wire import body_of, page, project_name

ALERT_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{2,62}[a-z0-9]$")
SCHEDULE_TYPES = ("FixedRate", "Cron", "Hourly", "Daily", "Weekly", "DryRun", "Resident")
SEVERITIES = (2, 4, 6, 8, 10)
GROUP_TYPES = ("no_group", "labels_auto", "custom")
# What the SDK's AlertConfiguration marks "This parameter is required." (and their types)
REQUIRED_FLAGS = ("autoAnnotation", "noDataFire", "sendResolved")
MAX_QUERIES = 3  # "You can associate an alert rule with a maximum of three query statements."


def _invalid(message: str) -> ApiError:
    return ApiError(400, "ParameterInvalid", message)


def _checked_definition(ctx, body: dict) -> dict:
    """displayName, configuration and schedule are required by CreateAlert and UpdateAlert alike."""
    display = body.get("displayName")
    if not isinstance(display, str) or not display.strip() or len(display) > 64:
        raise _invalid("displayName is required: 1-64 characters.")
    configuration, schedule = body.get("configuration"), body.get("schedule")
    if not isinstance(configuration, dict):
        raise _invalid("configuration is required and must be an object.")
    queries = configuration.get("queryList")
    if not isinstance(queries, list) or not 1 <= len(queries) <= MAX_QUERIES:
        raise _invalid(f"configuration.queryList must hold 1 to {MAX_QUERIES} queries.")
    for index, query in enumerate(queries):
        if not isinstance(query, dict) or not query.get("query") or not query.get("store"):
            raise _invalid(f"configuration.queryList[{index}] needs store and query.")
    _check_required_configuration(configuration)
    for config in configuration.get("severityConfigurations") or []:
        if not isinstance(config, dict) or config.get("severity") not in SEVERITIES:
            raise _invalid(f"configuration.severityConfigurations[].severity must be one of {SEVERITIES}.")
    routing = configuration.get("policyConfiguration") or {}
    if not isinstance(routing, dict):
        raise _invalid("configuration.policyConfiguration must be an object.")
    models.check_action_policy_exists(ctx.store, ctx.region, str(routing.get("actionPolicyId") or ""))
    if not isinstance(schedule, dict) or schedule.get("type") not in SCHEDULE_TYPES:
        raise _invalid(f"schedule.type must be one of {', '.join(SCHEDULE_TYPES)}.")
    if schedule["type"] == "FixedRate" and not re.fullmatch(r"\d+[smhd]", str(schedule.get("interval", ""))):
        raise _invalid("schedule.interval is required for FixedRate, e.g. 5m.")
    if schedule["type"] == "Cron" and not schedule.get("cronExpression"):
        raise _invalid("schedule.cronExpression is required for Cron.")
    return {"displayName": display, "description": body.get("description") or "",
            "configuration": configuration, "schedule": schedule}


def _check_required_configuration(configuration: dict) -> None:
    """version, groupConfiguration.type, threshold, severityConfigurations and the three flags are required."""
    if not isinstance(configuration.get("version"), str) or not configuration["version"]:
        raise _invalid("configuration.version is required (2.0).")
    group = configuration.get("groupConfiguration")
    if not isinstance(group, dict) or group.get("type") not in GROUP_TYPES:
        raise _invalid(f"configuration.groupConfiguration is required, with type one of {', '.join(GROUP_TYPES)}.")
    threshold = configuration.get("threshold")
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise _invalid("configuration.threshold is required: the consecutive trigger threshold, an integer >= 1.")
    severities = configuration.get("severityConfigurations")
    if not isinstance(severities, list) or not severities:
        raise _invalid("configuration.severityConfigurations is required and must not be empty.")
    for flag in REQUIRED_FLAGS:
        if not isinstance(configuration.get(flag), bool):
            raise _invalid(f"configuration.{flag} is required: true or false.")


def create_alert(ctx, request, **_):
    body = body_of(request)
    name = body.get("name")
    if not isinstance(name, str) or not ALERT_NAME.match(name):
        raise _invalid(f"name {name!r} is invalid: 4-64 characters of a-z, 0-9, _ and -, starting and ending "
                       "with a letter or digit.")
    definition = _checked_definition(ctx, body)
    models.create_alert(ctx.store, ctx.region, project_name(ctx), name, definition)
    return None


def get_alert(ctx, request, name: str):
    return models.existing_alert(ctx.store, ctx.region, project_name(ctx), name)


def update_alert(ctx, request, name: str):
    definition = _checked_definition(ctx, body_of(request))
    models.update_alert(ctx.store, ctx.region, project_name(ctx), name, definition)
    return None


def enable_alert(ctx, request, name: str):
    models.update_alert(ctx.store, ctx.region, project_name(ctx), name, {"status": "ENABLED"})
    return None


def disable_alert(ctx, request, name: str):
    models.update_alert(ctx.store, ctx.region, project_name(ctx), name, {"status": "DISABLED"})
    return None


def delete_alert(ctx, request, name: str):
    models.delete_alert(ctx.store, ctx.region, project_name(ctx), name)
    return None


def list_alerts(ctx, request, **_):
    found = models.alerts(ctx.store, ctx.region, project_name(ctx))
    logstore = request.query.get("logstore", "")
    alerts = [a for a in found
              if not logstore or any(q.get("store") == logstore for q in a["configuration"].get("queryList", []))]
    paged = page(request, alerts)
    return {"count": paged["count"], "total": paged["total"], "results": paged["_items"]}
