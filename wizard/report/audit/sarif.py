"""The audit as SARIF 2.1.0, for code-scanning dashboards: one run, every rule described, a result per problem.

A rule failing under the benchmark is a result of kind "fail"; one that could not be
judged (unknown: a failed read, no approved settings) is a result of kind "review".
Each result carries the rule's verdict under every framework; the run says which
benchmark decided and, as `sandbox`, whether the account was the local sandbox.
Results point at the settings file's section that governs the rule (when the audit had
`--config`), so a dashboard can anchor them, and name the cloud resource as a logical
location. A fingerprint of rule, account and resource lets a dashboard track one
problem across runs and close it once it passes.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import quote

from wizard.core.audit.catalogue import RULES, Rule
from wizard.core.findings import FAIL, Finding
from wizard.core.frameworks import TITLES, Framework
from wizard.report.audit.model import SANDBOX_NOTICE, TOOL_NAME, AuditReport

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"high": "error", "medium": "warning", "low": "note"}
SECURITY_SEVERITY = {"high": "8.0", "medium": "5.0", "low": "3.0"}
_SECTION = {"AT-TRAIL": "trail", "AT-DELIVERY": "trail", "AT-OSS": "oss", "AT-SLS": "sls", "AT-RAM": "access",
            "AT-ALERTS": "alerts"}


def _rule_descriptor(rule: Rule) -> dict:
    references = "\n".join(f"- {reference}" for reference in rule.references)
    frameworks = [TITLES[fw] for fw in Framework if rule.controls_in(fw)]
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": f"{rule.title}. Maps to: {'; '.join(rule.references)}."},
        "help": {
            "text": f"Fix: {rule.fix}\nReferences:\n{references}",
            "markdown": f"**Fix:** {rule.fix}\n\n**References:**\n\n{references}",
        },
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {
            "tags": ["security", "compliance", "actiontrail", *frameworks],
            "precision": "very-high",
            "security-severity": SECURITY_SEVERITY[rule.severity],
            "controls": {fw.value: [c.text for c in rule.controls_in(fw)] for fw in Framework},
        },
    }


def _section_for(rule_id: str, report: AuditReport) -> str:
    if rule_id.startswith("AT-KMS"):
        return "oss" if "oss" in report.config_sections else "sls"
    return next((section for prefix, section in _SECTION.items() if rule_id.startswith(prefix)), "")


def _artifact_uri(path: str) -> str:
    """Relative paths stay relative (a dashboard resolves them against the checkout); absolute ones become file:."""
    if Path(path).is_absolute():
        return Path(path).as_uri()
    return quote(Path(path).as_posix())


def _locations(finding: Finding, report: AuditReport) -> list[dict]:
    location: dict = {}
    if report.config_path:
        line = report.config_sections.get(_section_for(finding.rule, report), 1)
        location["physicalLocation"] = {"artifactLocation": {"uri": _artifact_uri(report.config_path)},
                                        "region": {"startLine": line}}
    if finding.resource:
        location["logicalLocations"] = [{"fullyQualifiedName": finding.resource, "kind": "resource"}]
    return [location] if location else []


def _fingerprint(finding: Finding, report: AuditReport) -> str:
    return hashlib.sha256(f"{finding.rule}|{report.account_id}|{finding.resource}".encode()).hexdigest()[:32]


def document(report: AuditReport) -> dict:
    index = {rule.id: number for number, rule in enumerate(RULES)}
    results = []
    sandbox = "[SANDBOX] " if report.sandbox else ""
    for finding in report.failing + report.unknown:
        failed = report.status(finding) == FAIL
        text = f"{sandbox}{finding.title}: {finding.evidence}." + (f" Fix: {finding.fix}" if failed else
                                                                    " Not proven: the rule could not be judged.")
        result = {
            "ruleId": finding.rule,
            "ruleIndex": index[finding.rule],
            "kind": "fail" if failed else "review",
            "level": LEVEL[finding.severity] if failed else "none",  # SARIF 3.27.9: only kind fail has a level
            "message": {"text": text},
            "partialFingerprints": {"actiontrailFinding/v1": _fingerprint(finding, report)},
            "properties": {"account": report.account_id, "resource": finding.resource, "sandbox": report.sandbox,
                           "verdicts": {fw.value: finding.verdict(fw).status.value for fw in Framework}},
        }
        locations = _locations(finding, report)
        if locations:
            result["locations"] = locations
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": TOOL_NAME, "version": report.tool_version,
                                "semanticVersion": report.tool_version, "rules": [_rule_descriptor(r) for r in RULES]}},
            "automationDetails": {"id": f"{TOOL_NAME}/{'sandbox/' if report.sandbox else ''}{report.account_id}/"},
            "invocations": [{"executionSuccessful": True, "endTimeUtc": report.generated_at}],
            "results": results,
            "properties": {"account": report.account_id, "region": report.region, "judgedAgainst": report.subject,
                           "sandbox": report.sandbox, "benchmark": report.benchmark, "verdict": report.verdict,
                           "summary": report.summary,
                           "frameworks": {fw.value: {**tally, "verdict": verdict}
                                          for fw, tally, verdict in report.frameworks()},
                           **({"notice": SANDBOX_NOTICE} if report.sandbox else {})},
        }],
    }


def render(report: AuditReport) -> str:
    return json.dumps(document(report), indent=2, ensure_ascii=False) + "\n"
