"""SLS Logstores in the sandbox, through the official Tea client: TTL, shards, listing, and the encryption rules
(set at creation or by UpdateLogStoreEncryption; afterwards only on/off may change; a BYOK key must be usable)."""

from __future__ import annotations

import pytest
from alibabacloud_sls20201230 import models as sls
from alibabacloud_tea_util.models import RuntimeOptions

from tests.support.clients import error_of, kms_client, ram_client, sls_client

LOGSTORE = "actiontrail_main-trail"
TRUST_LOG_SERVICE = ('{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole",'
                     '"Principal":{"Service":["log.aliyuncs.com"]}}]}')


@pytest.fixture
def project(sandbox):
    sls_client(sandbox).create_project(sls.CreateProjectRequest(project_name="acme-logs", description="audit"))
    return "acme-logs"


def _create(client, project, name=LOGSTORE, ttl=365, conf=None, **kw):
    client.create_log_store(project, sls.CreateLogStoreRequest(
        logstore_name=name, ttl=ttl, shard_count=kw.pop("shard_count", 2), encrypt_conf=conf, **kw))


def _service_key(enable=True, encrypt_type="default"):
    return sls.EncryptConf(enable=enable, encrypt_type=encrypt_type)


def test_logstore_keeps_ttl_shards_and_encryption(sandbox, project):
    client = sls_client(sandbox)
    _create(client, project, ttl=365, conf=_service_key(), auto_split=True, max_split_shard=64)
    store = client.get_log_store(project, LOGSTORE).body
    assert (store.logstore_name, store.ttl, store.shard_count, store.auto_split, store.max_split_shard) == \
        (LOGSTORE, 365, 2, True, 64)
    assert (store.encrypt_conf.enable, store.encrypt_conf.encrypt_type, store.encrypt_conf.user_cmk_info) == \
        (True, "default", None)
    assert store.create_time > 0 and store.last_modify_time >= store.create_time


def test_update_changes_the_ttl_but_not_the_shard_count(sandbox, project):
    client = sls_client(sandbox)
    _create(client, project, ttl=30)
    client.update_log_store(project, LOGSTORE, sls.UpdateLogStoreRequest(logstore_name=LOGSTORE, ttl=3650,
                                                                         shard_count=8))
    store = client.get_log_store(project, LOGSTORE).body
    assert (store.ttl, store.shard_count) == (3650, 2)
    mismatch = error_of(client.update_log_store, project, LOGSTORE,
                        sls.UpdateLogStoreRequest(logstore_name="other-store", ttl=30, shard_count=2))
    assert mismatch.code == "ParameterInvalid"


def test_list_filters_and_pages(sandbox, project):
    client = sls_client(sandbox)
    for name in ("alpha", "beta", LOGSTORE):
        _create(client, project, name=name)
    listed = client.list_log_stores(project, sls.ListLogStoresRequest()).body
    assert (listed.count, listed.total, listed.logstores) == (3, 3, [LOGSTORE, "alpha", "beta"])
    assert client.list_log_stores(project, sls.ListLogStoresRequest(logstore_name="al")).body.logstores == ["alpha"]
    paged = client.list_log_stores(project, sls.ListLogStoresRequest(offset=2, size=5)).body
    assert (paged.count, paged.total, paged.logstores) == (1, 3, ["beta"])


def test_missing_things_and_duplicates(sandbox, project):
    client = sls_client(sandbox)
    _create(client, project)
    duplicate = error_of(lambda: _create(client, project))
    assert (duplicate.code, duplicate.data["statusCode"]) == ("LogStoreAlreadyExist", 400)
    missing = error_of(client.get_log_store, project, "missing")
    assert (missing.code, missing.data["statusCode"]) == ("LogStoreNotExist", 404)
    assert error_of(client.get_log_store, "no-such-project", LOGSTORE).code == "ProjectNotExist"
    assert error_of(lambda: _create(client, "no-such-project")).code == "ProjectNotExist"
    assert error_of(client.list_log_stores, "no-such-project", sls.ListLogStoresRequest()).code == "ProjectNotExist"


@pytest.mark.parametrize("ttl, accepted", [(0, False), (1, True), (3650, True), (3651, False)])
def test_ttl_must_be_1_to_3650_days(sandbox, project, ttl, accepted):
    client = sls_client(sandbox)
    if accepted:
        _create(client, project, ttl=ttl)
        assert client.get_log_store(project, LOGSTORE).body.ttl == ttl
    else:
        error = error_of(lambda: _create(client, project, ttl=ttl))
        assert error.code == "ParameterInvalid" and "ttl" in error.message


def test_ttl_bounds_hold_on_update_too(sandbox, project):
    client = sls_client(sandbox)
    _create(client, project)
    error = error_of(client.update_log_store, project, LOGSTORE,
                     sls.UpdateLogStoreRequest(logstore_name=LOGSTORE, ttl=4000, shard_count=2))
    assert error.code == "ParameterInvalid"
    assert client.get_log_store(project, LOGSTORE).body.ttl == 365


