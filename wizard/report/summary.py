"""The summary after apply, as text (plain mode and `apply`): what was verified, the backfill, where to look."""

from __future__ import annotations

from wizard.core.history import describe
from wizard.core.settings import Settings
from wizard.report.audit.text import render_text
from wizard.report.where import where_events_land


def render_summary(verification, settings: Settings, later: str) -> str:
    """`verification` is a wizard.flow.verify.Verification: read back from the account, not as planned."""
    lines = [render_text(list(verification.findings), verification.observed.account_id, settings.region)]
    if verification.backfill is not None:
        lines.append(describe(verification.backfill))
    lines.append("Where the events land:\n" + "\n".join(f"  • {line}" for line in where_events_land(settings)))
    lines.append(f"Check again later: actiontrail-wizard audit --config {later}")
    return "\n".join(lines) + "\n"
