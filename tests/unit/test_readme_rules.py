"""The README's rule table says what the catalogue cites, framework by framework, and its CIS coverage table leaves
no logging-related control of CIS Alibaba Cloud 2.0 unaccounted for (checked, or left to other tools)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from wizard.core.audit.catalogue import RULES
from wizard.core.frameworks import Framework

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()
CIS = [c["id"] for c in json.loads((ROOT / "tests/data/cis_alibaba_cloud_2.0.json").read_text())["controls"]]


def _section(title: str) -> str:
    start = README.index(f"## {title}")
    end = README.find("\n## ", start + 1)
    return README[start:end if end > 0 else None]


def _rows(text: str) -> dict[str, list[str]]:
    return {cells[0]: cells[1:] for cells in (
        [c.strip() for c in line.strip().strip("|").split("|")] for line in text.splitlines()
        if line.startswith("| ") and not line.startswith("| id ") and not line.startswith("| control "))}


def _expected(rule, framework: Framework) -> str:
    numbers = [c.id for c in rule.controls_in(framework)]
    if framework is Framework.BEST_PRACTICE:
        return "yes" if numbers and rule.controls_in(framework)[0].title.startswith("Alibaba Cloud ActionTrail") \
            else "RAM best practice"
    if len(numbers) > 3:
        return f"{numbers[0]}-{numbers[-1]}"
    return ", ".join(numbers) or "–"


def test_the_rule_table_shows_each_rules_controls_per_framework():
    rows = _rows(_section("Rules and the controls they check").split("**What the wizard checks")[0])
    assert list(rows) == [rule.id for rule in RULES], "one row per rule, in catalogue order"
    for rule in RULES:
        _checks, *frameworks = rows[rule.id]
        assert frameworks == [_expected(rule, fw) for fw in Framework], rule.id


def test_every_logging_related_cis_control_is_checked_or_left_to_other_tools():
    coverage = _section("Rules and the controls they check").split("**What the wizard checks")[1]
    listed = set()
    for control in _rows(coverage):
        first, _, last = control.partition("-")
        section, start = first.split(".")
        end = last.split(".")[1] if last else start
        listed |= {f"{section}.{n}" for n in range(int(start), int(end) + 1)}
    wanted = {c for c in CIS if c.startswith(("2.", "5."))} | {"1.15", "1.16"}
    assert wanted <= listed, sorted(wanted - listed)
    cited = {c.id for rule in RULES for c in rule.controls_in(Framework.CIS)}
    for control, (_title, verdict) in _rows(coverage).items():
        first = control.partition("-")[0]
        if first in cited:
            assert verdict.startswith("checked"), control
        else:
            assert re.match(r"(left to other tools|not checked)", verdict), control