@pytest.mark.parametrize("name", ["ab", "Upper_Case", "_leading", "trailing-", "dots.not.allowed", "x" * 64])
def test_invalid_logstore_names_are_refused(sandbox, project, name):
    assert error_of(lambda: _create(sls_client(sandbox), project, name=name)).code == "ParameterInvalid"


def test_encryption_once_set_can_only_be_switched_on_and_off(sandbox, project):
    client = sls_client(sandbox)
    _create(client, project, conf=_service_key())
    client.update_log_store_encryption(project, LOGSTORE, sls.UpdateLogStoreEncryptionRequest(enable=False))
    conf = client.get_log_store(project, LOGSTORE).body.encrypt_conf
    assert (conf.enable, conf.encrypt_type) == (False, "default")
    client.update_log_store_encryption(project, LOGSTORE, sls.UpdateLogStoreEncryptionRequest(
        enable=True, encrypt_type="default"))
    assert client.get_log_store(project, LOGSTORE).body.encrypt_conf.enable is True
    other_type = error_of(client.update_log_store_encryption, project, LOGSTORE,
                          sls.UpdateLogStoreEncryptionRequest(enable=True, encrypt_type="sm4_gcm"))
    assert other_type.code == "ParameterInvalid" and "only enable" in other_type.message
    via_update = error_of(client.update_log_store, project, LOGSTORE, sls.UpdateLogStoreRequest(
        logstore_name=LOGSTORE, ttl=365, shard_count=2, encrypt_conf=_service_key(encrypt_type="aes_gcm")))
    assert via_update.code == "ParameterInvalid"
    assert client.get_log_store(project, LOGSTORE).body.encrypt_conf.encrypt_type == "default"


def test_unencrypted_logstore_can_be_encrypted_later(sandbox, project):
    client = sls_client(sandbox)
    _create(client, project)
    assert client.get_log_store(project, LOGSTORE).body.encrypt_conf is None
    client.update_log_store_encryption(project, LOGSTORE, sls.UpdateLogStoreEncryptionRequest(
        enable=True, encrypt_type="default"))
    conf = client.get_log_store(project, LOGSTORE).body.encrypt_conf
    assert (conf.enable, conf.encrypt_type) == (True, "default")


def test_enabling_encryption_needs_an_encrypt_type(sandbox, project):
    client = sls_client(sandbox)
    error = error_of(lambda: _create(client, project, conf=sls.EncryptConf(enable=True)))
    assert error.code == "ParameterInvalid" and "encrypt_type" in error.message
    unknown_type = error_of(lambda: _create(client, project, conf=_service_key(encrypt_type="rot13")))
    assert unknown_type.code == "ParameterInvalid"


BYOK_POLICIES = ("AliyunKMSReadOnlyAccess", "AliyunKMSCryptoUserAccess")


def _cmk_setup(sandbox, region="cn-hangzhou", trusted=True, policies=BYOK_POLICIES):
    from alibabacloud_kms20160120 import models as kms
    from alibabacloud_ram20150501 import models as ram

    key = kms_client(sandbox, region=region).create_key(kms.CreateKeyRequest(
        key_spec="Aliyun_AES_256", key_usage="ENCRYPT/DECRYPT")).body.key_metadata
    trust = TRUST_LOG_SERVICE if trusted else TRUST_LOG_SERVICE.replace("log.aliyuncs.com", "ecs.aliyuncs.com")
    role = ram_client(sandbox).create_role(ram.CreateRoleRequest(
        role_name="SlsCmkRole" if trusted else "EcsRole", assume_role_policy_document=trust)).body.role
    for policy in policies:
        ram_client(sandbox).attach_policy_to_role(ram.AttachPolicyToRoleRequest(
            policy_type="System", policy_name=policy, role_name=role.role_name))
    return key.key_id, role.arn


def test_byok_with_a_usable_key_and_role(sandbox, project):
    client = sls_client(sandbox)
    key_id, role_arn = _cmk_setup(sandbox)
    _create(client, project, conf=sls.EncryptConf(enable=True, encrypt_type="default", user_cmk_info=(
        sls.EncryptUserCmkConf(cmk_key_id=key_id, arn=role_arn, region_id="cn-hangzhou"))))
    cmk = client.get_log_store(project, LOGSTORE).body.encrypt_conf.user_cmk_info
    assert (cmk.cmk_key_id, cmk.arn, cmk.region_id) == (key_id, role_arn, "cn-hangzhou")
    client.update_log_store_encryption(project, LOGSTORE, sls.UpdateLogStoreEncryptionRequest(enable=False))
    conf = client.get_log_store(project, LOGSTORE).body.encrypt_conf
    assert conf.enable is False and conf.user_cmk_info.cmk_key_id == key_id


