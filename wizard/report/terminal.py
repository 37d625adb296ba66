"""How wide the terminal is that text goes to: reports wrap to it on a terminal, and stay whole in a file or a pipe."""

from __future__ import annotations

import shutil
import sys


def terminal_width(stream=None) -> int | None:
    """The columns text may fill on the terminal `stream` (stdout) is; None when it is not a terminal."""
    stream = stream or sys.stdout
    return shutil.get_terminal_size((100, 24)).columns - 1 if stream.isatty() else None
