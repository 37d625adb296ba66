"""Save a reviewed plan: JSON (machines), Markdown (a change ticket) and the settings TOML (re-run with apply)."""

from __future__ import annotations

import json
from pathlib import Path

from wizard.core.plan import Plan
from wizard.core.settings import Settings
from wizard.core.settings_file import dump_settings
from wizard.report.plan.text import summary


def plan_markdown(plan: Plan, settings: Settings, apply_command: str = "") -> str:
    """A change ticket; `apply_command` applies it later (with the connection flags of the run that saved it)."""
    lines = [f"# ActionTrail plan for trail `{settings.trail.name}` in {settings.region}", "", summary(plan), ""]
    if plan.actions:
        lines += ["| # | service | API | resource | irreversible | why |", "|---|---|---|---|---|---|"]
        for number, a in enumerate(plan.actions, start=1):
            lines.append(f"| {number} | {a.service} | `{a.api}` | `{a.resource}` | {'**yes**' if a.irreversible else ''}"
                         f" | {a.reason} |")
        lines += ["", "## Parameters", ""]
        for number, a in enumerate(plan.actions, start=1):
            lines += [f"{number}. `{a.api}`", "", "```json", json.dumps(a.shown_params(), indent=2, ensure_ascii=False),
                      "```", ""]
    if plan.blocked:
        lines += ["## Blocked (needs a human)", ""]
        lines += [f"- `{b.resource}`: {b.reason}" + (f" (`{b.command}`)" if b.command else "") for b in plan.blocked]
    lines += ["", f"Apply it with: `{apply_command or 'actiontrail-wizard apply --config settings.toml'}`", ""]
    return "\n".join(lines)


SAVE_DIR = Path("actiontrail-plan")  # where both front ends save a plan and the applied settings


def save_plan(plan: Plan, settings: Settings, directory: Path, apply_command: str = "") -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    files = {
        "plan.json": json.dumps(plan.to_json(), indent=2, ensure_ascii=False) + "\n",
        "plan.md": plan_markdown(plan, settings, apply_command),
        "settings.toml": dump_settings(settings),
    }
    paths = []
    for name, text in files.items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
