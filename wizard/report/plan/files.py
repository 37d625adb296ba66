"""Save a reviewed plan: JSON (machines), Markdown (a change ticket) and the settings TOML (re-run with apply)."""

from __future__ import annotations

import json
from pathlib import Path

from wizard.core.plan import Plan
from wizard.core.settings import Settings
from wizard.core.settings_file import dump_settings
from wizard.report.plan.text import summary


def plan_markdown(plan: Plan, settings: Settings) -> str:
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
    if plan.locks:
        lines += ["## Irreversible", ""] + [f"- {lock.words()}" for lock in plan.locks] + [""]
    if plan.kept:
        lines += ["## Kept (the account is stronger than the settings)", ""]
        lines += [f"- `{k.resource}`: {k.reason}" for k in plan.kept] + [""]
    if plan.blocked:
        lines += ["## Blocked (needs a human)", ""]
        lines += [f"- `{b.resource}`: {b.reason}" + (f" (`{b.command}`)" if b.command else "") for b in plan.blocked]
    lines += ["", f"Apply it with: `actiontrail-wizard apply --config settings.toml`", ""]
    return "\n".join(lines)


SAVE_DIR = Path("actiontrail-plan")  # where both front ends save a plan and the applied settings


def settings_for_later(settings: Settings, config_path: str | None, directory: Path) -> str:
    """The file a later `audit --config` reads: the one the wizard started from, else the applied settings,
    saved as DIRECTORY/settings.toml (raises OSError when that cannot be written)."""
    if config_path:
        return config_path
    path = directory / "settings.toml"
    directory.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_settings(settings), encoding="utf-8")
    return str(path)


def save_plan(plan: Plan, settings: Settings, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    files = {
        "plan.json": json.dumps(plan.to_json(), indent=2, ensure_ascii=False) + "\n",
        "plan.md": plan_markdown(plan, settings),
        "settings.toml": dump_settings(settings),
    }
    paths = []
    for name, text in files.items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