def test_byok_through_update_encryption_uses_its_camel_case_fields(sandbox, project):
    client = sls_client(sandbox)
    key_id, role_arn = _cmk_setup(sandbox)
    _create(client, project)
    client.update_log_store_encryption(project, LOGSTORE, sls.UpdateLogStoreEncryptionRequest(
        enable=True, encrypt_type="default", user_cmk_info=sls.UpdateLogStoreEncryptionRequestUserCmkInfo(
            key_id=key_id, role_arn=role_arn, region_id="cn-hangzhou")))
    assert client.get_log_store(project, LOGSTORE).body.encrypt_conf.user_cmk_info.cmk_key_id == key_id


def test_service_key_cannot_become_byok(sandbox, project):
    client = sls_client(sandbox)
    key_id, role_arn = _cmk_setup(sandbox)
    _create(client, project, conf=_service_key())
    error = error_of(client.update_log_store_encryption, project, LOGSTORE, sls.UpdateLogStoreEncryptionRequest(
        enable=True, encrypt_type="default", user_cmk_info=sls.UpdateLogStoreEncryptionRequestUserCmkInfo(
            key_id=key_id, role_arn=role_arn, region_id="cn-hangzhou")))
    assert error.code == "ParameterInvalid" and "only enable" in error.message


def _byok(key_id, role_arn, region="cn-hangzhou"):
    return sls.EncryptConf(enable=True, encrypt_type="default", user_cmk_info=sls.EncryptUserCmkConf(
        cmk_key_id=key_id, arn=role_arn, region_id=region))


def test_byok_key_must_exist_in_the_projects_region(sandbox, project):
    client = sls_client(sandbox)
    key_id, role_arn = _cmk_setup(sandbox, region="cn-beijing")
    wrong_region = error_of(lambda: _create(client, project, conf=_byok(key_id, role_arn, region="cn-beijing")))
    assert wrong_region.code == "ParameterInvalid" and "region" in wrong_region.message
    unknown = error_of(lambda: _create(client, project, conf=_byok("no-such-key", role_arn)))
    assert unknown.code == "ParameterInvalid" and "no-such-key" in unknown.message
    assert error_of(client.get_log_store, project, LOGSTORE).code == "LogStoreNotExist"


def test_byok_role_must_be_trusted_by_log_service(sandbox, project):
    client = sls_client(sandbox)
    key_id, untrusted_arn = _cmk_setup(sandbox, trusted=False)
    error = error_of(lambda: _create(client, project, conf=_byok(key_id, untrusted_arn)))
    assert error.code == "ParameterInvalid" and "log.aliyuncs.com" in error.message
    missing_role = error_of(lambda: _create(client, project, conf=_byok(key_id, "acs:ram::1:role/ghost")))
    assert missing_role.code == "ParameterInvalid"


def test_byok_key_must_be_enabled(sandbox, project):
    from alibabacloud_kms20160120 import models as kms

    key_id, role_arn = _cmk_setup(sandbox)
    kms_client(sandbox).disable_key(kms.DisableKeyRequest(key_id=key_id))
    error = error_of(lambda: _create(sls_client(sandbox), project, conf=_byok(key_id, role_arn)))
    assert error.code == "ParameterInvalid" and "Disabled" in error.message


@pytest.mark.parametrize("compress_type", ["deflate", "lz4", "zstd"])
def test_compressed_request_bodies_are_read(sandbox, project, compress_type):
    """The Tea gateway compresses a body when asked by x-log-compresstype (and signs the compressed bytes)."""
    client = sls_client(sandbox)
    request = sls.CreateLogStoreRequest(logstore_name=LOGSTORE, ttl=200, shard_count=2, encrypt_conf=_service_key())
    client.create_log_store_with_options(project, request, {"x-log-compresstype": compress_type}, RuntimeOptions())
    store = client.get_log_store(project, LOGSTORE).body
    assert (store.ttl, store.encrypt_conf.enable) == (200, True)


def test_logstores_survive_a_restart(tmp_path):
    from wizard.sandbox.server import SandboxServer

    with SandboxServer(tmp_path / "state.db") as first:
        client = sls_client(first)
        client.create_project(sls.CreateProjectRequest(project_name="kept-logs", description=""))
        _create(client, "kept-logs", ttl=400, conf=_service_key())
    with SandboxServer(tmp_path / "state.db") as second:
        store = sls_client(second).get_log_store("kept-logs", LOGSTORE).body
        assert (store.ttl, store.encrypt_conf.enable) == (400, True)


@pytest.mark.parametrize("policies, missing", [((), "AliyunKMSReadOnlyAccess, AliyunKMSCryptoUserAccess"),
                                               (("AliyunKMSCryptoUserAccess",), "AliyunKMSReadOnlyAccess"),
                                               (("AliyunKMSReadOnlyAccess",), "AliyunKMSCryptoUserAccess")])
def test_byok_role_needs_both_kms_system_policies(sandbox, project, policies, missing):
    """FIDELITY.md, "SLS: Logstore encryption": the UpdateLogStoreEncryption reference names both policies."""
    client = sls_client(sandbox)
    key_id, role_arn = _cmk_setup(sandbox, policies=policies)
    error = error_of(_create, client, project, LOGSTORE, 365, _byok(key_id, role_arn))
    assert error.code == "ParameterInvalid" and f"lacks the system policies {missing}" in error.message
