"""The RAM documentation's own examples (tests/data/ram_policy_cases.json, one row per example, its page named in
the row and in FIDELITY.md), run against both evaluators: the sandbox's (wizard/sandbox/iam/policy.py, which
authorises every request) and the wizard's (wizard/core/policies/evaluate.py, which judges AT-RAM-ADMINS).
Two implementations, one set of answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wizard.core.policies import evaluate as wizard_side
from wizard.sandbox.iam import policy as sandbox_side

CASES = json.loads((Path(__file__).resolve().parents[1] / "data" / "ram_policy_cases.json").read_text())["cases"]
ROWS = [(case, number, request) for case in CASES for number, request in enumerate(case["requests"])]


def _sandbox(case, request) -> str:
    caller = sandbox_side.Caller(**request["caller"]) if "caller" in request else None
    asked = sandbox_side.Request(request["action"], request["resource"],
                                 {k.lower(): v for k, v in request.get("context", {}).items()}, caller)
    documents = [(f"policy {i}", d) for i, d in enumerate(case["policies"])]
    return sandbox_side.evaluate(documents, asked, resource_based=case.get("resource_based", False)).decision


def _wizard(case, request) -> str:
    principal = wizard_side.Principal(**request["caller"]) if "caller" in request else None
    return wizard_side.decide(case["policies"], request["action"], request["resource"], request.get("context", {}),
                              principal, resource_based=case.get("resource_based", False))


@pytest.mark.parametrize("case, number, request_", ROWS, ids=[f"{c['id']}-{n}" for c, n, _ in ROWS])
@pytest.mark.parametrize("evaluator", [_sandbox, _wizard], ids=["sandbox", "wizard"])
def test_each_documented_example_decides_as_the_docs_say(evaluator, case, number, request_):
    assert evaluator(case, request_) == request_["expect"]


def test_every_row_names_its_page_and_the_ledger_cites_every_page():
    ledger = (Path(__file__).resolve().parents[2] / "wizard" / "sandbox" / "FIDELITY.md").read_text()
    for case in CASES:
        assert case["page"].startswith("https://") and case["example"]
        assert case["page"] in ledger, f"{case['id']}: its page is not cited in FIDELITY.md"


def test_the_wizard_asks_about_any_request_when_it_knows_none():
    """Who *could* stop logging: a conditional Allow counts, a conditional Deny does not protect."""
    conditional_allow = {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "actiontrail:*", "Resource": "*",
                                                        "Condition": {"IpAddress": {"acs:SourceIp": "10.0.0.0/8"}}}]}
    conditional_deny = {"Version": "1", "Statement": [{"Effect": "Deny", "Action": "actiontrail:StopLogging",
                                                       "Resource": "*", "Condition": {"Bool": {"acs:MFAPresent": "false"}}}]}
    arn = "acs:actiontrail:cn-hangzhou:1:*"
    assert wizard_side.decide([conditional_allow], "actiontrail:StopLogging", arn) == "Allow"
    assert wizard_side.decide([conditional_allow, conditional_deny], "actiontrail:StopLogging", arn) == "Allow"
    assert wizard_side.decide([conditional_allow, conditional_deny], "actiontrail:StopLogging", arn,
                              {"acs:SourceIp": "10.1.2.3", "acs:MFAPresent": "false"}) == "ExplicitDeny"
