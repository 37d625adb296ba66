"""Resource Manager handlers: read the RPC parameters, call the models, shape the answers."""

from __future__ import annotations

from ...http.protocol import ApiError
from ...http.rpc import integer, require
from . import models

PAGE_SIZE, MAX_PAGE_SIZE = 10, 100


def _public(found: dict, keys=("ResourceDirectoryId", "MasterAccountId", "MasterAccountName", "RootFolderId",
                               "CreateTime")) -> dict:
    return {key: found[key] for key in keys}


def get_resource_directory(ctx, params):
    found = models.directory(ctx.store)
    if found is None:
        raise ApiError(404, "ResourceDirectoryNotInUse", "The specified account is not an Alibaba Cloud account or a "
                       "member account of the resource directory.")
    return {"ResourceDirectory": {**_public(found), "ControlPolicyStatus": "Disabled",
                                  "MemberDeletionStatus": "Disabled", "IdentityInformation": ""}}


def init_resource_directory(ctx, params):
    return {"ResourceDirectory": _public(models.create_directory(ctx.store, ctx.account.account_id))}


def enable_resource_directory(ctx, params):
    require(params, "EnableMode")
    if params["EnableMode"] == "NewManagementAccount":  # needs a code from SendVerificationCodeForEnableRD
        raise ApiError(409, "Invalid.VerificationCode", "The verification code is invalid.")
    if params["EnableMode"] != "CurrentAccount":
        raise ApiError(400, "InvalidParameter.EnableMode", f"EnableMode {params['EnableMode']} is not valid.")
    return init_resource_directory(ctx, params)


def list_delegated_administrators(ctx, params):
    found = models.existing_directory(ctx.store)
    service = params.get("ServicePrincipal")
    rows = [d for d in found["DelegatedAdministrators"] if not service or d["ServicePrincipal"] == service]
    page = integer(params, "PageNumber", 1, 1, 10**9)
    size = integer(params, "PageSize", PAGE_SIZE, 1, MAX_PAGE_SIZE)
    return {"Accounts": {"Account": rows[(page - 1) * size:page * size]}, "TotalCount": len(rows),
            "PageNumber": page, "PageSize": size}


def register_delegated_administrator(ctx, params):
    require(params, "AccountId", "ServicePrincipal")
    models.register_delegated_administrator(ctx.store, ctx.account.account_id, params["AccountId"],
                                            params["ServicePrincipal"])
    return {}


ACTIONS = {
    "GetResourceDirectory": get_resource_directory, "InitResourceDirectory": init_resource_directory,
    "EnableResourceDirectory": enable_resource_directory,
    "ListDelegatedAdministrators": list_delegated_administrators,
    "RegisterDelegatedAdministrator": register_delegated_administrator,
}
