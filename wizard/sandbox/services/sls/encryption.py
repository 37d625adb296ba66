"""Logstore encryption: the `encrypt_conf` rules, and the one-way door SLS puts on them.

Stored as the API returns it: {"enable", "encrypt_type", "user_cmk_info"?: {"cmk_key_id", "arn", "region_id"}}.
CreateLogStore/UpdateLogStore send that shape; UpdateLogStoreEncryption sends {"enable", "encryptType",
"userCmkInfo": {"keyId", "roleArn", "regionId"}}, mapped here onto the same record.
"""

from __future__ import annotations

from ...http.protocol import ApiError
from ...state.store import Store
from ..kms import models as kms
from ..ram import models as ram

# What the BYOK role must hold (the SDK docstring of UpdateLogStoreEncryption: "AliyunKMSReadOnlyAccess and
# AliyunKMSCryptoUserAccess"); a custom policy is not judged here, that is RAM authorisation's job.
BYOK_ROLE_POLICIES = ("AliyunKMSReadOnlyAccess", "AliyunKMSCryptoUserAccess")
# UpdateLogStoreEncryption lists these; EncryptConf adds "sm4" (and older pages "m4").
ENCRYPT_TYPES = frozenset({"default", "m4", "sm4", "sm4_ecb", "sm4_cbc", "sm4_gcm", "aes_ecb", "aes_cbc",
                           "aes_cfb", "aes_ofb", "aes_gcm"})
_CMK_FIELDS = ("cmk_key_id", "arn", "region_id")


def _invalid(message: str) -> ApiError:
    return ApiError(400, "ParameterInvalid", message)


def from_encrypt_conf(conf) -> dict:
    """An `encrypt_conf` object as CreateLogStore / UpdateLogStore send it, checked."""
    if not isinstance(conf, dict):
        raise _invalid("encrypt_conf must be an object.")
    cmk = conf.get("user_cmk_info")
    return _checked(conf.get("enable"), conf.get("encrypt_type"), dict(cmk) if isinstance(cmk, dict) else cmk)


def from_update_body(body: dict) -> dict:
    """The UpdateLogStoreEncryption body (camelCase), as an `encrypt_conf` record."""
    cmk = body.get("userCmkInfo")
    if isinstance(cmk, dict):
        cmk = {"cmk_key_id": cmk.get("keyId"), "arn": cmk.get("roleArn"), "region_id": cmk.get("regionId")}
    return _checked(body.get("enable"), body.get("encryptType"), cmk)


def _checked(enable, encrypt_type, cmk) -> dict:
    if not isinstance(enable, bool):
        raise _invalid("enable is required and must be true or false.")
    if encrypt_type is not None and encrypt_type not in ENCRYPT_TYPES:
        raise _invalid(f"encrypt_type {encrypt_type} is not supported: use one of {', '.join(sorted(ENCRYPT_TYPES))}.")
    conf: dict = {"enable": enable}
    if encrypt_type is not None:
        conf["encrypt_type"] = encrypt_type
    if cmk is not None and not isinstance(cmk, dict):
        raise _invalid("user_cmk_info must be an object.")
    if cmk and any(cmk.get(f) for f in _CMK_FIELDS):  # an empty object means the service key, as GetLogStore shows
        missing = [f for f in _CMK_FIELDS if not cmk.get(f)]
        if missing:
            raise _invalid(f"user_cmk_info needs cmk_key_id, arn and region_id; missing {', '.join(missing)}.")
        conf["user_cmk_info"] = {f: cmk[f] for f in _CMK_FIELDS}
    return conf


def changed(old: dict | None, new: dict) -> dict:
    """The Logstore's encryption after a request: once configured, only `enable` may change."""
    if not old:
        if new["enable"] and "encrypt_type" not in new:
            raise _invalid("encrypt_type is required when encryption is enabled.")
        return new
    if new.get("encrypt_type", old.get("encrypt_type")) != old.get("encrypt_type"):
        raise _invalid(f"The encryption type of a Logstore cannot be changed once configured "
                       f"({old.get('encrypt_type')} -> {new['encrypt_type']}); only enable can.")
    if "user_cmk_info" in new and new["user_cmk_info"] != old.get("user_cmk_info"):
        raise _invalid("The key of a Logstore's encryption (service key or BYOK user_cmk_info) cannot be changed "
                       "once configured; only enable can.")
    return {**old, "enable": new["enable"]}


def check_key_usable(store: Store, conf: dict, project_region: str) -> None:
    """A BYOK key must exist, be enabled, sit in the project's region, and be reachable through a RAM role
    that log.aliyuncs.com may assume.

    Assumption (the API pages name no error code for these): the sandbox answers ParameterInvalid,
    naming what is wrong, at the moment the configuration is set.
    """
    cmk = conf.get("user_cmk_info")
    if not cmk:
        return
    if cmk["region_id"] != project_region:
        raise _invalid(f"user_cmk_info.region_id {cmk['region_id']} must be the project's region {project_region}.")
    key = kms.find_key(store, cmk["cmk_key_id"])
    if key is None or key.get("Region") != cmk["region_id"]:
        raise _invalid(f"KMS key {cmk['cmk_key_id']} does not exist in {cmk['region_id']}.")
    if key.get("KeyState") != "Enabled":
        raise _invalid(f"KMS key {cmk['cmk_key_id']} is {key.get('KeyState')}, not Enabled.")
    role = ram.role_by_arn(store, cmk["arn"])
    if role is None:
        raise _invalid(f"RAM role {cmk['arn']} does not exist.")
    if "log.aliyuncs.com" not in str(role.get("AssumeRolePolicyDocument", "")):
        raise _invalid(f"RAM role {cmk['arn']} is not trusted by log.aliyuncs.com, so Log Service cannot use the key.")
    held = {a["PolicyName"] for a in ram.attachments_of(store, "Role", role["RoleName"]) if a["PolicyType"] == "System"}
    missing = [name for name in BYOK_ROLE_POLICIES if name not in held]
    if missing:
        raise _invalid(f"RAM role {cmk['arn']} lacks the system policies {', '.join(missing)}: Log Service needs "
                       f"{' and '.join(BYOK_ROLE_POLICIES)} through it to use the key.")
