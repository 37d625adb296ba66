"""The commands the wizard prints for later ("check again", "resume"), with the connection this run used.

A command that leaves out `--sandbox` fails with "no credentials" when pasted: so every command the
sequence prints is built here, from the run's Connection, and names the settings file that holds
exactly the settings applied (the one the wizard started from only when it is unchanged).
"""

from __future__ import annotations

import shlex
from pathlib import Path

from wizard.core.settings import Settings
from wizard.flow.connection import Connection

PROGRAM = "actiontrail-wizard"


def connection_flags(connection: Connection, settings_region: str) -> list[str]:
    """The options that reach the same cloud again (a --region only when it differs from the settings')."""
    flags: list[str] = []
    if connection.sandbox:
        flags.append("--sandbox")
    if connection.sandbox_url:
        flags += ["--sandbox-url", connection.sandbox_url]
    if connection.profile:
        flags += ["--profile", connection.profile]
    if connection.region and connection.region != settings_region:
        flags += ["--region", connection.region]
    return flags


def command(verb: str, config: str, connection: Connection, settings: Settings) -> str:
    """`actiontrail-wizard VERB --config FILE <connection flags>`, quoted for a POSIX shell."""
    words = [PROGRAM, verb, "--config", config, *connection_flags(connection, settings.region)]
    return " ".join(shlex.quote(word) for word in words)


def unchanged(config_path: str | None, settings: Settings) -> bool:
    """The file the wizard started from holds exactly these settings (so a later command may name it)."""
    if not config_path:
        return False
    from wizard.core.settings_file import ConfigError, load_settings

    try:
        return load_settings(config_path) == settings
    except ConfigError:
        return False


def settings_for_later(settings: Settings, config_path: str | None, directory: Path) -> str:
    """The file a later command reads: the one the wizard started from if unchanged, else the settings saved as
    DIRECTORY/settings.toml (raises OSError when that cannot be written)."""
    if unchanged(config_path, settings):
        return config_path
    from wizard.core.settings_file import dump_settings

    path = directory / "settings.toml"
    directory.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_settings(settings), encoding="utf-8")
    return str(path)
