"""Resource Directory state: the one directory this account manages or belongs to, and its delegations.

Store kind "resourcemanager.directory" (one document, key "rd"). ActionTrail asks
may_create_organization_trail; the control endpoint calls join and add_members.
"""

from __future__ import annotations

import time

from ...http.protocol import ApiError
from ...state import clock, ids
from ...state.store import Store

KIND = "resourcemanager.directory"
KEY = "rd"
TRUSTED_SERVICES = ("actiontrail.aliyuncs.com", "config.aliyuncs.com", "cloudfw.aliyuncs.com",
                    "sas.aliyuncs.com", "log.aliyuncs.com")


def iso(ts: float) -> str:
    """Resource Manager's timestamps carry milliseconds: 2024-05-01T08:00:00.000Z."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts)) + f".{int(ts * 1000) % 1000:03d}Z"


def directory(store: Store) -> dict | None:
    """The account's directory, or None."""
    return store.get(KIND, KEY)


def existing_directory(store: Store) -> dict:
    found = directory(store)
    if found is None:
        raise ApiError(404, "EntityNotExists.ResourceDirectory", "The resource directory for the account is not "
                       "enabled. We recommend that you first enable the resource directory for the account.")
    return found


def may_create_organization_trail(store: Store, account_id: str) -> bool:
    """The directory's management account, or ActionTrail's delegated administrator."""
    found = directory(store)
    if found is None:
        return False
    return found["MasterAccountId"] == account_id or any(
        d["AccountId"] == account_id and d["ServicePrincipal"] == "actiontrail.aliyuncs.com"
        for d in found["DelegatedAdministrators"])


def join(store: Store, account_id: str, managed_by: str, delegated_services=(), now: float | None = None) -> dict:
    """Control endpoint: this account becomes a member of a directory another account manages."""
    now = now or time.time()
    with store.transaction():
        found = {"ResourceDirectoryId": f"rd-{managed_by[-6:]}", "MasterAccountId": managed_by,
                 "MasterAccountName": f"{managed_by}@aliyun.com", "RootFolderId": f"r-{managed_by[-6:]}",
                 "CreateTime": iso(now), "Members": sorted({managed_by, account_id}), "DelegatedAdministrators": [
                     _delegation(account_id, service, now) for service in delegated_services]}
        store.put(KIND, KEY, found)
    return found


def add_members(store: Store, account_ids) -> dict:
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


def create_directory(store: Store, account_id: str) -> dict:
    """The caller becomes the management account of a new directory."""
    with store.transaction():
        found = directory(store)
        if found is not None and found["MasterAccountId"] == account_id:
            raise ApiError(409, "EntityAlreadyExists.ResourceDirectory", "The resource directory for the account is "
                           "already enabled. We recommend that you do not enable the resource directory again.")
        if found is not None:
            raise ApiError(409, "NotSupport.AccountInAnotherResourceDirectory", "The specified account is an Alibaba "
                           "Cloud account or already exists in another resource directory.")
        now = clock.now(store)
        found = {"ResourceDirectoryId": f"rd-{ids.new_uuid(store).hex[:6]}", "MasterAccountId": account_id,
                 "MasterAccountName": f"{account_id}@aliyun.com", "RootFolderId": f"r-{ids.new_uuid(store).hex[:6]}",
                 "CreateTime": iso(now), "Members": [account_id], "DelegatedAdministrators": []}
        store.put(KIND, KEY, found)
    return found


def register_delegated_administrator(store: Store, caller: str, account: str, service: str) -> None:
    with store.transaction():
        found = existing_directory(store)
        if found["MasterAccountId"] != caller:
            raise ApiError(403, "NoPermission", "Only the management account of the resource directory can call "
                           "RegisterDelegatedAdministrator.")
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
        found["DelegatedAdministrators"].append(_delegation(account, service, clock.now(store)))
        store.put(KIND, KEY, found)
