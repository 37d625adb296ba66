"""A call RAM refused, understood: which RAM action on which resource it needed, who was calling, and the command
that grants it. Read from the service's own answer (RPC AccessDeniedDetail and NoPermission's "Resource: ...
Action: ..."; the diagnostic message when it decodes; SLS "denied by sts or ram, action: ..., resource: ...");
what the answer leaves out (OSS keeps its detail in nested XML the SDK drops) comes from the wizard's own table of
each API's RAM action (core/policies/actions.py), so the message always names an action.
"""

from __future__ import annotations

import base64
import json
import re
import threading
from dataclasses import dataclass

from wizard.core.observed import REFUSED_BY_RAM

UNNAMED = "the caller"
UNNAMED_REFUSAL = f"{REFUSED_BY_RAM}{UNNAMED} "  # the caller not known yet (GetCallerIdentity still on its way)
PERMISSION_CODES = ("NoPermission", "Forbidden.RAM", "AccessDenied", "Forbidden", "Unauthorized")
_CALLER = {"arn": ""}
_LOCK = threading.Lock()


def remember_caller(arn: str) -> None:
    """The ARN GetCallerIdentity answered for this run's credentials: named in every refusal."""
    with _LOCK:
        _CALLER["arn"] = arn or ""


def current_caller() -> str:
    with _LOCK:
        return _CALLER["arn"]


@dataclass(frozen=True)
class Refusal:
    action: str
    resource: str = ""
    decision: str = ""  # ImplicitDeny (no policy allows it) | ExplicitDeny (a Deny statement) | "" unknown
    caller: str = ""
    policy_type: str = ""  # AccountLevelIdentityBasedPolicy, ResourceBasedPolicy (a bucket policy), ...

    def sentence(self) -> str:
        who = self.caller or UNNAMED
        where = f" on {self.resource}" if self.resource else ""
        if self.decision == "ExplicitDeny":
            why = " (an explicit Deny: a bucket policy)" if self.policy_type == "ResourceBasedPolicy" \
                else " (an explicit Deny in one of its policies)"
        else:
            why = " (no policy of it allows this)" if self.decision == "ImplicitDeny" else ""
        return f"{REFUSED_BY_RAM}{who} {self.action}{where}{why}"


def _decoded(encoded: str) -> dict:
    try:
        found = json.loads(base64.b64decode(encoded, validate=True))
    except (ValueError, TypeError):
        return {}  # the real one is opaque: `aliyun ram DecodeDiagnosticMessage` reads it
    return found if isinstance(found, dict) else {}


def _table_action(service: str, api: str) -> str:
    from wizard.core.policies.actions import PERMISSIONS

    permission = PERMISSIONS.get((service, api))
    return permission.actions[0] if permission else ""


def refusal(code: str, message: str, data: dict | None, service: str, api: str, host: str = "") -> Refusal | None:
    """The refusal a permission error describes; None for any other error (or an SLS 401 about the key itself)."""
    if code not in PERMISSION_CODES:
        return None
    if code == "Unauthorized" and "denied by sts or ram" not in message:
        return None  # SLS: a key it does not accept, not a permission
    detail = (data or {}).get("AccessDeniedDetail") if isinstance(data, dict) else None
    detail = detail if isinstance(detail, dict) else {}
    diagnostic = _decoded(str(detail.get("EncodedDiagnosticMessage") or ""))
    action = str(detail.get("AuthAction") or diagnostic.get("AuthAction") or "")
    resource = str(diagnostic.get("AuthResource") or "")
    said = re.search(r"Resource: (\S+) Action: (\S+)", message) or re.search(
        r"action: ([^,\s]+), resource: (\S+)", message)
    if said and "Resource:" in said.group(0):
        resource, action = resource or said.group(1), action or said.group(2)
    elif said:
        action, resource = action or said.group(1), resource or said.group(2)
    allows = re.search(r"no policy allows (\S+?)\.?$", message)
    action = action or (allows.group(1) if allows else "") or _table_action(service, api)
    if not resource and service == "oss" and host.count(".") >= 3:
        resource = f"acs:oss:*:*:{host.split('.')[0]}"
    decision = str(detail.get("NoPermissionType") or diagnostic.get("NoPermissionType") or "")
    if not decision and code == "AccessDenied":
        decision = "ExplicitDeny" if "denied by" in message.lower() else "ImplicitDeny" if allows else ""
    policy_type = str(detail.get("PolicyType") or diagnostic.get("PolicyType") or "")
    if not policy_type and "bucket policy" in message:
        policy_type = "ResourceBasedPolicy"
    return Refusal(action, resource, decision, current_caller() or str(diagnostic.get("AuthPrincipal") or ""),
                   policy_type)


def grant_hint(refused: Refusal) -> str:
    if refused.decision == "ExplicitDeny":
        return ("a Deny statement refuses it; find it (`aliyun ram DecodeDiagnosticMessage` reads the diagnostic) "
                "before granting anything; `actiontrail-wizard policy operator --config FILE` lists what the wizard "
                "needs")
    return (f"`actiontrail-wizard policy operator --config FILE` prints the policy that grants {refused.action} and "
            f"every other call the wizard makes; attach it to {refused.caller or 'the caller'}")
