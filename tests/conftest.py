"""Shared fixtures. `sandbox`: a fresh sandbox per test, on a free loopback port, with its own SQLite state file."""

from __future__ import annotations

import pytest

from wizard.sandbox.server import SandboxServer


@pytest.fixture
def sandbox(tmp_path):
    server = SandboxServer(tmp_path / "sandbox.db").start()
    try:
        yield server
    finally:
        server.stop()
