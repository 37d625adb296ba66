"""The summary after apply: what verification read back, never what was planned; shared words for every front end.

`verdict` and `where_events_land` are what the Textual summary and the text summary (plain mode, `apply`)
both say; on the sandbox they say so, so a fake account is never taken for a compliant real one.
"""

from __future__ import annotations

from wizard.core.findings import UNKNOWN, failing
from wizard.core.history import describe
from wizard.core.settings import Settings
from wizard.report.audit.text import render_text
from wizard.report.delivery import summary_line
from wizard.report.where import where_events_land

SANDBOX_NOTICE = "SANDBOX: this was verified on the local sandbox cloud, not on an Alibaba Cloud account."


def verdict(verification) -> str:
    """`verification` is a wizard.flow.verify.Verification."""
    count = len(failing(verification.findings))
    unknown = sum(f.status == UNKNOWN for f in verification.findings)
    if count:
        return (f"{count} rule(s) still fail, as read back from the account: each is listed with its evidence and "
                "its fix.")
    if unknown:
        return f"{unknown} rule(s) not proven, as read back from the account: a read failed (see each one's evidence)."
    return "Verified: every rule passes, as read back from the account."


def render_summary(verification, settings: Settings, check: str, sandbox: bool = False,
                   width: int | None = None) -> str:
    """`width`: the terminal's (report/terminal.py), to which the audit's details wrap; None for a file or a pipe."""
    lines = [SANDBOX_NOTICE] if sandbox else []
    lines.append(render_text(list(verification.findings), verification.observed.account_id, settings.region,
                             width=width))
    lines.append(verdict(verification))
    if verification.backfill is not None:
        lines.append(describe(verification.backfill))
    lines += delivery_lines(verification)
    lines.append("Where the events land (as read back):\n"
                 + "\n".join(f"  • {line}" for line in where_events_land(settings, verification.observed)))
    lines.append(f"Check again later: {check}")
    return "\n".join(lines) + "\n"


def delivery_lines(verification) -> list[str]:
    """What the proof of delivery made after apply found (or the command that makes it later)."""
    said = summary_line(verification.delivery, verification.prove_later)
    return [said] if said else []
