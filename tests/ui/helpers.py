"""Driving the Textual app as a user would: keys in, wait for the screen, read state back."""

from __future__ import annotations

import asyncio
import time

from wizard.flow import Connection, WizardFlow


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


def run(coroutine):
    return asyncio.run(coroutine)
