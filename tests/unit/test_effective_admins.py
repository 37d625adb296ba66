"""AT-RAM-ADMINS on effective permissions (core/derive/holders.py with core/policies/evaluate.py): who can stop
logging, delete or update the trail through any path, judged as RAM judges it, not by a policy's name."""

from __future__ import annotations

import json

from tests.support.factories import ACCOUNT, settings
from wizard.core.audit import evaluate
from wizard.core.derive.holders import admin_holders, speaks_of_trail_changes
from wizard.core.observed import Observed, PolicyState
from wizard.core.policies.documents import admin_policy


def _doc(*statements) -> str:
    return json.dumps({"Version": "1", "Statement": list(statements)})


def _allow(action, resource="*", condition=None) -> dict:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **({"Condition": condition} if condition else {})}


def _deny(action, resource="*", condition=None) -> dict:
    return {**_allow(action, resource, condition), "Effect": "Deny"}


def _observed(*policies, members=()) -> Observed:
    return Observed(account_id=ACCOUNT, region="cn-hangzhou", policies=tuple(policies), group_members=members)


def _can(observed) -> dict[str, tuple]:
    found: dict[str, set] = {}
    for holder in admin_holders(observed):
        for who in (holder.principal, *holder.through):
            found.setdefault(who, set()).update(holder.can if who == holder.principal else ())
    return {k: tuple(sorted(v)) for k, v in found.items()}


ALL = ("actiontrail:DeleteTrail", "actiontrail:StopLogging", "actiontrail:UpdateTrail")


def test_a_custom_policy_with_a_wildcard_makes_an_admin_whatever_its_name():
    sneaky = PolicyState("ReadOnlyHelpers", "Custom", _doc(_allow("actiontrail:*Logging")), attached_to=("user:eve",))
    assert _can(_observed(sneaky)) == {"user:eve": ("actiontrail:StopLogging",)}


def test_a_policy_on_another_accounts_trails_grants_nothing_here():
    elsewhere = PolicyState("Other", "Custom", _doc(_allow("actiontrail:*", "acs:actiontrail:*:999:*")),
                            attached_to=("user:eve",))
    assert admin_holders(_observed(elsewhere)) == []


def test_an_explicit_deny_in_any_of_the_principals_policies_takes_the_right_away():
    full = PolicyState("AliyunActionTrailFullAccess", "System", attached_to=("user:bob", "user:carol"))
    guard = PolicyState("NoTrailChanges", "Custom", _doc(_deny(["actiontrail:StopLogging", "actiontrail:DeleteTrail"])),
                        attached_to=("user:bob",))
    assert _can(_observed(full, guard)) == {"user:bob": ("actiontrail:UpdateTrail",), "user:carol": ALL}


def test_the_wizards_admin_policy_makes_no_one_able_to_change_the_trail():
    admin = PolicyState("ActionTrailAdmin", "Custom", json.dumps(admin_policy(settings(), ACCOUNT)),
                        attached_to=("user:dana",))
    full = PolicyState("AliyunActionTrailFullAccess", "System", attached_to=("user:dana",))
    assert admin_holders(_observed(admin, full)) == [], "its explicit Deny wins over the full access"


def test_rights_through_a_group_name_its_members_and_a_members_own_deny_counts():
    full = PolicyState("AdministratorAccess", "System", attached_to=("group:ops",))
    guard = PolicyState("Guard", "Custom", _doc(_deny("actiontrail:*")), attached_to=("user:frank",))
    [holder] = admin_holders(_observed(full, guard, members=(("ops", ("erin", "frank")),)))
    assert (holder.principal, tuple(sorted(holder.can)), holder.through) == ("group:ops", ALL, ("user:erin",))


def test_a_conditional_allow_counts_and_a_conditional_deny_does_not_protect():
    ip_only = PolicyState("FromOffice", "Custom", _doc(_allow("actiontrail:StopLogging", condition={
        "IpAddress": {"acs:SourceIp": "10.0.0.0/8"}})), attached_to=("role:ops",))
    mfa_deny = PolicyState("MfaDeny", "Custom", _doc(_deny("actiontrail:StopLogging", condition={
        "Bool": {"acs:MFAPresent": "false"}})), attached_to=("role:ops",))
    assert _can(_observed(ip_only, mfa_deny)) == {"role:ops": ("actiontrail:StopLogging",)}


def test_discovery_reads_the_holders_of_every_policy_that_speaks_of_trail_changes_allow_or_deny():
    assert speaks_of_trail_changes(_doc(_deny("actiontrail:Stop*")))
    assert speaks_of_trail_changes(_doc(_allow("*")))
    assert speaks_of_trail_changes(_doc({"Effect": "Allow", "NotAction": "oss:*", "Resource": "*"}))
    assert not speaks_of_trail_changes(_doc(_allow(["actiontrail:Describe*", "actiontrail:LookupEvents"])))


def test_at_ram_admins_fails_on_an_unlisted_effective_admin_and_names_what_it_can_do():
    sneaky = PolicyState("Helpers", "Custom", _doc(_allow("actiontrail:Update*")), attached_to=("user:eve",))
    observed = _observed(sneaky)
    [found] = [f for f in evaluate(settings(), observed, approved=True) if f.rule == "AT-RAM-ADMINS"]
    assert found.status.value == "fail" and "user:eve holds Helpers (can UpdateTrail)" in found.evidence
