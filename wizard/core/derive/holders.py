"""Who holds rights over the trail: shared by the audit (AT-RAM-ADMINS) and the plan (the detach commands).

Effective permissions, judged with the same policy semantics the sandbox enforces (core/policies/evaluate.py):
who can stop logging, delete or update the trail (TRAIL_CHANGES), through any path: a policy attached to the user,
to one of its groups, or to a role; system policies (AdministratorAccess, AliyunActionTrailFullAccess, by their
documented documents) and custom ones with wildcards alike; an explicit Deny anywhere in a principal's policies
takes the right away (so the wizard's admin policy, which denies all three, makes no one an admin). ActionTrail
authorises on the account (acs:actiontrail:<region>:<account>:*), so a right over any trail is one over this one.
A conditional Allow counts (some request meets it), a conditional Deny does not protect. A custom policy that
touches the trail's bucket or Logstore and fails the lint is reported too. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass

from wizard.core.observed import Observed, PolicyState
from wizard.core.policies.documents import grants_actiontrail_admin
from wizard.core.policies.evaluate import ALLOW, decide, statements, wildcard
from wizard.core.policies.lint import TrailTarget, allows_full_admin, lint, touches

ADMIN_SYSTEM_POLICIES = ("AliyunActionTrailFullAccess", "AdministratorAccess")
# The system policies' documents as RAM publishes them (GetPolicy with PolicyType System)
SYSTEM_DOCUMENTS = {
    "AdministratorAccess": {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
    "AliyunActionTrailFullAccess": {"Version": "1", "Statement": [{"Effect": "Allow", "Action": "actiontrail:*",
                                                                   "Resource": "*"}]},
}
TRAIL_CHANGES = ("actiontrail:StopLogging", "actiontrail:DeleteTrail", "actiontrail:UpdateTrail")
_DETACH_API = {"user": ("DetachPolicyFromUser", "UserName"), "group": ("DetachPolicyFromGroup", "GroupName"),
               "role": ("DetachPolicyFromRole", "RoleName")}


def trail_target(settings) -> TrailTarget:
    """The trail's bucket, project and Logstore: what a custom policy "touches"."""
    return TrailTarget(bucket=settings.oss.bucket if settings.oss else None,
                       project=settings.sls.project if settings.sls else None,
                       logstore=settings.logstore_name if settings.sls else None)


def trail_resource(region: str, account: str) -> str:
    return f"acs:actiontrail:{region}:{account or '*'}:*"


def speaks_of_trail_changes(document: str | dict) -> bool:
    """Does any statement, Allow or Deny, name stopping, deleting or updating a trail (wildcards included)?
    Discovery reads the holders of exactly these policies: a Deny matters as much as an Allow."""
    for statement in statements(document):
        if "NotAction" in statement:
            excluded = statement["NotAction"] if isinstance(statement["NotAction"], list) else [statement["NotAction"]]
            if not all(any(wildcard(x, a, fold=True) for x in excluded) for a in TRAIL_CHANGES):
                return True
            continue
        named = statement.get("Action", [])
        if any(wildcard(x, a, fold=True) for x in (named if isinstance(named, list) else [named])
               for a in TRAIL_CHANGES):
            return True
    return False


@dataclass(frozen=True)
class Holder:
    principal: str  # user:NAME | group:NAME | role:NAME: where the policy is attached
    policy: str
    policy_type: str  # System | Custom
    problems: tuple[str, ...] = ()  # lint problems, for a custom policy that touches the trail
    can: tuple[str, ...] = ()  # of TRAIL_CHANGES, what the principal can do through it (its Denies counted)
    through: tuple[str, ...] = ()  # a group's: "user:NAME" of the members who can too


def _document(policy: PolicyState) -> str | dict:
    if policy.policy_type == "System":
        return SYSTEM_DOCUMENTS.get(policy.name, {})
    return policy.document


