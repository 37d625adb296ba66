"""The README's screenshots: chosen snapshot SVGs, copied to screenshots/ under plain names.

`make screenshots` runs `python -m tests.support.screenshots` after the snapshot tests; a test checks the
copies are current, so the README never shows a screen the code no longer draws.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOTS = ROOT / "tests/ui/__snapshots__/test_snapshots"
SCREENSHOTS = ROOT / "screenshots"

CHOSEN = {  # screenshots/<name>.svg <- the 80x24 snapshot of each main screen
    "welcome": "test_welcome[80x24].svg",
    "audit-drifted": "test_audit[80x24-drifted].svg",
    "step-destinations": "test_step_offers_what_the_account_has[80x24].svg",
    "step-validation": "test_step_with_a_validation_error[80x24-retention].svg",
    "plan": "test_plan_with_an_irreversible_action[80x24].svg",
    "plan-fixes": "test_plan_of_fixes_shows_now_and_after[80x24].svg",
    "confirm": "test_every_apply_is_confirmed_with_its_counts.svg",
    "worm-lock": "test_worm_lock_needs_the_bucket_name[80x24].svg",
    "apply-failed": "test_apply[80x24-failed].svg",
    "summary": "test_summary[80x24].svg",
}


def export() -> list[Path]:
    SCREENSHOTS.mkdir(exist_ok=True)
    written = []
    for name, snapshot in CHOSEN.items():
        target = SCREENSHOTS / f"{name}.svg"
        shutil.copyfile(SNAPSHOTS / snapshot, target)
        written.append(target)
    return written


if __name__ == "__main__":
    for path in export():
        print(path.relative_to(ROOT))
