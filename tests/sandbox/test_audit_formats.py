"""`audit --format F --out FILE` on real sandbox accounts: every format agrees on what fails, exit codes gate CI."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from tests.support.cli import run
from tests.support.drift import drifted_setup
from wizard.report.audit.json_format import schema

SARIF_SCHEMA = json.loads((Path(__file__).parents[1] / "schemas" / "sarif-schema-2.1.0.json").read_text())
# the drifted setup, audited against the baseline with alerts off: the HTTPS-only Deny covers the objects but not the
# bucket; the trail has never delivered; alerts off is skipped by the best practice but fails CIS and MLPS
EXPECTED_DRIFT = {"AT-TRAIL-LOGGING", "AT-TRAIL-ALL-REGIONS", "AT-TRAIL-ALL-EVENTS", "AT-OSS-KMS", "AT-OSS-WORM",
                  "AT-OSS-PRIVATE", "AT-OSS-HTTPS-ONLY", "AT-SLS-TTL", "AT-KMS-ROTATION", "AT-RAM-AUDITOR",
                  "AT-ALERTS", "AT-DELIVERY"}
BY_BENCHMARK = {  # the same account, decided by one framework: only its rules, by its thresholds
    "best-practice": EXPECTED_DRIFT - {"AT-ALERTS"},
    "mlps": EXPECTED_DRIFT - {"AT-KMS-ROTATION"},
    "cis": EXPECTED_DRIFT - {"AT-OSS-WORM", "AT-KMS-ROTATION", "AT-RAM-AUDITOR"},
}


@pytest.fixture(autouse=True)
def _private_dirs_and_clock(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("ACTIONTRAIL_REPORT_EPOCH", "1767323045")  # 2026-01-02T03:04:05Z


class _FailingRows(HTMLParser):
    def __init__(self, text):
        super().__init__()
        self.rules: set[str] = set()
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and attrs.get("class") == "fail":
            self.rules.add(attrs["id"])


def failing_rules(fmt: str, text: str, account: str) -> set[str]:
    """The failing rule ids, read back from one format the way its consumer would read it."""
    if fmt == "text":
        return set(re.findall(r"^  FAIL\s+(?:\S+\s+){3}(AT-[A-Z-]+)", text, re.M))
    if fmt == "json":
        document = json.loads(text)
        jsonschema.Draft202012Validator(schema()).validate(document)
        assert document["account_id"] == account and document["generated_at"] == "2026-01-02T03:04:05Z"
        return {f["rule"] for f in document["findings"] if f["status"] == "fail"}
    if fmt == "sarif":
        document = json.loads(text)
        jsonschema.Draft4Validator(SARIF_SCHEMA).validate(document)
        return {r["ruleId"] for r in document["runs"][0]["results"]}
    if fmt == "markdown":
        assert f"account {account}" in text and "2026-01-02T03:04:05Z" in text
        return {row.split("`")[1] for row in text.splitlines() if row.startswith("| `AT-") and "**FAIL**" in row}
    assert f'<dd id="account">{account}</dd>' in text and "2026-01-02T03:04:05Z" in text
    return _FailingRows(text).rules


def audit_every_format(sandbox, config: str, tmp_path: Path) -> dict[str, tuple[int, set[str]]]:
    results = {}
    for fmt in ("text", "json", "sarif", "markdown", "html"):
        out = tmp_path / f"report.{fmt}"
        done = run(sandbox, "audit", "--config", config, "--format", fmt, "--out", str(out))
        assert done.out == "" and f"wrote {out} ({fmt})" in done.err, done.err
        results[fmt] = (done.code, failing_rules(fmt, out.read_text(), sandbox.account.account_id))
    return results


def test_every_format_reports_a_compliant_account_with_exit_0(sandbox, tmp_path):
    applied = run(sandbox, "apply", "--config", "examples/baseline.toml", "--yes")
    assert applied.code == 0, applied.out + applied.err
    results = audit_every_format(sandbox, "examples/baseline.toml", tmp_path)
    assert results == {fmt: (0, set()) for fmt in results}
    assert "COMPLIANT: every applicable rule passes" in (tmp_path / "report.markdown").read_text()
    assert 'class="verdict pass"' in (tmp_path / "report.html").read_text()
    assert not list(tmp_path.glob(".*.tmp"))  # written through a temporary file that was renamed into place


def test_every_format_reports_the_same_failures_of_a_drifted_account_with_exit_2(sandbox, tmp_path):
    config = tmp_path / "baseline.toml"
    config.write_text(Path("examples/baseline.toml").read_text().replace("enabled = true", "enabled = false"))
    drifted_setup(sandbox, sandbox.account.account_id)
    results = audit_every_format(sandbox, str(config), tmp_path)
    assert results == {fmt: (2, EXPECTED_DRIFT) for fmt in results}
    sarif = json.loads((tmp_path / "report.sarif").read_text())
    location = sarif["runs"][0]["results"][0]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == config.as_uri()
    assert location["logicalLocations"][0]["fullyQualifiedName"].startswith("actiontrail://cn-hangzhou/")


@pytest.mark.parametrize("benchmark", BY_BENCHMARK)
def test_the_benchmark_decides_which_rules_fail_in_json_and_sarif(sandbox, tmp_path, benchmark):
    config = tmp_path / "baseline.toml"
    config.write_text(Path("examples/baseline.toml").read_text().replace("enabled = true", "enabled = false"))
    drifted_setup(sandbox, sandbox.account.account_id)
    for fmt in ("json", "sarif"):
        done = run(sandbox, "audit", "--config", str(config), "--format", fmt, "--benchmark", benchmark)
        assert done.code == 2
        assert failing_rules(fmt, done.out, sandbox.account.account_id) == BY_BENCHMARK[benchmark], fmt


def test_report_goes_to_stdout_without_out(sandbox):
    done = run(sandbox, "audit", "--format", "json")
    assert done.code == 2  # an empty account: no trail
    assert json.loads(done.out)["summary"]["fail"] >= 1


@pytest.mark.parametrize("bad, message", [
    ("missing-folder/report.html", "does not exist"),
    (".", "is a folder"),
])
def test_a_bad_out_path_is_a_clear_error_before_anything_is_read(sandbox, tmp_path, monkeypatch, bad, message):
    monkeypatch.chdir(tmp_path)
    done = run(sandbox, "audit", "--format", "html", "--out", bad)
    assert done.code == 1 and message in done.err and "Traceback" not in done.err
    assert sandbox.requests() == []  # checked before the account is read
    assert not list(tmp_path.rglob("*.html"))
