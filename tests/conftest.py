"""Shared fixtures. `sandbox`: a fresh sandbox per test (its starter account well run), on a free loopback port, with
its own SQLite state file; `bare_sandbox`: the same with no admin group yet."""

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


@pytest.fixture
def bare_sandbox(tmp_path):
    """A sandbox whose account has no admin group yet: onboarding runs every step of the offline plan."""
    server = SandboxServer(tmp_path / "sandbox.db", starter_state="bare").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def private_state_dirs(tmp_path, monkeypatch):
    """The wizard's state (journal) and data (saved settings) dirs inside this test's tmp_path, never the user's."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def pytest_terminal_summary(terminalreporter):
    """One line for the fault matrix (tests/proof/test_fault_matrix.py), so its size and result are on record."""
    reports = [report for kind in terminalreporter.stats.values() for report in kind
               if "test_fault_matrix.py::test_fault_case" in getattr(report, "nodeid", "")]
    cases = {report.nodeid for report in reports}
    if cases:
        converged = {r.nodeid for r in reports if r.when == "call" and r.passed}
        terminalreporter.write_line(f"fault matrix: {len(cases)} cases, {len(converged)} converged")
