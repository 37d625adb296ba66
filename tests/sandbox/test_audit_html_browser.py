"""The HTML evidence report as an auditor sees it: Debian's Chromium, headless, renders and screenshots it.

Chromium is part of the test environment: `make test` (and so CI's .ci/run) installs Debian's
package when it is missing and it runs as root. A missing browser FAILS this test; it only
skips when ACTIONTRAIL_ALLOW_NO_CHROMIUM=1 says so on purpose (a developer machine without
root). ACTIONTRAIL_UPDATE_SCREENSHOTS=1 copies the screenshot to screenshots/audit-report.png.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from tests.support.cli import run
from tests.support.drift import drifted_setup
from wizard.sandbox.server import SandboxServer

ROOT = Path(__file__).resolve().parents[2]
WIDTH, HEIGHT = 1200, 2000
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
         "--force-device-scale-factor=1", "--mute-audio"]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("ACTIONTRAIL_ALLOW_NO_CHROMIUM") == "1":
        pytest.skip("chromium is not installed and ACTIONTRAIL_ALLOW_NO_CHROMIUM=1: the HTML report was not "
                    "rendered in a browser")
    pytest.fail("chromium is not installed: run `make test` as root (it runs apt-get install chromium), install "
                "Debian's chromium package, or set ACTIONTRAIL_ALLOW_NO_CHROMIUM=1 to skip this test on purpose")


def browse(page: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"chromium-profile-{len(list(tmp_path.glob('chromium-profile-*')))}"
    return subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", "not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.fixture
def drifted_report(tmp_path, monkeypatch):
    """The HTML report of a drifted account in a deterministic sandbox (fixed account id and date)."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("ACTIONTRAIL_REPORT_EPOCH", "1767323045")
    sandbox = SandboxServer(tmp_path / "sandbox.db", deterministic=True).start()
    try:
        drifted_setup(sandbox, sandbox.account.account_id)
        config = tmp_path / "baseline.toml"
        config.write_text((ROOT / "examples/baseline.toml").read_text())
        page = tmp_path / "audit-report.html"
        monkeypatch.chdir(tmp_path)  # the report names the settings as the user typed them
        done = run(sandbox, "audit", "--config", "baseline.toml", "--format", "html", "--out", str(page))
        assert done.code == 2, done.err
        yield page
    finally:
        sandbox.stop()


def test_chromium_renders_the_drifted_account_report(drifted_report, tmp_path):
    shot = tmp_path / "audit-report.png"
    done = browse(drifted_report, tmp_path, f"--window-size={WIDTH},{HEIGHT}", f"--screenshot={shot}")
    assert shot.exists(), done.stderr[-2000:]
    assert png_size(shot) == (WIDTH, HEIGHT)
    assert shot.stat().st_size > 60_000, "the screenshot is nearly empty: the page did not render"
    dom = browse(drifted_report, tmp_path, "--dump-dom").stdout
    failing = {"AT-TRAIL-LOGGING", "AT-TRAIL-ALL-REGIONS", "AT-TRAIL-ALL-EVENTS", "AT-OSS-KMS", "AT-OSS-WORM",
               "AT-OSS-PRIVATE", "AT-OSS-HTTPS-ONLY", "AT-SLS-TTL", "AT-KMS-ROTATION", "AT-RAM-AUDITOR", "AT-ALERTS",
               "AT-DELIVERY"}
    for rule in failing:
        assert f'<tr class="fail" id="{rule}">' in dom, rule
    assert dom.count('<tr class="fail"') == len(failing)
    assert "Not compliant: 12 rules failing" in dom and "2026-01-02T03:04:05Z" in dom
    assert "SANDBOX" in dom and 'id="sandbox"' in dom  # evidence made on the sandbox says so
    if os.environ.get("ACTIONTRAIL_UPDATE_SCREENSHOTS") == "1":
        (ROOT / "screenshots").mkdir(exist_ok=True)
        shutil.copyfile(shot, ROOT / "screenshots" / "audit-report.png")


def test_chromium_shows_hostile_evidence_as_text(tmp_path):
    from tests.support.reports import DRIFTED, report
    from wizard.report.audit.model import render

    page = tmp_path / "hostile.html"
    page.write_text(render(report(DRIFTED), "html"), encoding="utf-8")
    dom = browse(page, tmp_path, "--dump-dom").stdout
    assert "<script" not in dom and "<b onmouseover" not in dom  # no element came from the values
    assert '&lt;script&gt;alert("x")&lt;/script&gt;' in dom and "user:mallory&lt;b onmouseover=alert(1)&gt;" in dom
    assert dom.count('<tr class="fail"') == 4
