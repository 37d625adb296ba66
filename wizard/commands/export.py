"""`export terraform`: write the settings as a Terraform configuration. Offline: reads only the settings file.

Nothing is written unless the settings are valid and DIR/actiontrail.tf is new or was
written by an earlier export (its first line says so); the file is replaced atomically.
"""

from __future__ import annotations

import sys
from pathlib import Path

from wizard.errors import WizardError


def register(commands) -> None:
    export = commands.add_parser("export", help="write the settings as configuration for another tool",
                                 description="Offline: reads only the settings file.")
    export_to = export.add_subparsers(dest="export_target", metavar="TARGET", required=True)
    terraform = export_to.add_parser("terraform", help="a Terraform configuration (alicloud provider) for the "
                                     "same end state", description="Writes DIR/actiontrail.tf. Exit 0 written, 1 "
                                     "error (nothing is written).")
    terraform.add_argument("--config", required=True, metavar="FILE", help="settings TOML (see examples/)")
    terraform.add_argument("--out", metavar="DIR", default="actiontrail-terraform",
                           help="folder to write into (default: ./actiontrail-terraform)")
    terraform.set_defaults(func=run)


def _target(directory: Path) -> Path:
    from wizard.report.terraform.document import FILE_NAME
    from wizard.report.terraform.notes import MARKER

    if directory.exists() and not directory.is_dir():
        raise WizardError(f"--out {directory}: exists and is not a folder")
    target = directory / FILE_NAME
    if target.exists():
        try:
            first_line = target.read_text("utf-8").split("\n", 1)[0]
        except (OSError, UnicodeDecodeError) as error:
            raise WizardError(f"cannot read {target}: {error}") from None
        if MARKER not in first_line:
            raise WizardError(f"{target} exists and was not written by actiontrail-wizard; nothing was written. "
                              "Move it away or choose another --out folder.")
    return target


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def run(args) -> int:
    from wizard.core.settings_file import load_settings
    from wizard.report.output import write_atomic
    from wizard.report.terraform.document import FILE_NAME, render_terraform, terraform_blocks

    settings = load_settings(args.config)
    directory = Path(args.out)
    target = _target(directory)
    text = render_terraform(settings, args.config)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise WizardError(f"--out {directory}: cannot create the folder: {error.strerror or error}") from None
    unchanged = target.exists() and target.read_text("utf-8") == text
    write_atomic(target, text)
    blocks = terraform_blocks(settings)
    resources = sum(1 for b in blocks if b.type == "resource")
    data = sum(1 for b in blocks if b.type == "data")
    others = sorted(p.name for p in directory.glob("*.tf") if p.name != FILE_NAME)
    print(f"{'unchanged' if unchanged else 'wrote'} {target}: {_count(resources, 'resource')}, "
          f"{_count(data, 'data source')} (alicloud provider >= 1.252.0)")
    if others:
        print(f"note: {directory} also holds {', '.join(others)}; Terraform reads them together with {FILE_NAME}",
              file=sys.stderr)
    print(f"next: read the notes at the top of {FILE_NAME}, then: terraform -chdir={directory} init && "
          f"terraform -chdir={directory} plan")
    return 0
