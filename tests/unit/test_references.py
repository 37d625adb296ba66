"""Every reference a rule cites is a real control whose words match what the rule checks.

The control lists are data: tests/data/cis_alibaba_cloud_2.0.json holds the CIS Alibaba Cloud
Foundations Benchmark 2.0 recommendation titles, tests/data/mlps_2.0_level3.json the MLPS 2.0
(GB/T 22239-2019) level 3 clauses. TOPICS says, in the benchmark's own words, what each rule
checks: a cited control whose title does not say it is a wrong citation (CIS 2.5 is flow logs,
not bucket encryption). The references are read from their text, as a report prints them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from wizard.core.audit.catalogue import RULES

DATA = Path(__file__).resolve().parents[1] / "data"
CIS = {c["id"]: c["title"] for c in json.loads((DATA / "cis_alibaba_cloud_2.0.json").read_text())["controls"]}
MLPS = {c["id"]: c for c in json.loads((DATA / "mlps_2.0_level3.json").read_text())["clauses"]}

# What each rule checks, as words its CIS control's title must contain (None: no CIS control covers it).
CIS_TOPICS = {
    "AT-TRAIL-EXISTS": "ActionTrail are configured to export copies of all Log entries",
    "AT-TRAIL-LOGGING": "ActionTrail are configured to export copies of all Log entries",
    "AT-TRAIL-ALL-REGIONS": "ActionTrail are configured to export copies of all Log entries",
    "AT-TRAIL-ALL-EVENTS": "ActionTrail are configured to export copies of all Log entries",
    "AT-DELIVERY": "export copies of all Log entries",
    "AT-OSS-KMS": "server-side encryption is set to Encrypt with BYOK",
    "AT-OSS-WORM": None,  # no CIS Alibaba Cloud 2.0 control covers WORM
    "AT-OSS-PRIVATE": "publicly accessible",
    "AT-OSS-HTTPS-ONLY": "Secure transfer required",
    "AT-OSS-ACCESS-LOGGING": "logging is enabled for OSS buckets",
    "AT-SLS-ENCRYPTED": None,  # CIS encrypts OSS and disks; no control covers Logstore encryption
    "AT-SLS-TTL": "Logstore data retention period is set 365 days or greater",
    "AT-KMS-ROTATION": None,  # no CIS Alibaba Cloud 2.0 control covers KMS rotation (8.2 is Security Center agents)
    "AT-KMS-DELETION-PROTECTION": None,
    "AT-RAM-ADMINS": "full *:* administrative privileges",
    "AT-RAM-ADMIN-GROUPS": "RAM policies are attached only to groups or roles",
    "AT-RAM-AUDITOR": None,
    "AT-ALERTS": "log monitoring and alerts are set up for",
}
# The MLPS clause each rule's MLPS references must come from (section words), None: MLPS asks nothing of it.
MLPS_TOPICS = {
    "AT-TRAIL-EXISTS": "Security audit", "AT-TRAIL-LOGGING": "Security audit", "AT-TRAIL-ALL-REGIONS": "Security audit",
    "AT-TRAIL-ALL-EVENTS": "Security audit", "AT-DELIVERY": "Centralized management",
    "AT-OSS-KMS": "Data confidentiality", "AT-OSS-WORM": "Security audit", "AT-OSS-PRIVATE": "Security audit",
    "AT-OSS-HTTPS-ONLY": "Data integrity", "AT-OSS-ACCESS-LOGGING": "Security audit",
    "AT-SLS-ENCRYPTED": "Data confidentiality", "AT-SLS-TTL": "Centralized management", "AT-KMS-ROTATION": None,
    "AT-KMS-DELETION-PROTECTION": None, "AT-RAM-ADMINS": "Access control", "AT-RAM-ADMIN-GROUPS": None,
    "AT-RAM-AUDITOR": "Audit management", "AT-ALERTS": "Centralized management",
}
_CIS_REF = re.compile(r"^CIS Alibaba Cloud (?:2\.0 )?(?P<id>[0-9]+\.[0-9x]+)(?:-(?P<last>[0-9]+\.[0-9]+))?(?:: (?P<title>.*))?$")
_MLPS_REF = re.compile(r"^MLPS 2\.0 .*?(?P<id>8\.1\.[0-9.]+ [a-f]\))(?:: (?P<title>.*))?$")


def _cis_ids(reference: str) -> list[str]:
    match = _CIS_REF.match(reference)
    assert match, f"not a CIS Alibaba Cloud reference: {reference!r}"
    first, last = match["id"], match["last"]
    if last is None:
        return [first]
    section, start, end = first.split(".")[0], int(first.split(".")[1]), int(last.split(".")[1])
    return [f"{section}.{n}" for n in range(start, end + 1)]


def test_the_topics_cover_every_rule():
    assert set(CIS_TOPICS) == set(MLPS_TOPICS) == {rule.id for rule in RULES}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_cis_references_are_real_controls_that_say_what_the_rule_checks(rule):
    cited = [r for r in rule.references if r.startswith("CIS")]
    topic = CIS_TOPICS[rule.id]
    if topic is None:
        assert cited == [], f"{rule.id} cites {cited}, but no CIS Alibaba Cloud 2.0 control covers what it checks"
        return
    assert cited, f"{rule.id} cites no CIS control, but {topic!r} is one"
    for reference in cited:
        match = _CIS_REF.match(reference)
        for control in _cis_ids(reference):
            assert control in CIS, f"{rule.id} cites CIS {control}, which the benchmark does not have"
            assert topic.lower() in CIS[control].lower(), \
                f"{rule.id} cites CIS {control} ({CIS[control]!r}), which does not cover {topic!r}"
        if match["title"] is not None:  # a single control's title, as the benchmark words it
            assert match["title"] == CIS[match["id"]], f"{rule.id}: {reference!r} misquotes CIS {match['id']}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_mlps_references_name_a_clause_that_covers_the_rule(rule):
    cited = [r for r in rule.references if r.startswith("MLPS")]
    section = MLPS_TOPICS[rule.id]
    if section is None:
        assert cited == [], f"{rule.id} cites {cited}"
        return
    assert cited, f"{rule.id} names no MLPS 2.0 clause"
    for reference in cited:
        match = _MLPS_REF.match(reference)
        assert match, f"{rule.id}: {reference!r} does not name an MLPS 2.0 clause (8.1.x.y a))"
        clause = MLPS.get(match["id"])
        assert clause, f"{rule.id} cites MLPS {match['id']}, which level 3 does not have"
        assert clause["section"] == section or rule.id == "AT-OSS-WORM" and clause["id"] == "8.1.5.4 d)", \
            f"{rule.id} cites MLPS {match['id']} ({clause['section']}), expected a {section} clause"
        assert match["title"] == clause["title"], f"{rule.id}: {reference!r} misquotes MLPS {match['id']}"


def test_retention_rules_cite_the_clauses_their_thresholds_come_from():
    ttl = next(r for r in RULES if r.id == "AT-SLS-TTL").references
    assert any("2.23" in r for r in ttl) and any("8.1.5.4 d)" in r for r in ttl)
    worm = next(r for r in RULES if r.id == "AT-OSS-WORM").references
    assert any("8.1.4.3 c)" in r for r in worm) and any("8.1.5.4 d)" in r for r in worm)
