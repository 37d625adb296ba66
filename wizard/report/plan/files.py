"""Save a reviewed plan: JSON (machines), Markdown (a change ticket) and the settings TOML (re-run with apply)."""

from __future__ import annotations

import json
from pathlib import Path

from wizard.core.plan import Plan
from wizard.core.settings import Settings
from wizard.core.settings_file import dump_settings
from wizard.errors import WizardError
from wizard.report.output import make_folder, refuse_symlink, write_atomic
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


SAVE_DIR = Path("actiontrail-plan")  # where both front ends save plans and the applied settings, one folder per account
SETTINGS_FILE = "settings.toml"


def account_folder(directory: Path, account_id: str) -> Path:
    """Each account's plans and settings in a folder of their own, so one account's never replace another's."""
    return directory / (account_id or "offline")


def _header(account_id: str, region: str) -> str:
    return f"# actiontrail-wizard: settings for account {account_id} in {region}; the DingTalk token is never here\n"


def _owner(path: Path) -> str | None:
    """The account a saved settings file says it belongs to (its first line), None when it names none."""
    try:
        first = path.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0]
    except OSError:
        return None
    words = first.split("for account ", 1)
    return words[1].split()[0] if len(words) == 2 and words[1].split() else None


def _write_settings(settings: Settings, folder: Path, account_id: str) -> Path:
    path = folder / SETTINGS_FILE
    refuse_symlink(path)
    owner = _owner(path) if path.exists() else None
    if owner and owner != account_id:
        raise WizardError(f"{path} holds the settings of account {owner}, not {account_id}; it was not overwritten: "
                          "move it away and save again")
    write_atomic(path, _header(account_id, settings.region) + dump_settings(settings), private=True)
    return path


def unchanged(config_path: str | None, settings: Settings) -> bool:
    """The file the wizard started from holds exactly these settings (so a later command may name it)."""
    if not config_path:
        return False
    from wizard.core.settings_file import ConfigError, load_settings

    try:
        return load_settings(config_path) == settings
    except (ConfigError, OSError):
        return False


def settings_for_later(settings: Settings, config_path: str | None, directory: Path, account_id: str) -> str:
    """The file a later `audit --config` reads: the one the wizard started from when it holds exactly these
    settings, else the applied settings saved as DIRECTORY/<account>/settings.toml, the owner's alone (raises
    WizardError when it cannot be)."""
    if unchanged(config_path, settings):
        return config_path
    folder = account_folder(directory, account_id)
    make_folder(directory)
    make_folder(folder, private=True)
    return str(_write_settings(settings, folder, account_id))


def save_plan(plan: Plan, settings: Settings, directory: Path, account_id: str, apply_command: str = "") -> list[Path]:
    """plan.json and plan.md (reports: the umask decides), settings.toml (0600), in the account's folder."""
    folder = account_folder(directory, account_id)
    make_folder(directory)
    make_folder(folder, private=True)
    reports = {
        "plan.json": json.dumps(plan.to_json(), indent=2, ensure_ascii=False) + "\n",
        "plan.md": plan_markdown(plan, settings, apply_command),
    }
    paths = []
    for name, text in reports.items():
        write_atomic(folder / name, text)
        paths.append(folder / name)
    paths.append(_write_settings(settings, folder, account_id))
    return paths
