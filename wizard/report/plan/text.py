"""The plan as text: every call with its parameters, what an update replaces, why, and what cannot be undone.

`render_plan` is the compact form (`plan`, plain mode, `apply`): an update's changed fields first, as
Terraform writes them (`~ ttl: 30 -> 365`), then the other parameters, each long value (a policy document,
an alert definition) cut to its start and its length; the JSON form and the plan screen's `d` show every
value whole. `render_action_in_full` is that whole form of one call.
"""

from __future__ import annotations

import json
from typing import Any

from wizard.core.policies.documents import CANNOT_NARROW
from wizard.core.plan import Action, Plan

COMPACT = 72  # a value longer than this is cut in the compact form
SHOWN = 48  # how much of a cut value is shown


def _value(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def compact(value: Any) -> str:
    """A value as the compact form shows it: a long one cut to its start and its length (the legend says where it
    is whole)."""
    text = _value(value)
    if len(text) <= COMPACT:
        return text
    return f"{text[:SHOWN]}… ({len(text)} chars)"


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
    if plan.kept:
        text += f" {len(plan.kept)} kept as {'they are' if len(plan.kept) != 1 else 'it is'} (stronger than the settings)."
    if plan.blocked:
        text += f" {len(plan.blocked)} item{'s' if len(plan.blocked) != 1 else ''} blocked (a human must decide)."
    return text


def heading(action: Action) -> str:
    flag = "  IRREVERSIBLE" if action.irreversible else "  optional (a failure is reported, not fatal)" \
        if action.optional else ""
    return f"{action.service} {action.api}  [{action.kind}] {action.resource}{flag}"


def locks_line(action: Action) -> str:
    """The irreversible step in words: what it locks and until when."""
    return f"IRREVERSIBLE: locks {action.locks}" if action.locks else "IRREVERSIBLE: cannot be undone"


def change_line(key: str, old: Any, new: Any) -> str:
    return f"{key}: {compact(old)} -> {compact(new)}"


def render_action(number: int, action: Action) -> list[str]:
    lines = [f"{number:>3}. {heading(action)}"]
    if action.irreversible:
        lines.append(f"     ! {locks_line(action)}")
    changed = [key for key, _, _ in action.changes()]
    lines += [f"     ~ {change_line(key, old, new)}" for key, old, new in action.changes()]
    lines += [f"       {key}: {compact(value)}" for key, value in action.shown_params().items() if key not in changed]
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
    if value is None:
        return "(none)"
    return json.dumps(value, indent=2, ensure_ascii=False)


def _field(key: str, text: str) -> list[str]:
    return [f"{key}:", *(f"  {line}" for line in text.splitlines())] if "\n" in text else [f"{key}: {text}"]


def render_action_in_full(action: Action) -> str:
    """One call with every parameter readable (secrets masked), what it replaces, and why: the screen's `d`."""
    lines = [heading(action), ""]
    if action.irreversible:
        lines += [locks_line(action), ""]
    changed = [key for key, _, _ in action.changes()]
    for key, old, new in action.changes():
        lines += _field(f"~ {key} (now)", _readable(old)) + _field(f"~ {key} (after)", _readable(new))
    for key, value in action.shown_params().items():
        if key not in changed:
            lines += _field(key, _readable(value))
    lines += ["", f"why: {action.reason}"]
    return "\n".join(lines)


def render_plan(plan: Plan, heading_line: str = "") -> str:
    lines: list[str] = [heading_line] if heading_line else []
    if plan.actions:
        lines.append("Actions, in order (nothing has been changed yet). ~ marks a change (now -> after), ! what cannot "
                     "be undone; a long value is cut (… N chars): the JSON form has it whole.")
        for number, action in enumerate(plan.actions, start=1):
            lines += render_action(number, action)
    if plan.kept:
        lines.append("")
        lines.append("Kept (the account is stronger than the settings here; nothing is changed):")
        lines += [f"  - {item.resource}: {item.reason}" for item in plan.kept]
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
