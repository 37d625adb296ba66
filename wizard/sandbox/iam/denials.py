"""A refused request answered as each service answers it, and the detail RAM's newer gateways add.

RAM and STS: 403 NoPermission, "You are not authorized to do this action. Resource: <arn> Action: <action>";
ActionTrail, KMS and Resource Management: 403 Forbidden.RAM, the gateway's "User not authorized to operate on the
specified resource, or this API doesn't support RAM."; both with AccessDeniedDetail (the object the Tea clients
read into ClientException.access_denied_detail). OSS: 403 AccessDenied XML with AccessDeniedDetail and EC
0003-00000201 (an explicit Deny) or 0003-00000202 (no Allow). Log Service: 401 Unauthorized, "denied by sts or ram,
action: <action>, resource: <arn>".
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from ..http.protocol import ApiError
from .identity import ASSUMED_ROLE, Identity
from .policy import EXPLICIT_DENY

_PRINCIPAL_TYPES = {"ram-user": "SubUser", ASSUMED_ROLE: "AssumedRoleUser", "root-account": "RootUser"}


@dataclass
class Denied(Exception):  # not frozen: raising sets __traceback__
    decision: str  # ExplicitDeny | ImplicitDeny
    action: str
    resource: str
    policy_type: str  # AccountLevelIdentityBasedPolicy | ResourceBasedPolicy | SessionPolicy | AssumeRolePolicy
    identity: Identity

    def detail(self) -> dict:
        diagnostic = json.dumps({"AuthAction": self.action, "AuthResource": self.resource,
                                 "NoPermissionType": self.decision, "PolicyType": self.policy_type,
                                 "AuthPrincipal": self.identity.arn}, separators=(",", ":"))
        return {"PolicyType": self.policy_type, "AuthPrincipalOwnerId": self.identity.account_id,
                "AuthPrincipalType": _PRINCIPAL_TYPES.get(self.identity.type, "SubUser"),
                "AuthPrincipalDisplayName": self.identity.principal_id, "NoPermissionType": self.decision,
                "AuthAction": self.action,
                "EncodedDiagnosticMessage": base64.b64encode(diagnostic.encode()).decode()}


def as_api_error(service: str, denied: Denied) -> ApiError:
    """The service's own answer to a refused request."""
    if service in ("ram", "sts"):
        return ApiError(403, "NoPermission", "You are not authorized to do this action. "
                        f"Resource: {denied.resource} Action: {denied.action}", AccessDeniedDetail=denied.detail())
    if service == "oss":
        explicit = denied.decision == EXPLICIT_DENY
        message = ("Access denied by bucket policy." if denied.policy_type == "ResourceBasedPolicy" else
                   "Access denied by RAM policy.") if explicit else \
            f"You have no right to access this bucket or object: no policy allows {denied.action}."
        detail = list(denied.detail().items())
        return ApiError(403, "AccessDenied", message, AccessDeniedDetail=detail,
                        EC="0003-00000201" if explicit else "0003-00000202")
    if service == "sls":
        return ApiError(401, "Unauthorized", f"denied by sts or ram, action: {denied.action}, "
                        f"resource: {denied.resource}")
    return ApiError(403, "Forbidden.RAM", "User not authorized to operate on the specified resource, or this API "
                    "doesn't support RAM.", AccessDeniedDetail=denied.detail())
