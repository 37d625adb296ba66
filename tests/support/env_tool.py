"""An SDK-based tool that knows nothing of the sandbox: it is configured only by the standard environment.

Run as `python -m tests.support.env_tool BUCKET PROJECT [--tea-ca]` with HTTPS_PROXY, REQUESTS_CA_BUNDLE,
SSL_CERT_FILE, ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET set, as a user would point any
tool at the sandbox. It uses each official client with its defaults (HTTPS, the real endpoints, the default
credential chain) and prints one JSON line of what it saw.

The Tea clients (darabonba) hand requests a verify=True that requests resolves to certifi's bundle, never to
REQUESTS_CA_BUNDLE or SSL_CERT_FILE; they read HTTPS_PROXY but need the CA in their Config. `--tea-ca`
gives it to them from REQUESTS_CA_BUNDLE, the one line a Tea-based tool needs; without it they fail.
"""

from __future__ import annotations

import json
import os
import sys

REGION = "cn-hangzhou"


TEA_CA: list[str] = []  # the CA bundle, when the Tea clients are given one (--tea-ca)


def _tea(client_class, endpoint: str):
    from alibabacloud_credentials.client import Client as Credentials
    from alibabacloud_tea_openapi.models import Config

    return client_class(Config(credential=Credentials(), endpoint=endpoint, region_id=REGION,
                               ca=TEA_CA[0] if TEA_CA else None))


def tea_clients() -> dict:
    from alibabacloud_actiontrail20200706 import models as trail_models
    from alibabacloud_actiontrail20200706.client import Client as ActionTrail
    from alibabacloud_kms20160120 import models as kms_models
    from alibabacloud_kms20160120.client import Client as Kms
    from alibabacloud_ram20150501 import models as ram_models
    from alibabacloud_ram20150501.client import Client as Ram
    from alibabacloud_sts20150401.client import Client as Sts

    identity = _tea(Sts, f"sts.{REGION}.aliyuncs.com").get_caller_identity().body
    trails = _tea(ActionTrail, f"actiontrail.{REGION}.aliyuncs.com").describe_trails(
        trail_models.DescribeTrailsRequest()).body.trail_list
    keys = _tea(Kms, f"kms.{REGION}.aliyuncs.com").list_keys(kms_models.ListKeysRequest()).body.total_count
    users = _tea(Ram, "ram.aliyuncs.com").list_users(ram_models.ListUsersRequest()).body.users.user
    return {"account_id": identity.account_id, "trails": len(trails or []), "keys": keys,
            "users": sorted(u.user_name for u in users or [])}


def oss_v2(bucket: str) -> list[str]:
    import alibabacloud_oss_v2 as oss

    config = oss.config.load_default()
    config.credentials_provider = oss.credentials.EnvironmentVariableCredentialsProvider()
    config.region = REGION
    client = oss.Client(config)
    client.put_bucket(oss.models.PutBucketRequest(bucket=bucket))
    return [b.name for b in client.list_buckets(oss.models.ListBucketsRequest()).buckets or []]


def oss2_client(bucket: str) -> str:
    import oss2

    auth = oss2.Auth(os.environ["ALIBABA_CLOUD_ACCESS_KEY_ID"], os.environ["ALIBABA_CLOUD_ACCESS_KEY_SECRET"])
    handle = oss2.Bucket(auth, f"https://oss-{REGION}.aliyuncs.com", bucket)
    handle.put_object("hello.txt", b"over https")
    return handle.get_object("hello.txt").read().decode()


def aliyun_log(project: str) -> list[str]:
    from aliyun.log import LogClient

    client = LogClient(f"https://{REGION}.log.aliyuncs.com", os.environ["ALIBABA_CLOUD_ACCESS_KEY_ID"],
                       os.environ["ALIBABA_CLOUD_ACCESS_KEY_SECRET"])
    client.create_project(project, "made by an SDK-based tool over HTTPS")
    return [p["projectName"] for p in client.list_project().get_projects()]


def main(bucket: str, project: str, *flags: str) -> None:
    if "--tea-ca" in flags:
        TEA_CA.append(os.environ["REQUESTS_CA_BUNDLE"])
    print(json.dumps({"oss_v2": oss_v2(bucket), "oss2": oss2_client(bucket), "aliyun_log": aliyun_log(project),
                      **tea_clients()}))


if __name__ == "__main__":
    main(*sys.argv[1:])
