"""The fidelity ledger (wizard/sandbox/FIDELITY.md) has one row for every API the sandbox serves, in its service's
section, each naming a reference page: a reviewer can check the sandbox without reading its code."""

from __future__ import annotations

import re
from pathlib import Path

LEDGER = Path(__file__).resolve().parents[2] / "wizard" / "sandbox" / "FIDELITY.md"
SECTIONS = {"STS": "sts", "ActionTrail": "actiontrail", "KMS": "kms", "RAM": "ram", "Resource Manager": "resourcemanager",
            "OSS": "oss", "Log Service": "sls"}


def _served() -> dict[str, set[str]]:
    from wizard.sandbox.services import oss, sls
    from wizard.sandbox.services.actiontrail import events, history, trails
    from wizard.sandbox.services.kms.handlers import ACTIONS as kms
    from wizard.sandbox.services.ram.handlers import ACTIONS as ram
    from wizard.sandbox.services.resourcemanager.handlers import ACTIONS as resourcemanager
    from wizard.sandbox.services.sts.handlers import ACTIONS as sts

    return {"sts": set(sts), "actiontrail": set(trails.ACTIONS) | set(history.ACTIONS) | set(events.ACTIONS), "kms": set(kms),
            "ram": set(ram), "resourcemanager": set(resourcemanager), "oss": set(oss._HANDLERS),
            "sls": {route[4] for route in sls._ROUTES}}


def _rows() -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    service = None
    for line in LEDGER.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## (.+)$", line)
        if heading:
            service = next((s for title, s in SECTIONS.items() if heading.group(1).startswith(title)), None)
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if service and line.startswith("| ") and len(cells) == 4 and cells[0] not in ("API", "---"):
            rows.setdefault(service, {})[cells[0]] = cells[2]
    return rows


def test_every_served_api_has_exactly_its_row_with_a_reference_page():
    served, rows = _served(), _rows()
    for service, apis in served.items():
        documented = rows.get(service, {})
        assert apis - set(documented) == set(), f"{service}: served without a ledger row"
        assert set(documented) - apis == set(), f"{service}: a ledger row for an API not served"
        assert all(re.match(r"^\[[^\]]+\]\(https://www\.alibabacloud\.com/help/", page) for page in documented.values())
