"""The README shows screenshots/; they must be the snapshots the tests approve today (`make screenshots`)."""

from __future__ import annotations

import pytest

from tests.support.screenshots import CHOSEN, SCREENSHOTS, SNAPSHOTS


@pytest.mark.parametrize("name", sorted(CHOSEN))
def test_screenshot_is_the_approved_snapshot(name):
    shown = SCREENSHOTS / f"{name}.svg"
    assert shown.exists(), f"screenshots/{name}.svg is missing: run `make screenshots`"
    assert shown.read_bytes() == (SNAPSHOTS / CHOSEN[name]).read_bytes(), \
        f"screenshots/{name}.svg is stale: run `make screenshots`"


def test_readme_shows_every_screenshot():
    readme = (SCREENSHOTS.parent / "README.md").read_text(encoding="utf-8")
    for name in CHOSEN:
        assert f"screenshots/{name}.svg" in readme
