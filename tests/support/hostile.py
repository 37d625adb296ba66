"""A corpus of nasty values and files, shared by the hostile-input proofs (settings, loader, CLI, both front ends)."""

from __future__ import annotations

import datetime
import typing
from dataclasses import fields
from pathlib import Path

from wizard.core.settings import Settings

TEXT = [
    "", " ", "\x00", "a\x00b", "\x1b[31mred\x1b[0m", "line\nbreak", "tab\there", "\x7f", "é" * 10, "桶桶桶",
    "🙂🙂🙂", "\u202eevil", "x" * 10_000, "/", "a/b", "..", "../etc/passwd", "..\\..\\windows\\system32",
    "/etc/passwd",
    "$(rm -rf /)", "`id`", "; rm -rf ~", "| cat /etc/passwd", "a && b", "'\"", "<script>alert(1)</script>",
    "%s%n%x", "${jndi:ldap://x}", "[b]markup[/b]", "[/]", "-1", "NaN", "1e309", "user:alice; rm -rf /",
]
NUMBERS = [-1, 0, -(2 ** 63), 2 ** 63, 10 ** 100, 1.5, float("nan"), float("inf"), float("-inf"), True, False]
SHAPES = [[], [""], ["x" * 10_000], {}, {"a": 1}, [[[[["deep"]]]]], datetime.datetime(1979, 5, 27, 7, 32),
          datetime.date(2024, 1, 1)]
VALUES = TEXT + NUMBERS + SHAPES

# What a person can type into a text box or a prompt (no structure, one line as pasted).
TYPED = ["\x00", "a\x00b", "\x1b[31mred", "\x7f", "桶桶桶", "🙂", "\u202eevil", "x" * 10_000, "../etc/passwd",
         "$(rm -rf /)", "; rm -rf ~", "[b]markup[/b]", "-1", "99999999999999999999999", "NaN", "1e309"]


def settings_fields() -> list[str]:
    """Every settings field as a dotted name, from the dataclasses themselves ("region", "trail.name", ...)."""
    names = []
    for field in fields(Settings):
        section = typing.get_type_hints(Settings)[field.name]
        classes = [c for c in typing.get_args(section) or (section,) if c is not type(None)]
        if hasattr(classes[0], "__dataclass_fields__"):
            names += [f"{field.name}.{inner.name}" for inner in fields(classes[0])]
        else:
            names.append(field.name)
    return names


def hostile_files(folder: Path) -> dict[str, Path]:
    """Files a settings path may point at by mistake or malice."""
    files = {
        "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe",
        "empty": b"",
        "huge": b'region = "cn-hangzhou"\n' + b"# padding\n" * 200_000,
        "latin-1": 'region = "café"\n'.encode("latin-1"),
        "utf-16": 'region = "cn-hangzhou"\n'.encode("utf-16"),
        "nul": b'region = "cn\x00hangzhou"\n',
        "deep arrays": b"region = " + b"[" * 50_000 + b"]" * 50_000,
        "deep tables": b"trail = " + b"{a = " * 5_000 + b"1" + b"}" * 5_000,
        "10 kB name": ('[trail]\nname = "' + "a" * 10_000 + '"\n[oss]\nbucket = "acme-actiontrail"\n').encode(),
        "wrong types": b'region = 7\n[trail]\nname = ["x"]\n[oss]\nbucket = {a = 1}\nretention_days = "365"\n',
        "nan days": b'[oss]\nbucket = "acme-actiontrail"\nretention_days = nan\n',
        "negative days": b'[oss]\nbucket = "acme-actiontrail"\nretention_days = -365\n',
        "shell in bucket": b'[oss]\nbucket = "$(rm -rf /)"\n',
        "path in prefix": b'[oss]\nbucket = "acme-actiontrail"\nprefix = "../../etc"\n',
    }
    paths = {}
    for name, content in files.items():
        path = folder / (name.replace(" ", "-") + ".toml")
        path.write_bytes(content)
        paths[name] = path
    directory = folder / "a-directory.toml"
    directory.mkdir()
    paths["a directory"] = directory
    paths["missing"] = folder / "missing.toml"
    if Path("/dev/zero").exists():
        paths["endless"] = Path("/dev/zero")
    return paths
