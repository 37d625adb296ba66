"""ResourceManager 2020-03-31 (host resourcemanager.aliyuncs.com): the Resource Directory, as far as trails need it.

Real shapes and codes from the API reference: GetResourceDirectory answers 404
ResourceDirectoryNotInUse for an account in no directory; directory-scoped calls
answer 404 EntityNotExists.ResourceDirectory; InitResourceDirectory and
EnableResourceDirectory (EnableMode=CurrentAccount) make the caller the management
account (409 EntityAlreadyExists.ResourceDirectory the second time);
RegisterDelegatedAdministrator is the management account's, and refuses the
management account itself (CannotRegisterMasterAsDelegatedAdministrator).

Simplification: the sandbox has one account, so a directory managed by another
account (this account a member, maybe ActionTrail's delegated administrator) is
made through the control endpoint (`POST /_sandbox/resource-directory`), not by
the other account's calls. Who may call ListDelegatedAdministrators is not
documented: any account in the directory may here.
"""

from __future__ import annotations

import time

from ..http.protocol import ApiError
from ..http.rpc import require, rpc_service

KIND = "resourcemanager.directory"
KEY = "rd"
TRUSTED_SERVICES = ("actiontrail.aliyuncs.com", "config.aliyuncs.com", "cloudfw.aliyuncs.com",
                    "sas.aliyuncs.com", "log.aliyuncs.com")
PAGE_SIZE, MAX_PAGE_SIZE = 10, 100


def _iso(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts)) + f".{int(ts * 1000) % 1000:03d}Z"


def directory(store) -> dict | None:
    """The account's directory, or None; other services (ActionTrail) read it too."""
    return store.get(KIND, KEY)


def may_create_organization_trail(store, account_id: str) -> bool:
    found = directory(store)
    if found is None:
        return False
    return found["MasterAccountId"] == account_id or any(
        d["AccountId"] == account_id and d["ServicePrincipal"] == "actiontrail.aliyuncs.com"
        for d in found["DelegatedAdministrators"])


def join(store, account_id: str, managed_by: str, delegated_services=(), now: float | None = None) -> dict:
    """Control endpoint: this account becomes a member of a directory another account manages."""
    now = now or time.time()
    with store.transaction():
        found = {"ResourceDirectoryId": f"rd-{managed_by[-6:]}", "MasterAccountId": managed_by,
                 "MasterAccountName": f"{managed_by}@aliyun.com", "RootFolderId": f"r-{managed_by[-6:]}",
                 "CreateTime": _iso(now), "Members": sorted({managed_by, account_id}), "DelegatedAdministrators": [
                     _delegation(account_id, service, now) for service in delegated_services]}
        store.put(KIND, KEY, found)
    return found


def add_members(store, account_ids) -> dict:
    """Control endpoint: member accounts join this account's own directory (it must manage one)."""
    with store.transaction():
        found = directory(store)
        if found is None:
            raise ValueError("the sandbox account manages no resource directory: call InitResourceDirectory first")
        found["Members"] = sorted(set(found["Members"]) | {str(a) for a in account_ids})
        store.put(KIND, KEY, found)
    return found


def _delegation(account_id: str, service: str, now: float) -> dict:
    return {"AccountId": account_id, "ServicePrincipal": service, "DisplayName": account_id,
            "JoinMethod": "invited", "DelegationEnabledTime": str(int(now * 1000))}


def _need_directory(ctx) -> dict:
    found = directory(ctx.store)
    if found is None:
        raise ApiError(404, "EntityNotExists.ResourceDirectory", "The resource directory for the account is not "
                       "enabled. We recommend that you first enable the resource directory for the account.")
    return found


def _public(found: dict, keys=("ResourceDirectoryId", "MasterAccountId", "MasterAccountName", "RootFolderId",
                               "CreateTime")) -> dict:
    return {key: found[key] for key in keys}


def get_resource_directory(ctx, params):
    found = directory(ctx.store)
    if found is None:
        raise ApiError(404, "ResourceDirectoryNotInUse", "The specified account is not an Alibaba Cloud account or a "
                       "member account of the resource directory.")
    return {"ResourceDirectory": {**_public(found), "ControlPolicyStatus": "Disabled",
                                  "MemberDeletionStatus": "Disabled", "IdentityInformation": ""}}


