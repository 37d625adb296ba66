"""RAM handlers of what account-security scanners read: users, their access keys and console logon, groups and
their members, MFA devices, and the account's password policy, alias and security preference.

Access keys are the sandbox's identities (state/account.py): CreateAccessKey makes a key that signs as
that user, DeleteAccessKey takes one away. The sandbox account's own key belongs to the root account, so it is listed by ListAccessKeys
without a UserName (the caller's own keys) when the root calls, and never under a RAM user.
"""

from __future__ import annotations

from ...http.protocol import ApiError
from ...http.rpc import flag, require
from ...state.account import ROOT
from . import members, models
from .paging import marker_page

MAX_ACCESS_KEYS = 2  # per user (and per root account), as RAM allows
FIRST_KEY_DATE = "2024-01-01T00:00:00Z"  # the first account's key predates this record: a fixed, plausible date


def _key_owner(ctx, params) -> str:
    """The principal whose keys a call is about: the named user, or the caller itself."""
    name = params.get("UserName")
    if name:
        return f"user/{models.entity(ctx.store, 'User', name)['UserName']}"
    if ctx.caller is not None and ctx.caller.user_name:
        return ctx.caller.principal
    return ROOT


def _key_shape(key, secret: bool = False) -> dict:
    shape = {"AccessKeyId": key.access_key_id, "Status": key.status, "CreateDate": key.created or FIRST_KEY_DATE}
    return {**shape, "AccessKeySecret": key.access_key_secret} if secret else shape


def get_user(ctx, params):
    require(params, "UserName")
    user = models.entity(ctx.store, "User", params["UserName"])
    return {"User": {"UserId": user["UserId"], "UserName": user["UserName"], "DisplayName": user["DisplayName"],
                     "MobilePhone": user.get("MobilePhone", ""), "Email": user.get("Email", ""),
                     "Comments": user.get("Comments", ""), "CreateDate": user["CreateDate"],
                     "UpdateDate": user["UpdateDate"], "LastLoginDate": user.get("LastLoginDate", "")}}


def list_access_keys(ctx, params):
    keys = ctx.accounts.keys_of(ctx.account_id, _key_owner(ctx, params))
    return {"AccessKeys": {"AccessKey": [_key_shape(k) for k in keys]}}


def create_access_key(ctx, params):
    owner = _key_owner(ctx, params)
    with ctx.store.transaction():
        if len(ctx.accounts.keys_of(ctx.account_id, owner)) >= MAX_ACCESS_KEYS:
            raise ApiError(409, "LimitExceeded.User.AccessKey", f"A user can hold at most {MAX_ACCESS_KEYS} "
                           "AccessKey pairs.")
        key = ctx.accounts.create_key(ctx.account_id, owner)
    return {"AccessKey": _key_shape(key, secret=True)}


def delete_access_key(ctx, params):
    require(params, "UserAccessKeyId")
    owner = _key_owner(ctx, params)
    key_id = params["UserAccessKeyId"]
    if not any(k.access_key_id == key_id for k in ctx.accounts.keys_of(ctx.account_id, owner)):
        raise ApiError(404, "EntityNotExist.User.AccessKey", f"The AccessKey {key_id} does not exist.")
    if key_id == ctx.accounts.first.access_key_id:
        raise ApiError(409, "DeleteConflict.AccessKey.Root", "The sandbox account's own key cannot be deleted.")
    ctx.accounts.delete_key(key_id)
    return {}


def create_login_profile(ctx, params):
    require(params, "UserName", "Password")
    profile = members.create_login_profile(ctx.store, params["UserName"], flag(params, "PasswordResetRequired"),
                                           flag(params, "MFABindRequired"))
    return {"LoginProfile": profile}


def get_login_profile(ctx, params):
    require(params, "UserName")
    return {"LoginProfile": members.login_profile(ctx.store, params["UserName"])}


def get_group(ctx, params):
    require(params, "GroupName")
    group = models.entity(ctx.store, "Group", params["GroupName"])
    return {"Group": {k: group.get(k, "") for k in ("GroupId", "GroupName", "DisplayName", "Comments", "CreateDate",
                                                    "UpdateDate")}}


def list_groups_for_user(ctx, params):
    require(params, "UserName")
    user = models.entity(ctx.store, "User", params["UserName"])["UserName"]
    groups = []
    for membership in members.groups_of(ctx.store, user):
        group = models.entity(ctx.store, "Group", membership["GroupName"])
        groups.append({"GroupName": group["GroupName"], "GroupId": group["GroupId"],
                       "Comments": group.get("Comments", ""), "DisplayName": group.get("DisplayName", ""),
                       "JoinDate": membership["JoinDate"]})
    return {"Groups": {"Group": groups}}


def list_users_for_group(ctx, params):
    require(params, "GroupName")
    group = models.entity(ctx.store, "Group", params["GroupName"])["GroupName"]
    users = []
    for membership in members.members_of(ctx.store, group):
        user = models.entity(ctx.store, "User", membership["UserName"])
        users.append({"UserName": user["UserName"], "DisplayName": user["DisplayName"],
                      "JoinDate": membership["JoinDate"]})
    page, more = marker_page(params, users)
    return {"Users": {"User": page}, **more}


def _membership(change):
    def action(ctx, params):
        require(params, "UserName", "GroupName")
        change(ctx.store, params["UserName"], params["GroupName"])
        return {}
    return action


def list_virtual_mfa_devices(ctx, params):
    """No MFA device can be made in the sandbox yet, so every account has none (an honest, empty answer)."""
    return {"VirtualMFADevices": {"VirtualMFADevice": []}}


def get_password_policy(ctx, params):
    return {"PasswordPolicy": members.account_settings(ctx.store, ctx.account_id)["PasswordPolicy"]}


def get_account_alias(ctx, params):
    return {"AccountAlias": members.account_settings(ctx.store, ctx.account_id)["AccountAlias"]}


def get_security_preference(ctx, params):
    return {"SecurityPreference": members.account_settings(ctx.store, ctx.account_id)["SecurityPreference"]}


ACTIONS = {
    "GetUser": get_user, "ListAccessKeys": list_access_keys, "CreateAccessKey": create_access_key,
    "DeleteAccessKey": delete_access_key,
    "CreateLoginProfile": create_login_profile, "GetLoginProfile": get_login_profile, "GetGroup": get_group,
    "ListGroupsForUser": list_groups_for_user, "ListUsersForGroup": list_users_for_group,
    "AddUserToGroup": _membership(members.add_user_to_group),
    "RemoveUserFromGroup": _membership(members.remove_user_from_group),
    "ListVirtualMFADevices": list_virtual_mfa_devices, "GetPasswordPolicy": get_password_policy,
    "GetAccountAlias": get_account_alias, "GetSecurityPreference": get_security_preference,
}
