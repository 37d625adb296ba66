"""RAM state beyond principals and policies: group membership, console logon profiles, and the account's settings.

Store kinds (per account): "ram.membership" ("<group>/<user>"), "ram.login-profile" (user name) and
"ram.account-settings" (one document, key "account": the password policy, the alias, the security
preference). What a new account has before anyone sets them are the defaults below; where the API
reference states a default it is used, the rest is an assumption recorded in FIDELITY.md.
"""

from __future__ import annotations

from ...http.protocol import ApiError
from ...state import clock
from ...state.store import Store
from . import models

MEMBERSHIP_KIND, LOGIN_PROFILE_KIND, SETTINGS_KIND = "ram.membership", "ram.login-profile", "ram.account-settings"
MAX_GROUPS_PER_USER = 5
_iso = clock.iso_seconds

# GetPasswordPolicy of an account that never set one. The reference states HardExpiry false, MaxPasswordAge 0 and
# PasswordReusePrevention 0; the rest follows the console's default policy (8 characters, no character classes).
DEFAULT_PASSWORD_POLICY = {"MinimumPasswordLength": 8, "RequireLowercaseCharacters": False,
                           "RequireUppercaseCharacters": False, "RequireNumbers": False, "RequireSymbols": False,
                           "HardExpiry": False, "MaxPasswordAge": 0, "PasswordReusePrevention": 0,
                           "MaxLoginAttemps": 5}
# GetSecurityPreference of an account that never set one (the console's defaults).
DEFAULT_SECURITY_PREFERENCE = {
    "LoginProfilePreference": {"EnableSaveMFATicket": True, "AllowUserToChangePassword": True,
                               "LoginSessionDuration": 6, "LoginNetworkMasks": ""},
    "AccessKeyPreference": {"AllowUserToManageAccessKeys": False},
    "MFAPreference": {"AllowUserToManageMFADevices": True},
    "PublicKeyPreference": {"AllowUserToManagePublicKeys": False},
}


# membership ---------------------------------------------------------------------------------
def add_user_to_group(store: Store, user: str, group: str) -> None:
    with store.transaction():
        user = models.entity(store, "User", user)["UserName"]
        group = models.entity(store, "Group", group)["GroupName"]
        if store.get(MEMBERSHIP_KIND, f"{group}/{user}"):
            raise ApiError(409, "EntityAlreadyExists.User.Group", f"The user {user} is already in group {group}.")
        if len(groups_of(store, user)) >= MAX_GROUPS_PER_USER:
            raise ApiError(409, "LimitExceeded.User.Group", f"A user can join at most {MAX_GROUPS_PER_USER} groups.")
        store.put(MEMBERSHIP_KIND, f"{group}/{user}", {"GroupName": group, "UserName": user,
                                                        "JoinDate": _iso(clock.now(store))})


def remove_user_from_group(store: Store, user: str, group: str) -> None:
    with store.transaction():
        models.entity(store, "User", user)
        models.entity(store, "Group", group)
        if not store.delete(MEMBERSHIP_KIND, f"{group}/{user}"):
            raise ApiError(404, "EntityNotExist.User.Group", f"The user {user} is not in group {group}.")


def groups_of(store: Store, user: str) -> list[dict]:
    """[{GroupName, UserName, JoinDate}] of the groups a user is in."""
    return [m for m in store.list(MEMBERSHIP_KIND) if m["UserName"] == user]


def members_of(store: Store, group: str) -> list[dict]:
    return store.list(MEMBERSHIP_KIND, f"{group}/")


# console logon ------------------------------------------------------------------------------
def create_login_profile(store: Store, user: str, password_reset_required: bool, mfa_bind_required: bool) -> dict:
    with store.transaction():
        user = models.entity(store, "User", user)["UserName"]
        if store.get(LOGIN_PROFILE_KIND, user):
            raise ApiError(409, "EntityAlreadyExists.User.LoginProfile", f"The login profile of {user} already "
                           "exists.")
        profile = {"UserName": user, "PasswordResetRequired": password_reset_required,
                   "MFABindRequired": mfa_bind_required, "CreateDate": _iso(clock.now(store))}
        store.put(LOGIN_PROFILE_KIND, user, profile)  # the password itself is never kept
    return profile


def login_profile(store: Store, user: str) -> dict:
    user = models.entity(store, "User", user)["UserName"]
    found = store.get(LOGIN_PROFILE_KIND, user)
    if found is None:
        raise ApiError(404, "EntityNotExist.User.LoginProfile", f"The login profile of {user} does not exist.")
    return found


# the account's settings ---------------------------------------------------------------------
def account_settings(store: Store, account_id: str) -> dict:
    """{"PasswordPolicy", "AccountAlias", "SecurityPreference"}: what is set, over the defaults."""
    found = store.get(SETTINGS_KIND, "account") or {}
    return {"PasswordPolicy": {**DEFAULT_PASSWORD_POLICY, **found.get("PasswordPolicy", {})},
            "AccountAlias": found.get("AccountAlias", account_id),
            "SecurityPreference": found.get("SecurityPreference", DEFAULT_SECURITY_PREFERENCE)}
