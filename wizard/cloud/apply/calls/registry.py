"""The one place an Action becomes an SDK call: (service, api) -> function(session, params) -> outputs.

Each function builds the official request model from the Action's parameters (the
same names the plan shows) and returns the outputs later actions may refer to
("${<action id>.<Field>}"), always with the RequestId. The service modules of
this package register their calls here.
"""

from __future__ import annotations

from typing import Any, Callable

from wizard.cloud.errors import MALFORMED, CloudError

Call = Callable[[Any, dict], dict]
CALLS: dict[tuple[str, str], Call] = {}

# "already exists" answers that mean a resumed run's create already happened (the resource is ours by name;
# a global name, an SLS project, is checked in its call module: the name may be another account's)
ALREADY_DONE = {
    ("ram", "CreateServiceLinkedRole"): "EntityAlreadyExists.Role",
    ("ram", "CreateRole"): "EntityAlreadyExists.Role",
    ("sls", "CreateLogStore"): "LogStoreAlreadyExist",
    ("sls", "CreateAlert"): "JobAlreadyExist",
    ("sls", "CreateIndex"): "IndexAlreadyExist",
    # the approved-settings record's key holds this apply's own id: it exists only if a retried attempt wrote it
    ("oss", "PutObject"): "FileAlreadyExists",
    ("actiontrail", "CreateTrail"): "TrailAlreadyExistsException",
    ("ram", "CreatePolicy"): "EntityAlreadyExists.Policy",
    ("ram", "AttachPolicyToUser"): "EntityAlreadyExists.User.Policy",
    ("ram", "AttachPolicyToGroup"): "EntityAlreadyExists.Group.Policy",
    ("ram", "AttachPolicyToRole"): "EntityAlreadyExists.Role.Policy",
    ("ram", "CreateGroup"): "EntityAlreadyExists.Group",
    ("ram", "AddUserToGroup"): "EntityAlreadyExists.User.Group",
}


def call(service: str, api: str):
    def register(fn: Call) -> Call:
        CALLS[(service, api)] = fn
        return fn
    return register


def from_the_service(request_id: str, header: str) -> str:
    """Every OSS and SLS answer carries its request id header; one without it came from something else."""
    if not request_id:
        raise CloudError("", "", MALFORMED, f"the answer carries no {header}: it did not come from the service "
                         "(a proxy or gateway may have answered)")
    return request_id
