"""The commands the wizard prints for later ("check again", "resume"), with the connection this run used.

A command that leaves out `--sandbox` fails with "no credentials" when pasted: so every command the
sequence prints is built here, from the run's Connection, and names the settings file that holds
exactly the settings applied (report/plan/files.settings_for_later: the one the wizard started from only when
it is unchanged).
"""

from __future__ import annotations

import shlex

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
