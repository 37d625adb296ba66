"""Writing files: checked before any work, replaced atomically, never half-written, never through a symbolic link.

A reader (a CI step uploading SARIF, an auditor's browser, `terraform plan`) sees the
old file or the new one, never a truncated one: text goes to a new temporary file in
the same folder, then `os.replace` swaps it in (which replaces a path, it never follows
one). Reports get the mode the operator's umask gives a new file; a file that may hold a
secret (saved settings) is the owner's alone (0600), whatever the umask.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from wizard.errors import WizardError

PRIVATE = 0o600  # files that may hold a secret
SHARED = 0o666  # reports: the umask decides, as for any file a tool creates


def refuse_symlink(path: Path, what: str = "") -> None:
    """A symbolic link where the wizard would write is refused: writing through it would change its target."""
    if path.is_symlink():
        raise WizardError(f"{what or path}: is a symbolic link (to {os.readlink(path)}); the wizard never writes "
                          "through one: remove it or give the real path")


def check_output_file(path: str) -> Path:
    """A usable --out FILE: its folder exists and is writable, and it is neither a folder nor a symbolic link."""
    target = Path(path)
    if not path or path.endswith(("/", os.sep)) or (target.is_dir() and not target.is_symlink()):
        raise WizardError(f"--out {path}: is a folder; give a file name, e.g. {Path(path) / 'audit-report.html'}")
    refuse_symlink(target, f"--out {path}")
    folder = target.parent
    if not folder.is_dir():
        raise WizardError(f"--out {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise WizardError(f"--out {path}: the folder {folder} is not writable")
    if target.exists() and not os.access(target, os.W_OK):
        raise WizardError(f"--out {path}: the file exists and is not writable")
    return target


def make_folder(folder: Path, private: bool = False) -> None:
    """Create the folder the wizard writes into (0700 when private); a symbolic link there is refused."""
    refuse_symlink(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700 if private else 0o777)
    except OSError as error:
        raise WizardError(f"cannot create the folder {folder}: {error.strerror or error}") from None
    refuse_symlink(folder)


def write_atomic(target: Path, text: str, private: bool = False) -> None:
    """Replace `target` with `text` in one step; on failure the old file is untouched and no temp file stays.

    `private`: the file may hold a secret, so it is 0600; otherwise the umask decides its mode."""
    refuse_symlink(target)
    temporary = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW,
                         PRIVATE if private else SHARED)
    except OSError as error:
        raise WizardError(f"cannot write {target}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise WizardError(f"cannot write {target}: {error.strerror or error}") from None
