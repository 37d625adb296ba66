"""Every request a RAM user or a role session makes is authorised before its handler runs.

The policies that apply, as "Policy evaluation logic" orders them: a role session's session policy (AssumeRole's
Policy) must allow; then the identity-based policies (those attached to the user and to each of its groups, or to
the role) together with the resource-based policy (an OSS bucket policy) decide: an explicit Deny in any wins, an
Allow in either lets a request within the same account through, and a request on another account's resource needs
both. The account's root is not subject to RAM policies, nor to its own buckets' policies; another account's root
is refused by an explicit Deny of the bucket policy (the HTTPS-only statement) and otherwise left to the service's
ownership checks.

Each request's condition keys: acs:SecureTransport, acs:SourceIp, acs:CurrentTime (the sandbox clock),
acs:MFAPresent (false: an access key), and the service's own from the table (oss:Prefix, oss:Delimiter,
ram:ServiceName, acs:Service for ram:PassRole). The outcome goes on the Context for the request log.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..services.ram import members
from ..services.ram import models as ram
from ..state import clock
from ..state.account import ROOT
from .denials import Denied
from .identity import ASSUMED_ROLE, Identity, identity_of, role_and_session
from .needs import Facts, needs
from .policy import ALLOW, EXPLICIT_DENY, IMPLICIT_DENY, Outcome, Request, evaluate

IDENTITY, RESOURCE, SESSION = "AccountLevelIdentityBasedPolicy", "ResourceBasedPolicy", "SessionPolicy"


@dataclass
class Authorization:
    """What the request log records: who asked, what was needed, and the decision."""

    identity: Identity
    decision: str = ALLOW  # Allow | ExplicitDeny | ImplicitDeny | "" (not subject to RAM: the root)
    checked: tuple[str, ...] = ()  # "<action> <resource>" of every check, in order
    denied: str = ""  # "<action> <resource>" of the check that refused


def _attached(store, kind: str, name: str) -> list[tuple[str, str]]:
    found = []
    for attachment in ram.attachments_of(store, kind, name):
        try:
            policy = ram.policy(store, attachment["PolicyName"], attachment["PolicyType"])
        except Exception:  # noqa: BLE001 - a policy deleted under an attachment grants nothing
            continue
        found.append((f"{attachment['PolicyType']}:{policy['PolicyName']}",
                      ram.default_version(policy)["PolicyDocument"]))
    return found


def identity_documents(store, identity: Identity) -> list[tuple[str, str]]:
    """(label, document) of every identity-based policy of a RAM user (its own and its groups') or a role."""
    if identity.type == ASSUMED_ROLE:
        return _attached(store, "Role", identity.role_name)
    if identity.type != "ram-user":
        return []
    found = _attached(store, "User", identity.user_name)
    for membership in members.groups_of(store, identity.user_name):
        found += _attached(store, "Group", membership["GroupName"])
    return found


def _context(ctx, facts: Facts, extra) -> dict[str, str]:
    context = {"acs:securetransport": "true" if facts.secure else "false", "acs:sourceip": facts.source_ip,
               "acs:currenttime": clock.iso_seconds(ctx.now()), "acs:mfapresent": "false"}
    context.update({key.lower(): value for key, value in extra})
    return context


def _decide(identity_docs, session_policy: str, resource_policy: str | None, same_account: bool,
            request: Request) -> tuple[Outcome, str]:
    if session_policy:
        session = evaluate([(SESSION, session_policy)], request)
        if session.decision != ALLOW:
            return session, SESSION
    mine = evaluate(identity_docs, request)
    theirs = evaluate([(RESOURCE, resource_policy)], request, resource_based=True) if resource_policy \
        else Outcome(IMPLICIT_DENY)
    if EXPLICIT_DENY in (mine.decision, theirs.decision):
        return (theirs, RESOURCE) if theirs.decision == EXPLICIT_DENY else (mine, IDENTITY)
    if same_account and ALLOW in (mine.decision, theirs.decision):
        return (mine if mine.decision == ALLOW else theirs), IDENTITY
    if not same_account and mine.decision == ALLOW and theirs.decision == ALLOW:
        return mine, IDENTITY
    return Outcome(IMPLICIT_DENY), (RESOURCE if mine.decision == ALLOW else IDENTITY)


def authorize(ctx, facts: Facts, resource_policy: str | None = None, wanted=None) -> None:
    """Raise Denied unless the caller may make this request; record the outcome on ctx.authorization.

    `wanted`: the needs to check instead of the table's (a handler's dependent action, kms:Decrypt of an object);
    their checks are added to those the request already passed."""
    key = ctx.caller
    if key is None:
        return
    identity = identity_of(ctx.store, key)
    earlier = tuple(ctx.authorization.checked) if (wanted is not None and ctx.authorization) else ()
    ctx.authorization = Authorization(identity, "", earlier)
    if key.principal == ROOT:
        if facts.holder == key.account_id or not resource_policy:
            return  # the account's root: RAM policies and its own buckets' policies do not bind it
        documents, session, same_account = [], "", False
    else:
        documents, session, same_account = identity_documents(ctx.store, identity), key.session_policy, \
            facts.holder == key.account_id
    if wanted is None:
        wanted = needs(facts)
    if wanted is None:
        wanted = [_unknown(facts)]
    checked = list(earlier)
    for need in wanted:
        for resource in need.resources:
            request = Request(need.action, resource, _context(ctx, facts, need.context), identity.caller)
            checked.append(f"{need.action} {resource}")
            outcome, policy_type = _decide(documents, session, resource_policy, same_account, request)
            if key.principal == ROOT and outcome.decision != EXPLICIT_DENY:
                continue  # another account's root: only an explicit Deny of the bucket policy refuses it here
            if outcome.decision != ALLOW:
                ctx.authorization = Authorization(identity, outcome.decision, tuple(checked), checked[-1])
                raise Denied(outcome.decision, need.action, resource, policy_type, identity)
    ctx.authorization = Authorization(identity, ALLOW if key.principal != ROOT else "", tuple(checked))


def _unknown(facts: Facts):
    from .needs import Need

    return Need(f"{facts.service}:{facts.operation}", (f"acs:{facts.service}:{facts.region}:{facts.account}:*",))


__all__ = ["Authorization", "Denied", "authorize", "identity_documents", "role_and_session"]
