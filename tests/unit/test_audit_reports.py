"""Every audit report format from one AuditReport: schemas, the same verdicts, hostile values kept as text."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from tests.support.factories import ACCOUNT, settings
from tests.support.reports import DRIFTED, DRIFTED_FAILING, GOOD, HOSTILE, report
from wizard.core.audit import evaluate
from wizard.core.audit.catalogue import RULES
from wizard.core.observed import FailedRead
from wizard.report.audit.json_format import schema
from wizard.report.audit.model import FORMATS, AuditReport, config_sections, render, utc_now_iso

SARIF_SCHEMA = json.loads((Path(__file__).parents[1] / "schemas" / "sarif-schema-2.1.0.json").read_text())
BASELINE_TOML = (Path(__file__).parents[2] / "examples" / "baseline.toml").read_text()


def test_the_drifted_fixture_fails_exactly_its_rules():
    assert {f.rule for f in report(DRIFTED).failing} == DRIFTED_FAILING
    assert report(GOOD).compliant


@pytest.mark.parametrize("observed", [GOOD, DRIFTED], ids=["compliant", "drifted"])
def test_json_has_the_issue_shape_and_validates_against_the_shipped_schema(observed):
    document = json.loads(render(report(observed), "json"))
    jsonschema.Draft202012Validator(schema()).validate(document)
    assert set(document) == {"schema_version", "account_id", "generated_at", "tool", "sandbox", "benchmark",
                             "judged_against", "verdict", "findings", "summary", "frameworks"}
    assert document["schema_version"] == 2 and document["sandbox"] is False and document["benchmark"] == "all"
    assert document["tool"] == {"name": "actiontrail-wizard", "version": document["tool"]["version"]}
    assert all(set(f) == {"rule", "title", "status", "severity", "resource", "evidence", "fix", "references",
                          "verdicts"} for f in document["findings"])
    assert all(set(f["verdicts"]) == {"best-practice", "mlps", "cis"} for f in document["findings"])
    assert [f["rule"] for f in document["findings"]] == [r.id for r in RULES]
    fails = {f["rule"] for f in document["findings"] if f["status"] == "fail"}
    assert document["summary"]["fail"] == len(fails) == (0 if observed is GOOD else 4)
    assert set(document["summary"]) == {"pass", "fail", "skip", "unknown"}
    assert document["verdict"] == ("COMPLIANT" if observed is GOOD else "NOT COMPLIANT")


def test_the_json_schema_rejects_what_the_issue_does_not_allow():
    document = json.loads(render(report(DRIFTED), "json"))
    validator = jsonschema.Draft202012Validator(schema())
    for broken in ({**document, "extra": 1}, {**document, "generated_at": "yesterday"},
                   {**document, "findings": [{**document["findings"][0], "status": "maybe"}]},
                   {**document, "schema_version": 1}, {**document, "benchmark": "pci"},
                   {k: v for k, v in document.items() if k != "summary"},
                   {k: v for k, v in document.items() if k != "sandbox"}):
        assert not validator.is_valid(broken)


@pytest.mark.parametrize("observed", [GOOD, DRIFTED], ids=["compliant", "drifted"])
def test_sarif_is_valid_sarif_2_1_0_with_a_result_per_failure(observed):
    sections = config_sections(BASELINE_TOML)
    document = json.loads(render(report(observed, config_path="examples/baseline.toml", config_sections=sections),
                                 "sarif"))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(document)
    (run,) = document["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.id for r in RULES]
    assert all(r["help"]["text"].startswith("Fix: ") and "References:" in r["help"]["markdown"] for r in rules)
    assert {r["ruleId"] for r in run["results"]} == (set() if observed is GOOD else DRIFTED_FAILING)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == "examples/baseline.toml"
        section = "access" if result["ruleId"].startswith("AT-RAM") else "trail"
        assert physical["region"]["startLine"] == sections[section]
        assert BASELINE_TOML.splitlines()[sections[section] - 1] == f"[{section}]"


def test_sarif_fingerprints_are_stable_across_runs_and_differ_per_rule():
    first = json.loads(render(report(DRIFTED), "sarif"))["runs"][0]["results"]
    again = json.loads(render(report(DRIFTED, generated_at="2027-01-01T00:00:00Z"), "sarif"))["runs"][0]["results"]
    prints = [r["partialFingerprints"]["actiontrailFinding/v1"] for r in first]
    assert prints == [r["partialFingerprints"]["actiontrailFinding/v1"] for r in again]
    assert len(set(prints)) == len(prints)
    assert "locations" not in first[0] or "physicalLocation" not in first[0]["locations"][0]  # no --config


class _Page(HTMLParser):
    """The tags, attributes and text of a page, as a browser's parser sees them."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_html_shows_hostile_evidence_as_text_and_loads_nothing():
    page = render(report(DRIFTED), "html")
    parsed = _Page(page)
    names = {tag for tag, _ in parsed.tags}
    assert names <= {tag for tag, _ in _Page(render(report(GOOD), "html")).tags}  # the values added no element
    assert not names & {"script", "img", "link", "iframe", "object", "form"}
    assert not [a for _, attrs in parsed.tags for a in attrs if a.startswith("on")]
    assert not [v for _, attrs in parsed.tags for k, v in attrs.items() if k in ("src", "href")]
    text = "".join(parsed.text)
    assert HOSTILE in text and "user:mallory<b onmouseover=alert(1)>" in text
    csp = next(attrs["content"] for tag, attrs in parsed.tags if attrs.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "script-src" not in csp
    failing_rows = {attrs["id"] for tag, attrs in parsed.tags if tag == "tr" and attrs.get("class") == "fail"}
    assert failing_rows == DRIFTED_FAILING


def test_markdown_keeps_one_row_per_rule_whatever_the_evidence_says():
    text = render(report(DRIFTED), "markdown")
    rows = [line for line in text.splitlines() if line.startswith("| `AT-")]
    assert len(rows) == len(RULES)
    cells = [re.split(r"(?<!\\)\|", row) for row in rows]
    assert {len(c) for c in cells} == {11}  # 9 columns: an escaped | never splits a cell
    delivery = next(row for row in rows if row.startswith("| `AT-DELIVERY`"))
    assert "\\<script\\>" in delivery and "\\|" in delivery and "https\\://" in delivery
    unescaped = re.compile(r"(?<!\\)[<>\[\]|*`]")
    evidence_cells = [cell for row in cells for cell in row[8:9]]
    assert not [cell for cell in evidence_cells if unescaped.search(cell)]
    assert {row.split("`")[1] for row in rows if "**FAIL**" in row} == DRIFTED_FAILING
    assert "NOT COMPLIANT: 4 rule(s) failing" in text


def test_every_report_names_account_date_and_controls():
    drifted = report(DRIFTED)
    for fmt in ("markdown", "html"):
        page = render(drifted, fmt)
        assert ACCOUNT in page and "2026-01-02T03:04:05Z" in page
        assert "MLPS 2.0" in page and "CIS Alibaba Cloud 2.0" in page and "180 days" in page
        assert "8.1.4.3 c), 8.1.5.4 d)" in page  # AT-OSS-WORM's MLPS clauses
    worm = next(line for line in render(drifted, "markdown").splitlines() if line.startswith("| `AT-OSS-WORM`"))
    assert worm.split(" | ")[5] == "–", "no CIS Alibaba Cloud 2.0 control covers WORM"


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_is_deterministic(fmt):
    assert render(report(DRIFTED), fmt) == render(report(DRIFTED), fmt)


def test_generated_at_is_utc_iso_and_follows_source_date_epoch(monkeypatch):
    monkeypatch.setenv("ACTIONTRAIL_REPORT_EPOCH", "1767323045")
    assert utc_now_iso() == "2026-01-02T03:04:05Z"
    assert AuditReport(ACCOUNT, "cn-hangzhou", ()).generated_at == "2026-01-02T03:04:05Z"
    monkeypatch.delenv("ACTIONTRAIL_REPORT_EPOCH")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", utc_now_iso())


def test_config_sections_finds_each_table_header():
    assert config_sections("region = 'x'\n\n[trail]\nname='a'\n[oss]\n[[x]]\n") == {"trail": 3, "oss": 5}


# -- per-framework verdicts, the benchmark, unknown and the sandbox, in every format ---------------------------------
def _kept_200_days():
    project = GOOD.projects[0]
    observed = replace(GOOD, projects=(replace(project, logstores=(replace(project.logstores[0], ttl_days=200),)),))
    desired = settings(sls={"ttl_days": 200})
    return lambda **extra: AuditReport(account_id=ACCOUNT, region="cn-hangzhou", generated_at="2026-01-02T03:04:05Z",
                                       findings=tuple(evaluate(desired, observed)), **extra)


def test_every_format_shows_each_rules_verdict_under_every_framework():
    made = _kept_200_days()()
    text = render(made, "text")
    assert re.search(r"FAIL\s+pass\s+pass\s+FAIL\s+AT-SLS-TTL", text) and "\n" + " " * 34 + "CIS Alibaba Cloud 2.23 asks 365" in text
    ttl = next(f for f in json.loads(render(made, "json"))["findings"] if f["rule"] == "AT-SLS-TTL")
    assert {fw: v["status"] for fw, v in ttl["verdicts"].items()} == {"best-practice": "pass", "mlps": "pass",
                                                                       "cis": "fail"}
    assert ttl["verdicts"]["cis"]["controls"] == ["CIS Alibaba Cloud 2.0 2.23: Ensure that Logstore data retention "
                                                  "period is set 365 days or greater"]
    (result,) = json.loads(render(made, "sarif"))["runs"][0]["results"]
    assert result["ruleId"] == "AT-SLS-TTL" and result["properties"]["verdicts"]["cis"] == "fail"
    row = next(line for line in render(made, "markdown").splitlines() if line.startswith("| `AT-SLS-TTL`"))
    bp, mlps, cis = row.split(" | ")[3:6]
    assert bp == "pass<br>yes" and mlps == "pass<br>8.1.5.4 d)" and cis.startswith("**FAIL**<br>2.23<br>")
    page = _Page(render(made, "html"))
    assert "CIS Alibaba Cloud 2.23 asks 365 days" in "".join(page.text)


def test_the_benchmark_chooses_the_deciding_verdicts_and_the_rules_shown():
    made = _kept_200_days()
    assert made(benchmark="mlps").compliant and made(benchmark="best-practice").compliant
    assert not made(benchmark="cis").compliant and not made().compliant, "all: the strictest verdict decides"
    cis = json.loads(render(made(benchmark="cis"), "json"))
    assert cis["benchmark"] == "cis" and cis["verdict"] == "NOT COMPLIANT"
    assert "AT-OSS-WORM" not in {f["rule"] for f in cis["findings"]}, "no CIS control: not shown under cis"
    mlps = json.loads(render(made(benchmark="mlps"), "json"))
    assert next(f for f in mlps["findings"] if f["rule"] == "AT-SLS-TTL")["status"] == "pass"
    assert "AT-RAM-ADMIN-GROUPS" not in {f["rule"] for f in mlps["findings"]}
    assert mlps["frameworks"]["cis"]["verdict"] == "NOT COMPLIANT", "every framework's verdict is still reported"
    with pytest.raises(ValueError):
        made(benchmark="pci")


def test_an_unknown_rule_is_not_proven_in_every_format():
    unread = replace(GOOD, read_errors=(FailedRead("GetBucketPolicy acme-actiontrail", "AccessDenied"),))
    made = report(unread)
    assert not made.compliant and made.verdict == "NOT PROVEN"
    (result,) = json.loads(render(made, "sarif"))["runs"][0]["results"]
    assert result["kind"] == "review" and result["level"] == "none" and result["ruleId"] == "AT-OSS-HTTPS-ONLY"
    assert "UNKNOWN" in render(made, "text") and "NOT PROVEN" in render(made, "markdown")
    assert json.loads(render(made, "json"))["summary"]["unknown"] == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_evidence_made_on_the_sandbox_says_so_in_every_format(fmt):
    page = render(report(GOOD, sandbox=True), fmt)
    assert "SANDBOX" in page
    assert "SANDBOX" not in render(report(GOOD), fmt)
    if fmt == "json":
        assert json.loads(page)["sandbox"] is True
    if fmt == "sarif":
        run = json.loads(page)["runs"][0]
        assert run["properties"]["sandbox"] is True and run["automationDetails"]["id"].startswith(
            "actiontrail-wizard/sandbox/")
