"""Generated policy documents are exact and least-privilege; the lint catches broad ones."""

from __future__ import annotations

import json

from .factories import ACCOUNT, settings

from wizard.policies import (
    MAX_POLICY_CHARS, auditor_policy, denies_insecure_transport, lint, policy_json, with_https_only,
)

KEY_ARN = f"acs:kms:cn-hangzhou:{ACCOUNT}:key/key-1"


def test_auditor_policy_for_the_baseline_is_exact():
    doc = auditor_policy(settings(), ACCOUNT, KEY_ARN)
    by_action = {tuple(s["Action"]): s for s in doc["Statement"]}
    assert by_action[("oss:GetObject",)]["Resource"] == [f"acs:oss:*:{ACCOUNT}:acme-actiontrail/actiontrail*"]
    listing = by_action[("oss:ListObjects",)]
    assert listing["Resource"] == [f"acs:oss:*:{ACCOUNT}:acme-actiontrail"]
    assert listing["Condition"] == {"StringLike": {"oss:Prefix": ["actiontrail*"]}}
    logs = by_action[("log:GetLogStoreLogs", "log:GetLogStoreHistogram", "log:GetLogStore", "log:GetIndex")]
    assert logs["Resource"] == [
        f"acs:log:cn-hangzhou:{ACCOUNT}:project/acme-actiontrail/logstore/actiontrail_actiontrail-baseline"]
    assert by_action[("kms:Decrypt",)]["Resource"] == [KEY_ARN]
    assert ("actiontrail:LookupEvents", "actiontrail:Describe*", "actiontrail:Get*") in by_action
    assert all(s["Effect"] == "Allow" for s in doc["Statement"])


def test_our_auditor_policy_passes_the_lint_and_fits():
    text = policy_json(auditor_policy(settings(), ACCOUNT, KEY_ARN))
    assert lint(text, bucket="acme-actiontrail") == []
    assert len(text) <= MAX_POLICY_CHARS


def test_oss_only_auditor_has_no_log_statement():
    doc = auditor_policy(settings(sls=None, alerts={"enabled": False}), ACCOUNT)
    assert not [s for s in doc["Statement"] if s["Action"][0].startswith("log:")]


def test_lint_flags_broad_documents():
    def doc(action, resource):
        return {"Version": "1", "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]}

    assert any("Action \"*\"" in p for p in lint(doc("*", "*")))
    assert any("actiontrail:*" in p for p in lint(doc("actiontrail:*", "*")))
    assert any("write actions" in p for p in lint(doc(["oss:PutObject"], "*")))
    assert any("oss:* on the trail bucket" in p
               for p in lint(doc("oss:*", "acs:oss:*:1:acme-actiontrail/*"), bucket="acme-actiontrail"))
    assert lint(doc(["oss:GetObject"], "*")) == []
    assert any("6144" in p for p in lint(doc(["oss:GetObject"], ["acs:oss:*:1:b/" + "x" * 7000])))
    assert lint("{not json") == ["document is not valid JSON"]


def test_https_only_is_added_without_dropping_statements():
    existing = json.dumps({"Version": "1", "Statement": [{"Effect": "Allow", "Action": "oss:GetObject",
                                                          "Principal": ["1"], "Resource": "acs:oss:*:1:b/*"}]})
    merged = with_https_only(existing, "b", ACCOUNT)
    assert len(merged["Statement"]) == 2
    assert not denies_insecure_transport(existing)
    assert denies_insecure_transport(policy_json(merged))