def _policies_of(observed: Observed, principal: str) -> list[PolicyState]:
    """A user's own policies and its groups'; a group's or a role's own."""
    groups = {f"group:{g}" for g, members in observed.group_members
              if principal.startswith("user:") and principal[5:] in members}
    return [p for p in observed.policies if principal in p.attached_to or groups & set(p.attached_to)]


def _can(observed: Observed, principal: str) -> tuple[str, ...]:
    documents = [_document(p) for p in _policies_of(observed, principal)]
    arn = trail_resource(observed.region, observed.account_id)
    return tuple(a for a in TRAIL_CHANGES if decide(documents, a, arn) == ALLOW)


def admin_holders(observed: Observed) -> list[Holder]:
    """Every attachment through which someone can stop logging, delete or update the trail, judged on effective
    permissions: the attached principal's whole set of policies (and, for a group, each member's) decides."""
    holders = []
    arn = trail_resource(observed.region, observed.account_id)
    members = dict(observed.group_members)
    for policy in observed.policies:
        granted = [a for a in TRAIL_CHANGES if decide([_document(policy)], a, arn) == ALLOW]
        if not granted:
            continue
        for principal in policy.attached_to:
            can = tuple(a for a in _can(observed, principal) if a in granted)
            through = tuple(f"user:{u}" for u in members.get(principal[6:], ()) if principal.startswith("group:")
                            and set(_can(observed, f"user:{u}")) & set(granted))
            if can or through:
                holders.append(Holder(principal, policy.name, policy.policy_type, can=can or tuple(granted),
                                      through=through))
    return holders


def can_phrase(holder: Holder) -> str:
    """"can StopLogging, DeleteTrail, UpdateTrail" (and who through a group)."""
    text = "can " + ", ".join(a.split(":")[1] for a in holder.can)
    return text + (f", as can its members {', '.join(holder.through)}" if holder.through else "")


def broad_holders(settings, observed: Observed) -> list[Holder]:
    """Holders of a custom policy that touches the trail, its bucket or Logstore and fails the lint (admin
    policies aside: they are admin_holders)."""
    target = trail_target(settings)
    found = []
    for policy in observed.policies:
        if policy.policy_type != "Custom" or policy.name == settings.access.auditor_policy \
                or grants_actiontrail_admin(policy.document) or not touches(policy.document, target) \
                or any(h.policy == policy.name for h in admin_holders(observed)):
            continue
        problems = tuple(lint(policy.document, bucket=target.bucket))
        if problems:
            found += [Holder(p, policy.name, "Custom", problems) for p in policy.attached_to]
    return found


def full_admin_holders(observed: Observed) -> list[Holder]:
    """Holders of a custom policy allowing *:* (CIS 1.15 asks that none is created, or at least none attached)."""
    return [Holder(p, policy.name, "Custom") for policy in observed.policies
            if policy.policy_type == "Custom" and allows_full_admin(policy.document) for p in policy.attached_to]


def direct_user_holders(settings, observed: Observed) -> list[Holder]:
    """Users holding, by a policy attached to them directly, what can administer the trail or its data (CIS 1.16)."""
    return [h for h in admin_holders(observed) + broad_holders(settings, observed) if h.principal.startswith("user:")]


def approved_admins(settings) -> set[str]:
    """Who may hold ActionTrail admin rights: access.admins, and the admin users (through the admin group)."""
    return set(settings.access.admins) | set(settings.access.admin_users)


def unexpected_holders(settings, observed: Observed) -> list[Holder]:
    """Admin and broad holders that the settings do not approve: what AT-RAM-ADMINS fails on."""
    allowed = approved_admins(settings)
    return [h for h in admin_holders(observed) + broad_holders(settings, observed) if h.principal not in allowed]


def detach_command(holder: Holder) -> str:
    kind, _, who = holder.principal.partition(":")
    api, field = _DETACH_API[kind]
    return f"aliyun ram {api} --PolicyType {holder.policy_type} --PolicyName {holder.policy} --{field} {who}"
