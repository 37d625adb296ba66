"""Writing reports and exports to disk: checked before any work, replaced atomically, never half-written.

A reader (a CI step uploading SARIF, an auditor's browser, `terraform plan`) sees the
old file or the new one, never a truncated one: text goes to a temporary file in the
same folder, then `os.replace` swaps it in.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from wizard.errors import WizardError


def check_output_file(path: str) -> Path:
    """A usable --out FILE: its folder exists and is writable, and it is not itself a folder."""
    target = Path(path)
    if not path or path.endswith(("/", os.sep)) or target.is_dir():
        raise WizardError(f"--out {path}: is a folder; give a file name, e.g. {Path(path) / 'audit-report.html'}")
    folder = target.parent
    if not folder.is_dir():
        raise WizardError(f"--out {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise WizardError(f"--out {path}: the folder {folder} is not writable")
    if target.exists() and not os.access(target, os.W_OK):
        raise WizardError(f"--out {path}: the file exists and is not writable")
    return target


def write_atomic(target: Path, text: str) -> None:
    """Replace `target` with `text` in one step; on failure the old file is untouched and no temp file stays."""
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise WizardError(f"cannot write {target}: {error.strerror or error}") from None
