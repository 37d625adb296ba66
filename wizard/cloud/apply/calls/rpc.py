"""The RPC calls (ActionTrail, KMS, RAM) whose request models take the Action's parameters by their wire names."""

from __future__ import annotations

from wizard.cloud.apply.calls.registry import CALLS


def _tea(client_of: str, method: str, module: str, request: str):
    """A Tea RPC call whose request model takes the Action's parameters by their wire names."""
    def run(session, params):
        import importlib

        models = importlib.import_module(f"{module}.models")
        body = getattr(getattr(session, client_of)(), method)(getattr(models, request)().from_map(params)).body
        answer = body.to_map() if body is not None else {}
        return {k: v for k, v in answer.items() if isinstance(v, (str, int, float, bool))}  # ids, not documents
    return run


_RPC = {
    "actiontrail": ("alibabacloud_actiontrail20200706", ["CreateTrail", "UpdateTrail", "StartLogging"]),
    "kms": ("alibabacloud_kms20160120", ["CreateAlias", "UpdateRotationPolicy", "SetDeletionProtection",
                                         "EnableKey", "TagResource"]),
    "ram": ("alibabacloud_ram20150501", ["CreateServiceLinkedRole", "CreateRole", "CreatePolicy",
                                         "CreatePolicyVersion", "AttachPolicyToUser", "AttachPolicyToGroup",
                                         "AttachPolicyToRole", "CreateGroup", "AddUserToGroup"]),
}


def _snake(api: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in api).lstrip("_")


for _service, (_module, _apis) in _RPC.items():
    for _api in _apis:
        CALLS[(_service, _api)] = _tea(_service, _snake(_api), _module, f"{_api}Request")
