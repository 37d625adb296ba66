"""A small HCL writer: blocks, attributes and values as data, text out in `terraform fmt` layout.

Plain strings are always literals: `${` and `%{` are escaped, so a value can never
become a Terraform expression by accident. References are explicit (`Expr`, or a
`Template` mixing literal text with references).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from typing import Any

COMMENT_WIDTH = 100
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def label(text: str) -> str:
    """A resource label from any name: a-z, 0-9 and _ only (`at-trail-changes` -> `at_trail_changes`)."""
    return re.sub(r"[^A-Za-z0-9_]", "_", text).lower()


@dataclass(frozen=True)
class Expr:
    """A raw HCL expression, e.g. `alicloud_kms_key.actiontrail.id`."""

    text: str


@dataclass(frozen=True)
class Template:
    """A quoted string of literal parts and `Expr` parts: "acs:oss:*:${data.alicloud_account.current.id}:b"."""

    parts: tuple[str | Expr, ...]


@dataclass(frozen=True)
class Call:
    """A function call with one argument, e.g. jsonencode({...})."""

    name: str
    argument: Any


@dataclass
class Block:
    type: str
    labels: tuple[str, ...] = ()
    body: list[Any] = field(default_factory=list)  # (name, value) pairs and nested Blocks, in order
    comment: str = ""  # lines written as `# ...` above the block


def interpolate(value: Any, references: dict[str, str]) -> Any:
    """Turn placeholder tokens inside strings (nested in lists/dicts) into Templates referring to expressions."""
    if isinstance(value, dict):
        return {key: interpolate(item, references) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [interpolate(item, references) for item in value]
    if isinstance(value, str) and any(token in value for token in references):
        pattern = "(" + "|".join(re.escape(token) for token in references) + ")"
        parts = [Expr(references[p]) if p in references else p for p in re.split(pattern, value) if p]
        return parts[0] if len(parts) == 1 else Template(tuple(parts))
    return value


def _literal(text: str) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
               .replace("\t", "\\t").replace("${", "$${").replace("%{", "%%{"))
    return escaped


def _key(name: str) -> str:
    return name if _IDENTIFIER.match(name) else f'"{_literal(name)}"'


def _scalar(value: Any) -> str | None:
    """One-line text of a value that never spans lines, else None."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return f'"{_literal(value)}"'
    if isinstance(value, Expr):
        return value.text
    if isinstance(value, Template):
        return '"' + "".join(f"${{{p.text}}}" if isinstance(p, Expr) else _literal(p) for p in value.parts) + '"'
    if isinstance(value, list | tuple) and not value:
        return "[]"
    if isinstance(value, list | tuple) and all(not isinstance(v, dict | list | tuple | Call) for v in value):
        line = "[" + ", ".join(_scalar(v) for v in value) + "]"
        return line if len(line) <= 100 else None
    if isinstance(value, dict) and not value:
        return "{}"
    return None


def _value_lines(value: Any, indent: int) -> list[str]:
    """A value as lines: the first continues the current line, the rest are indented."""
    single = _scalar(value)
    if single is not None:
        return [single]
    pad = "  " * (indent + 1)
    if isinstance(value, Call):
        inner = _value_lines(value.argument, indent)
        return [f"{value.name}({inner[0]}", *inner[1:-1], inner[-1] + ")"] if len(inner) > 1 \
            else [f"{value.name}({inner[0]})"]
    if isinstance(value, list | tuple):
        lines = ["["]
        for item in value:
            item_lines = _value_lines(item, indent + 1)
            lines += [pad + item_lines[0], *item_lines[1:-1], item_lines[-1] + ","] if len(item_lines) > 1 \
                else [pad + item_lines[0] + ","]
        return [*lines, "  " * indent + "]"]
    if isinstance(value, dict):
        entries = [(_key(k), v) for k, v in value.items()]
        return ["{", *_assignments(entries, indent + 1), "  " * indent + "}"]
    raise TypeError(f"no HCL form for {type(value).__name__}")


def _assignments(entries: list[tuple[str, Any]], indent: int) -> list[str]:
    """`name = value` lines; consecutive one-line ones align their `=` as terraform fmt does."""
    pad = "  " * indent
    rendered = [(name, _value_lines(value, indent)) for name, value in entries]
    lines: list[str] = []
    run: list[tuple[str, str]] = []

    def flush() -> None:
        width = max((len(name) for name, _ in run), default=0)
        lines.extend(f"{pad}{name.ljust(width)} = {text}" for name, text in run)
        run.clear()

    for name, value_lines in rendered:
        if len(value_lines) == 1:
            run.append((name, value_lines[0]))
            continue
        flush()
        lines += [f"{pad}{name} = {value_lines[0]}", *value_lines[1:]]
    flush()
    return lines


def _block_lines(block: Block, indent: int) -> list[str]:
    pad = "  " * indent
    lines = [f"{pad}# {line}" for line in textwrap.wrap(block.comment, COMMENT_WIDTH)] if block.comment else []
    header = " ".join([block.type, *(f'"{_literal(label)}"' for label in block.labels)])
    lines.append(f"{pad}{header} {{")
    pending: list[tuple[str, Any]] = []
    for position, item in enumerate(block.body):
        after_block = position > 0 and isinstance(block.body[position - 1], Block)
        spaced = position > 0 and (isinstance(item, Block) or item[0] == "depends_on" or after_block)
        if spaced or isinstance(item, Block):
            lines += _assignments(pending, indent + 1)
            pending = []
        if spaced:
            lines.append("")
        if isinstance(item, Block):
            lines += _block_lines(item, indent + 1)
        else:
            pending.append(item)
    lines += _assignments(pending, indent + 1)
    lines.append(f"{pad}}}")
    return lines


def render(blocks: list[Block], header: str = "") -> str:
    """A whole file: an optional `#` comment header, then the blocks separated by blank lines."""
    parts = ["\n".join(f"# {line}".rstrip() for line in header.splitlines())] if header else []
    parts += ["\n".join(_block_lines(block, 0)) for block in blocks]
    return "\n\n".join(parts) + "\n"
