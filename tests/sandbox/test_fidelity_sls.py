"""SLS rows of FIDELITY.md, "SLS: Logstores": UpdateLogStore replaces the whole setting (logstoreName and ttl
required, what it leaves out takes its default), as aliyun-log's update_logstore shows by sending everything
back; the wizard's TTL fix keeps every other setting of an existing Logstore."""

from __future__ import annotations

import json

import pytest
from alibabacloud_sls20201230 import models as sls

from tests.support.cli import run
from tests.support.clients import error_of, sls_client

PROJECT, TRAIL_LOGSTORE = "acme-actiontrail", "actiontrail_actiontrail-baseline"
ODD_SETTINGS = {"shard_count": 4, "auto_split": False, "append_meta": True, "enable_tracking": True, "hot_ttl": 30}


def _odd_logstore(client, name: str, ttl: int = 90):
    client.create_project(sls.CreateProjectRequest(project_name=PROJECT, description="audit"))
    client.create_log_store(PROJECT, sls.CreateLogStoreRequest(logstore_name=name, ttl=ttl, **ODD_SETTINGS))


def _settings(client, name: str) -> dict:
    body = client.get_log_store(PROJECT, name).body
    return {"ttl": body.ttl, **{field: getattr(body, field) for field in ODD_SETTINGS}}


def test_update_logstore_replaces_the_whole_setting(sandbox):
    client = sls_client(sandbox)
    _odd_logstore(client, "replaced")
    client.update_log_store(PROJECT, "replaced", sls.UpdateLogStoreRequest(logstore_name="replaced", ttl=365))
    after = _settings(client, "replaced")
    assert after == {"ttl": 365, "shard_count": 4, "auto_split": False, "append_meta": False,
                     "enable_tracking": False, "hot_ttl": None}  # the SDK's defaults for what was left out


@pytest.mark.parametrize("body", [{"logstoreName": "replaced"}, {"ttl": 365}, {"logstoreName": "other", "ttl": 365}])
def test_update_logstore_needs_its_name_and_ttl(sandbox, body):
    client = sls_client(sandbox)
    _odd_logstore(client, "replaced")
    error = error_of(client.update_log_store, PROJECT, "replaced", sls.UpdateLogStoreRequest().from_map(body))
    assert (error.code, error.data["statusCode"]) == ("ParameterInvalid", 400)


def test_aliyun_log_sends_the_whole_setting_back_and_keeps_it(sandbox, monkeypatch):
    from aliyun.log import LogClient

    client = sls_client(sandbox)
    _odd_logstore(client, "second-client")
    monkeypatch.setenv("HTTPS_PROXY", sandbox.url)  # aliyun-log as any user points it: the standard environment
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", sandbox.ca_bundle)
    account = sandbox.account
    other = LogClient("https://cn-hangzhou.log.aliyuncs.com", account.access_key_id, account.access_key_secret)
    other.update_logstore(PROJECT, "second-client", ttl=365, hot_ttl=30)
    assert _settings(client, "second-client") == {**ODD_SETTINGS, "ttl": 365}


def test_the_wizards_ttl_fix_keeps_every_other_setting(sandbox):
    client = sls_client(sandbox)
    _odd_logstore(client, TRAIL_LOGSTORE)
    plan = json.loads(run(sandbox, "plan", "--config", "examples/baseline.toml", "--format", "json").out)
    fix = next(a for a in plan["actions"] if a["api"] == "UpdateLogStore")
    assert {k: fix["params"][k] for k in ("shardCount", "autoSplit", "appendMeta", "enable_tracking", "hot_ttl")} \
        == {"shardCount": 4, "autoSplit": False, "appendMeta": True, "enable_tracking": True, "hot_ttl": 30}
    assert run(sandbox, "apply", "--config", "examples/baseline.toml", "--yes", "--lock-worm").code in (0, 2)
    assert _settings(client, TRAIL_LOGSTORE) == {**ODD_SETTINGS, "ttl": 365}


def test_the_wizards_byok_role_holds_both_policies_log_service_needs(sandbox, tmp_path):
    """FIDELITY.md, "SLS: Logstore encryption": the wizard used to attach only AliyunKMSCryptoUserAccess, which the
    sandbox now refuses, as the UpdateLogStoreEncryption reference names both."""
    from alibabacloud_ram20150501 import models as ram

    from tests.support.clients import ram_client
    from wizard.core.names import SLS_CMK_ROLE

    config = tmp_path / "cmk.toml"
    config.write_text(open("examples/baseline.toml").read().replace('encryption = "service"', 'encryption = "cmk"'))
    assert run(sandbox, "apply", "--config", str(config), "--yes", "--lock-worm").code == 0
    held = ram_client(sandbox).list_policies_for_role(ram.ListPoliciesForRoleRequest(role_name=SLS_CMK_ROLE))
    assert sorted(p.policy_name for p in held.body.policies.policy) == ["AliyunKMSCryptoUserAccess",
                                                                        "AliyunKMSReadOnlyAccess"]
    cmk = sls_client(sandbox).get_log_store(PROJECT, TRAIL_LOGSTORE).body.encrypt_conf.user_cmk_info
    assert cmk.cmk_key_id and cmk.arn.endswith(SLS_CMK_ROLE.lower())
