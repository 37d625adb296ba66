"""What a new sandbox account already holds in RAM: a well-run account by default, a bare or a messy one.

Well run (the default): the examples' principals exist, and the admin holds ActionTrail
rights the way CIS 1.16 asks, through a group: user cloud-admin is in group
actiontrail-admins, which holds AliyunActionTrailFullAccess; group security-auditors waits
for the auditor policy. Onboarding with the shipped examples ends compliant on it.

Bare (`--starter bare`): the users and the auditors' group, no admin group and nothing
attached: onboarding creates the admin group, gives it the rights and puts cloud-admin in
it (the tests that run every step of the plan use it).

Messy (`sandbox serve --starter messy`, or POST /_sandbox/starter {"state": "messy"} on a
running sandbox): what the audit is there to catch. Admin rights attached straight to
users (CIS 1.16), one of them not an admin at all, and a custom policy allowing *:*
(CIS 1.15). Making an account messy only adds; it never removes what is there.
"""

from __future__ import annotations

import json

from ...state.store import Store
from . import members, models

STATES = ("well-run", "bare", "messy")
USERS = ("cloud-admin", "ops-intern")
GROUPS = ("security-auditors", "actiontrail-admins")
WELL_RUN_ATTACHMENTS = (("System", "AliyunActionTrailFullAccess", "Group", "actiontrail-admins"),)
WELL_RUN_MEMBERS = (("actiontrail-admins", "cloud-admin"),)
MESSY_USERS = ("data-eng",)
MESSY_POLICY = ("LegacyFullAccess", "Left from a migration: everything, everywhere",
                {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
MESSY_ATTACHMENTS = (("System", "AliyunActionTrailFullAccess", "User", "cloud-admin"),
                     ("System", "AdministratorAccess", "User", "ops-intern"),
                     ("Custom", "LegacyFullAccess", "User", "data-eng"))


def _principal(store: Store, kind: str, name: str, now: str) -> None:
    if models.find_entity(store, kind, name) is None:
        store.put(models.ENTITY_KINDS[kind], name, {f"{kind}Name": name, "DisplayName": name, "CreateDate": now,
                                                    "UpdateDate": now, "Comments": "",
                                                    f"{kind}Id": models.starter_id(name)})


def _attach(store: Store, attachments, now: str) -> None:
    for policy_type, policy, kind, who in attachments:
        store.put(models.ATTACHMENT_KIND, f"{policy_type}/{policy}/{kind}/{who}",
                  {"PolicyType": policy_type, "PolicyName": policy, "Kind": kind, "Name": who, "AttachDate": now})


def seed(store: Store, now: str, state: str = "well-run") -> None:
    """The starter principals of a new account (state/account.py calls it once, in the creating transaction)."""
    if state not in STATES:
        raise ValueError(f"the starter state must be one of {', '.join(STATES)}, not {state!r}")
    for name in USERS:
        _principal(store, "User", name, now)
    if state in ("bare", "messy"):
        _principal(store, "Group", "security-auditors", now)
        if state == "messy":
            make_messy(store, now)
        return
    for name in GROUPS:
        _principal(store, "Group", name, now)
    _attach(store, WELL_RUN_ATTACHMENTS, now)
    for group, user in WELL_RUN_MEMBERS:
        if not store.get(members.MEMBERSHIP_KIND, f"{group}/{user}"):
            members.add_user_to_group(store, user, group)


def make_messy(store: Store, now: str) -> dict:
    """Add the messy principals and attachments to the account (nothing is removed); returns what it holds now."""
    with store.transaction():
        for name in USERS + MESSY_USERS:
            _principal(store, "User", name, now)
        name, description, document = MESSY_POLICY
        if store.get(models.POLICY_KIND, f"Custom/{name}") is None:
            models.create_policy(store, name, description, json.dumps(document))
        _attach(store, MESSY_ATTACHMENTS, now)
    return {"state": "messy", "attachments": [f"{p} -> {k.lower()}:{w}" for _, p, k, w in MESSY_ATTACHMENTS]}
