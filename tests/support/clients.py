"""Official SDK clients pointed at a running sandbox: real host names, HTTPS through the sandbox as proxy.

Each trusts the sandbox's CA and nothing else differs from a client of the real cloud.
"""

from __future__ import annotations

from wizard.cloud.session import trusting_http_client


def tea_config(sandbox, endpoint: str, region: str = "cn-hangzhou", secret: str | None = None):
    from alibabacloud_tea_openapi.models import Config

    return Config(
        access_key_id=sandbox.account.access_key_id,
        access_key_secret=secret if secret is not None else sandbox.account.access_key_secret,
        security_token=getattr(sandbox.account, "security_token", None) or None,  # an STS key's
        endpoint=endpoint,
        region_id=region,
        protocol="https",
        https_proxy=sandbox.url,
        ca=sandbox.ca_bundle,
        read_timeout=10000,
        connect_timeout=5000,
    )


def sts_client(sandbox, **kw):
    from alibabacloud_sts20150401.client import Client

    return Client(tea_config(sandbox, "sts.cn-hangzhou.aliyuncs.com", **kw))


def actiontrail_client(sandbox, region: str = "cn-hangzhou", **kw):
    from alibabacloud_actiontrail20200706.client import Client

    return Client(tea_config(sandbox, f"actiontrail.{region}.aliyuncs.com", region, **kw))


def kms_client(sandbox, region: str = "cn-hangzhou", **kw):
    from alibabacloud_kms20160120.client import Client

    return Client(tea_config(sandbox, f"kms.{region}.aliyuncs.com", region, **kw))


def ram_client(sandbox, **kw):
    from alibabacloud_ram20150501.client import Client

    return Client(tea_config(sandbox, "ram.aliyuncs.com", **kw))


def resourcemanager_client(sandbox, **kw):
    from alibabacloud_resourcemanager20200331.client import Client

    return Client(tea_config(sandbox, "resourcemanager.aliyuncs.com", **kw))


def sls_client(sandbox, region: str = "cn-hangzhou", **kw):
    from alibabacloud_sls20201230.client import Client

    return Client(tea_config(sandbox, f"{region}.log.aliyuncs.com", region, **kw))


def sls_with_logstore(sandbox, project: str, logstore: str, ttl: int = 365, shards: int = 2):
    """An SLS client on a sandbox that has a project and one Logstore in it."""
    from alibabacloud_sls20201230 import models as sls

    client = sls_client(sandbox)
    client.create_project(sls.CreateProjectRequest(project_name=project, description="test"))
    client.create_log_store(project, sls.CreateLogStoreRequest(logstore_name=logstore, ttl=ttl, shard_count=shards))
    return client


def oss_client(sandbox, region: str = "cn-hangzhou", secret: str | None = None):
    import alibabacloud_oss_v2 as oss

    cfg = oss.config.load_default()
    cfg.credentials_provider = oss.credentials.StaticCredentialsProvider(
        sandbox.account.access_key_id,
        secret if secret is not None else sandbox.account.access_key_secret,
        getattr(sandbox.account, "security_token", None) or None,
    )
    cfg.region = region  # the default endpoint, https://oss-<region>.aliyuncs.com
    cfg.http_client = trusting_http_client(sandbox.url, sandbox.ca_bundle, 20)
    return oss.Client(cfg)


def error_of(call, *args):
    """The exception an SDK call raises (the test fails if it does not raise)."""
    import pytest

    with pytest.raises(Exception) as caught:
        call(*args)
    return caught.value
