"""The command palette's wizard actions: whatever the current screen offers now, named as its keys are.

Derived from each screen's bindings and its check_action, so the palette lists exactly what the footer
offers (Apply, Save plan, Details, Fix this setup, Next, Retry...), never an action that does not apply.
"""

from __future__ import annotations

from typing import Iterable

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen


def _keys(screen: Screen, action: str) -> str:
    keys = [b.key_display or screen.app.get_key_display(b) for b in screen.BINDINGS
            if isinstance(b, Binding) and b.action == action]
    return " or ".join(keys)


def screen_commands(screen: Screen) -> Iterable[SystemCommand]:
    seen: set[str] = set()
    for binding in screen.BINDINGS:
        if not isinstance(binding, Binding) or not binding.description or binding.action in seen:
            continue
        name = binding.action.partition("(")[0]
        parameters = tuple(p.strip("'\" ") for p in binding.action.partition("(")[2].rstrip(")").split(",") if p)
        if not hasattr(screen, f"action_{name}") or not screen.check_action(name, parameters):
            continue
        seen.add(binding.action)
        action = binding.action
        yield SystemCommand(binding.description, f"{type(screen).__name__.removesuffix('Screen')} screen "
                            f"({_keys(screen, action)})", lambda action=action: screen.run_action(action))
