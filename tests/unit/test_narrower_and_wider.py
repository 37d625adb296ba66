"""The two judgements "stronger reality is kept" rests on: a policy granting no more than another, an alert query
firing on everything another fires on. Both must be sound: a wrong True would let a weaker setup stand."""

from __future__ import annotations

import json

import pytest

from wizard.core.alerts.coverage import covers
from wizard.core.alerts.query import matches
from wizard.core.policies.narrower import grants_anything, grants_within

WIDE = {"Version": "1", "Statement": [
    {"Effect": "Allow", "Action": ["oss:GetObject", "oss:Get*"], "Resource": ["acs:oss:*:1:b/logs*"]},
    {"Effect": "Allow", "Action": ["oss:ListObjects"], "Resource": ["acs:oss:*:1:b"],
     "Condition": {"StringLike": {"oss:Prefix": ["logs*"]}}},
]}


def _doc(*statements):
    return json.dumps({"Version": "1", "Statement": list(statements)})


@pytest.mark.parametrize("narrow", [
    _doc({"Effect": "Allow", "Action": ["oss:GetObject"], "Resource": ["acs:oss:*:1:b/logs/2024*"]}),
    _doc({"Effect": "Allow", "Action": "oss:GetObjectAcl", "Resource": "acs:oss:*:1:b/logs/x"}),
    _doc({"Effect": "Allow", "Action": ["oss:ListObjects"], "Resource": ["acs:oss:*:1:b"],
          "Condition": {"StringLike": {"oss:Prefix": ["logs/2024*"]}, "Bool": {"acs:SecureTransport": ["true"]}}}),
    _doc({"Effect": "Deny", "Action": ["*"], "Resource": ["*"]}),
])
def test_narrower_documents_are_within(narrow):
    assert grants_within(narrow, WIDE)


@pytest.mark.parametrize("wider", [
    _doc({"Effect": "Allow", "Action": ["oss:PutObject"], "Resource": ["acs:oss:*:1:b/logs/x"]}),
    _doc({"Effect": "Allow", "Action": ["oss:GetObject"], "Resource": ["acs:oss:*:1:b/*"]}),
    _doc({"Effect": "Allow", "Action": ["oss:*"], "Resource": ["acs:oss:*:1:b/logs/x"]}),
    _doc({"Effect": "Allow", "Action": ["oss:ListObjects"], "Resource": ["acs:oss:*:1:b"]}),  # condition dropped
    _doc({"Effect": "Allow", "NotAction": ["oss:PutObject"], "Resource": ["acs:oss:*:1:b/logs/x"]}),
    "not json",
])
def test_wider_or_unreadable_documents_are_not_within(wider):
    assert not grants_within(wider, WIDE)


def test_a_policy_that_grants_nothing_is_told_apart():
    assert not grants_anything(_doc()) and not grants_anything(_doc({"Effect": "Deny", "Action": "*", "Resource": "*"}))
    assert grants_anything(json.dumps(WIDE))


RULE = "(event.serviceName: Actiontrail) and (event.eventName: StopLogging or event.eventName: DeleteTrail)"


@pytest.mark.parametrize("wide", [
    RULE,
    f"({RULE}) or event.userIdentity.type: root-account",
    "(event.serviceName: Actiontrail) and (event.eventName: StopLogging or event.eventName: DeleteTrail "
    "or event.eventName: UpdateTrail)",
    "(event.serviceName: Actiontrail or event.serviceName: Ram) and (event.eventName: Stop* or event.eventName: "
    "DeleteTrail)",
    "event.eventName: StopLogging or event.eventName: DeleteTrail",
])
def test_wider_queries_cover_the_rule(wide):
    assert covers(wide, RULE)


@pytest.mark.parametrize("narrow", [
    "(event.serviceName: Actiontrail) and (event.eventName: StopLogging)",
    f"({RULE}) and not event.userIdentity.type: root-account",
    "(event.serviceName: Ram) and (event.eventName: StopLogging or event.eventName: DeleteTrail)",
    "event.serviceName: Actiontrail and (",
    "",
])
def test_narrower_or_broken_queries_do_not(narrow):
    assert not covers(narrow, RULE)


def test_covering_is_sound_on_sample_events():
    """Whatever `covers` claims, the matcher agrees on concrete events."""
    events = [{"event": {"serviceName": s, "eventName": n}} for s in ("Actiontrail", "Ram")
              for n in ("StopLogging", "DeleteTrail", "StopInstance")]
    for wide in (RULE, f"({RULE}) or event.serviceName: Ram", "event.eventName: Stop*"):
        if covers(wide, RULE):
            assert all(matches(wide, e) for e in events if matches(RULE, e)), wide
