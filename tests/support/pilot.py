"""Driving the Textual app as a user would: keys in, wait for the screen, read state back."""

from __future__ import annotations

import asyncio
import time

from wizard.flow.connection import Connection
from wizard.flow.session import WizardFlow


def sandbox_flow(sandbox) -> WizardFlow:
    return WizardFlow(Connection(sandbox_url=sandbox.url, region="cn-hangzhou"))


async def wait_for(pilot, predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting; screen is {type(pilot.app.screen).__name__}")
        await pilot.pause(0.05)


async def wait_screen(pilot, screen_type, timeout: float = 30.0):
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, screen_type), timeout)
    await pilot.pause()
    return pilot.app.screen


async def welcomed(pilot):
    """The welcome screen, once it has said who the caller is."""
    from wizard.ui.screens.welcome import WelcomeScreen

    welcome = await wait_screen(pilot, WelcomeScreen)
    await wait_for(pilot, lambda: welcome.identity is not None)
    return welcome


async def audited(pilot):
    """Enter on the welcome screen, then the audit screen once discovery has read the account."""
    from wizard.ui.screens.audit import AuditScreen

    await pilot.press("enter")
    audit = await wait_screen(pilot, AuditScreen)
    await wait_for(pilot, lambda: audit.observed is not None)
    return audit


async def walk_steps(pilot, typed: dict[str, str], seen: dict[str, str] | None = None) -> None:
    """Next through the seven steps; where a field is named, go to it (as Tab does: it scrolls into view at any
    terminal size), clear it and type, as a person would. `seen` gets each text field's value as the step
    showed it before anything was typed."""
    from textual.widgets import Input

    from wizard.ui.screens.step import StepScreen

    for number in range(1, 8):
        screen = await wait_screen(pilot, StepScreen)
        await wait_for(pilot, lambda: pilot.app.screen.number == number)
        if seen is not None:
            for field in screen.query("QuestionField"):
                box = field.query("#value")
                if box and isinstance(box.first(), Input):
                    seen.setdefault(field.question.key, box.first().value)
        for key, text in typed.items():
            selector = f"#field-{key.replace('.', '-')} #value"
            if screen.query(selector):
                screen.query_one(selector).focus()
                await pilot.pause()
                await pilot.press("home", "ctrl+k", *text)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert pilot.app.screen is not screen or not screen.problems(), "a step with a problem does not advance"


async def applied(pilot):
    """Apply the plan on screen (a, then y at the confirmation naming the counts), wait for it, go on to the
    summary and wait until it has verified."""
    from wizard.ui.screens.apply import ApplyScreen
    from wizard.ui.screens.confirm import ConfirmApplyScreen
    from wizard.ui.screens.summary import SummaryScreen

    await pilot.press("a")
    await wait_screen(pilot, ConfirmApplyScreen)
    await pilot.press("y")
    apply = await wait_screen(pilot, ApplyScreen)
    await wait_for(pilot, lambda: apply.finished is not None, timeout=60)
    await pilot.press("enter")
    summary = await wait_screen(pilot, SummaryScreen)
    await wait_for(pilot, lambda: not summary.query_one("#verifying").display, timeout=30)
    return summary


def run(coroutine):
    return asyncio.run(coroutine)
