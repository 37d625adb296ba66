"""The plan as text: every call with its exact parameters, why, and what cannot be undone."""

from __future__ import annotations

import json
from typing import Any

from wizard.core.policies.documents import CANNOT_NARROW
from wizard.core.plan import Action, Plan


def _value(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def summary(plan: Plan) -> str:
    creates = sum(1 for a in plan.actions if a.kind == "create")
    updates = plan.changes - creates
    irreversible = sum(1 for a in plan.actions if a.irreversible)
    if plan.changes == 0 and plan.blocked:
        text = "No changes planned."
    elif plan.changes == 0:
        text = "No changes: the account already matches the settings."
    else:
        text = f"{plan.changes} change{'s' if plan.changes != 1 else ''} ({creates} create, {updates} update)"
        if irreversible:
            text += f", {irreversible} irreversible"
        text += "."
    if plan.changes and plan.already_met:
        text += f" No change needed for {len(plan.already_met)} of {plan.rules_judged} rules (already met)."
    if plan.blocked:
        text += f" {len(plan.blocked)} item{'s' if len(plan.blocked) != 1 else ''} blocked (a human must decide)."
    return text


def _heading(action: Action) -> str:
    flag = "  IRREVERSIBLE" if action.irreversible else "  optional (a failure is reported, not fatal)" \
        if action.optional else ""
    return f"{action.service} {action.api}  [{action.kind}] {action.resource}{flag}"


def render_action(number: int, action: Action) -> list[str]:
    lines = [f"{number:>3}. {_heading(action)}"]
    lines += [f"       {key}: {_value(value)}" for key, value in action.shown_params().items()]
    lines.append(f"       why: {action.reason}")
    return lines


def _readable(value: Any) -> str:
    """JSON text (a policy document) re-indented so it can be read; other values as they are sent."""
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return value
        return json.dumps(parsed, indent=2, ensure_ascii=False) if isinstance(parsed, (dict, list)) else value
    return json.dumps(value, indent=2, ensure_ascii=False)


def render_action_in_full(action: Action) -> str:
    """One call with every parameter readable (secrets masked), for the plan screen's detail view."""
    lines = [_heading(action), ""]
    for key, value in action.shown_params().items():
        text = _readable(value)
        lines += [f"{key}:", *(f"  {line}" for line in text.splitlines())] if "\n" in text else [f"{key}: {text}"]
    lines += ["", f"why: {action.reason}"]
    return "\n".join(lines)


def render_plan(plan: Plan, heading: str = "") -> str:
    lines: list[str] = [heading] if heading else []
    if plan.actions:
        lines.append("Actions, in order (nothing has been changed yet):")
        for number, action in enumerate(plan.actions, start=1):
            lines += render_action(number, action)
    if plan.blocked:
        lines.append("")
        lines.append("Blocked (the wizard will not do these; a human must decide):")
        for item in plan.blocked:
            lines.append(f"  - {item.resource}: {item.reason}")
            if item.command:
                lines.append(f"      command: {item.command}")
    if any(a.service == "actiontrail" and a.api in ("CreateTrail", "UpdateTrail") for a in plan.actions):
        lines += ["", f"Note on who may change the trail: {CANNOT_NARROW}"]
    lines.append("")
    lines.append(summary(plan))
    return "\n".join(lines) + "\n"
