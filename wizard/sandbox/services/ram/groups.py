"""RAM group membership: AddUserToGroup, ListUsersForGroup, ListGroupsForUser (models and handlers, one small job).

Store kind "ram.membership", keyed "<group>/<user>". Shapes and codes follow the RAM API
reference (api-ram-2015-05-01-addusertogroup, -listusersforgroup, -listgroupsforuser):
EntityNotExist.User / EntityNotExist.Group (404), EntityAlreadyExists.User.Group (409).
See wizard/sandbox/FIDELITY.md for what the pages leave open.
"""

from __future__ import annotations

from ...http.protocol import ApiError
from ...http.rpc import require
from ...state import clock
from ...state.store import Store
from . import models

MEMBERSHIP_KIND = "ram.membership"


def add_user(store: Store, group: str, user: str, when: str | None = None) -> None:
    with store.transaction():
        user_name = models.entity(store, "User", user)["UserName"]
        group_name = models.entity(store, "Group", group)["GroupName"]
        key = f"{group_name}/{user_name}"
        if store.get(MEMBERSHIP_KIND, key):
            raise ApiError(409, "EntityAlreadyExists.User.Group", "The user has already joined the group.")
        store.put(MEMBERSHIP_KIND, key, {"GroupName": group_name, "UserName": user_name,
                                         "JoinDate": when or clock.iso_seconds(clock.now(store))})


def members(store: Store, group: str) -> list[dict]:
    return store.list(MEMBERSHIP_KIND, f"{group}/")


def groups_of(store: Store, user: str) -> list[dict]:
    return [m for m in store.list(MEMBERSHIP_KIND) if m["UserName"] == user]


def add_user_to_group(ctx, params):
    require(params, "UserName", "GroupName")
    add_user(ctx.store, params["GroupName"], params["UserName"])
    return {}


def list_users_for_group(ctx, params):
    require(params, "GroupName")
    group = models.entity(ctx.store, "Group", params["GroupName"])["GroupName"]
    users = []
    for membership in members(ctx.store, group):
        user = models.find_entity(ctx.store, "User", membership["UserName"]) or {}
        users.append({"UserName": membership["UserName"], "DisplayName": user.get("DisplayName", ""),
                      "JoinDate": membership["JoinDate"]})
    return {"Users": {"User": users}, "IsTruncated": False}


def list_groups_for_user(ctx, params):
    require(params, "UserName")
    user = models.entity(ctx.store, "User", params["UserName"])["UserName"]
    groups = []
    for membership in groups_of(ctx.store, user):
        group = models.find_entity(ctx.store, "Group", membership["GroupName"]) or {}
        groups.append({"GroupName": membership["GroupName"], "Comments": group.get("Comments", ""),
                       "JoinDate": membership["JoinDate"]})
    return {"Groups": {"Group": groups}}


ACTIONS = {"AddUserToGroup": add_user_to_group, "ListUsersForGroup": list_users_for_group,
           "ListGroupsForUser": list_groups_for_user}