def init_resource_directory(ctx, params):
    me = ctx.account.account_id
    with ctx.store.transaction():
        found = directory(ctx.store)
        if found is not None and found["MasterAccountId"] == me:
            raise ApiError(409, "EntityAlreadyExists.ResourceDirectory", "The resource directory for the account is "
                           "already enabled. We recommend that you do not enable the resource directory again.")
        if found is not None:
            raise ApiError(409, "NotSupport.AccountInAnotherResourceDirectory", "The specified account is an Alibaba "
                           "Cloud account or already exists in another resource directory.")
        now = ctx.now()
        found = {"ResourceDirectoryId": f"rd-{ctx.uuid().hex[:6]}", "MasterAccountId": me,
                 "MasterAccountName": f"{me}@aliyun.com", "RootFolderId": f"r-{ctx.uuid().hex[:6]}",
                 "CreateTime": _iso(now), "Members": [me], "DelegatedAdministrators": []}
        ctx.store.put(KIND, KEY, found)
    return {"ResourceDirectory": _public(found)}


def enable_resource_directory(ctx, params):
    require(params, "EnableMode")
    if params["EnableMode"] == "NewManagementAccount":  # needs a code from SendVerificationCodeForEnableRD
        raise ApiError(409, "Invalid.VerificationCode", "The verification code is invalid.")
    if params["EnableMode"] != "CurrentAccount":
        raise ApiError(400, "InvalidParameter.EnableMode", f"EnableMode {params['EnableMode']} is not valid.")
    return init_resource_directory(ctx, params)


def list_delegated_administrators(ctx, params):
    found = _need_directory(ctx)
    service = params.get("ServicePrincipal")
    rows = [d for d in found["DelegatedAdministrators"] if not service or d["ServicePrincipal"] == service]
    page = max(1, int(params.get("PageNumber") or 1))
    size = min(MAX_PAGE_SIZE, max(1, int(params.get("PageSize") or PAGE_SIZE)))
    return {"Accounts": {"Account": rows[(page - 1) * size:page * size]}, "TotalCount": len(rows),
            "PageNumber": page, "PageSize": size}


def register_delegated_administrator(ctx, params):
    require(params, "AccountId", "ServicePrincipal")
    with ctx.store.transaction():
        found = _need_directory(ctx)
        if found["MasterAccountId"] != ctx.account.account_id:
            raise ApiError(403, "NoPermission", "Only the management account of the resource directory can call "
                           "RegisterDelegatedAdministrator.")
        account, service = params["AccountId"], params["ServicePrincipal"]
        if service not in TRUSTED_SERVICES:
            raise ApiError(409, "InvalidParameter.ServicePrincipal", "The specified ServicePrincipal is invalid.")
        if account == found["MasterAccountId"]:
            raise ApiError(409, "CannotRegisterMasterAsDelegatedAdministrator", "You attempted to register the "
                           "enterprise management account as a delegated administrator for the service. You can "
                           "designate only a member account as a delegated administrator.")
        if account not in found["Members"]:
            raise ApiError(404, "EntityNotExists.Account", "The specified member account does not exist.")
        if any(d["AccountId"] == account and d["ServicePrincipal"] == service
               for d in found["DelegatedAdministrators"]):
            raise ApiError(409, "AccountAlreadyRegistered", "The specified account is already a delegated "
                           "administrator for this service.")
        found["DelegatedAdministrators"].append(_delegation(account, service, ctx.now()))
        ctx.store.put(KIND, KEY, found)
    return {}


_service = rpc_service({
    "GetResourceDirectory": get_resource_directory, "InitResourceDirectory": init_resource_directory,
    "EnableResourceDirectory": enable_resource_directory,
    "ListDelegatedAdministrators": list_delegated_administrators,
    "RegisterDelegatedAdministrator": register_delegated_administrator,
}, "2020-03-31")
operation, handle, render_error = _service.operation, _service.handle, _service.render_error
