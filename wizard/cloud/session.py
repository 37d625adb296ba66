"""Session: credentials, region and transport; builds the official SDK clients lazily and caches them.

Real cloud: credentials from alibabacloud-credentials' default chain (env vars,
aliyun CLI profiles, ECS RAM role, OIDC, role ARN), or a named CLI profile.
Sandbox: the same clients over the same HTTPS, with the sandbox as their proxy (CONNECT)
and the real host names; the only difference is the CA they trust, the sandbox's own.
The secret is never part of repr() or a message.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from wizard.errors import WizardError

CREDENTIAL_HELP = """no Alibaba Cloud credentials were found. Provide them in one of these ways:
  - environment: ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET
  - an aliyun CLI profile (`aliyun configure`), chosen with --profile NAME or ALIBABA_CLOUD_PROFILE
  - an ECS RAM role (ALIBABA_CLOUD_ECS_METADATA), OIDC (ALIBABA_CLOUD_OIDC_*), or ALIBABA_CLOUD_ROLE_ARN
  - or try everything locally with --sandbox (no account needed)"""


def profile_region(profile: str | None = None) -> str | None:
    """The region_id of an aliyun CLI profile (the named one, or the current one), if any."""
    import json
    import os
    from pathlib import Path

    path = Path(os.environ.get("ALIBABA_CLOUD_CONFIG_FILE") or Path.home() / ".aliyun" / "config.json")
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    wanted = profile or os.environ.get("ALIBABA_CLOUD_PROFILE") or config.get("current")
    for entry in config.get("profiles", []):
        if entry.get("name") == wanted:
            return entry.get("region_id") or None
    return None


def _why_not(error: Exception) -> str:
    """The chain's reasons, one short line per provider ("EnvironmentVariable...: accessKeyId cannot be empty")."""
    text = str(error).splitlines()[0]
    start, end = text.find("["), text.rfind("]")
    reasons = [r.strip(" '\"") for r in text[start + 1:end].split("', ")] if 0 <= start < end else [text]
    return "\n  ".join(r if len(r) <= 110 else r[:107] + "..." for r in reasons if r)


class CredentialsMissing(WizardError):
    def __init__(self, detail: str = ""):
        super().__init__(CREDENTIAL_HELP + (f"\nWhat each way said:\n  {detail}" if detail else ""))


@dataclass
class Session:
    region: str
    credential: Any = field(repr=False)  # an alibabacloud_credentials Client
    proxy_url: str | None = None  # the sandbox, when set
    ca_bundle: str | None = None  # the CA the sandbox's HTTPS certificates come from
    read_timeout_ms: int = 15000
    _clients: dict = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        from wizard.cloud.permission import remember_caller

        remember_caller("")  # new credentials: an earlier session's caller is never named in a refusal

    @property
    def sandboxed(self) -> bool:
        return self.proxy_url is not None

    # -- constructors -------------------------------------------------------------
    @classmethod
    def for_sandbox(cls, url: str, access_key_id: str, access_key_secret: str, region: str,
                    ca_bundle: str) -> "Session":
        from alibabacloud_credentials.client import Client
        from alibabacloud_credentials.provider.static_ak import StaticAKCredentialsProvider

        provider = StaticAKCredentialsProvider(access_key_id=access_key_id, access_key_secret=access_key_secret)
        return cls(region=region, credential=Client(provider=provider), proxy_url=url, ca_bundle=ca_bundle)

    @classmethod
    def from_environment(cls, region: str, profile: str | None = None) -> "Session":
        from alibabacloud_credentials.client import Client

        # The library logs each failed provider with a traceback on stderr; "none found" is explained below.
        logging.getLogger("credentials").setLevel(logging.CRITICAL)
        try:
            if profile:
                from alibabacloud_credentials.provider.cli_profile import CLIProfileCredentialsProvider

                client = Client(provider=CLIProfileCredentialsProvider(profile_name=profile))
            else:
                client = Client()
            client.get_credential()  # fail now, with a clear message, rather than on the first call
        except Exception as error:  # noqa: BLE001 - the library raises several types for "nothing found"
            raise CredentialsMissing(_why_not(error)) from None
        return cls(region=region, credential=client)

    # -- clients --------------------------------------------------------------------
    def _cached(self, key: tuple, build):
        with self._lock:
            if key not in self._clients:
                self._clients[key] = build()
            return self._clients[key]

    def _tea_config(self, endpoint: str, region: str):
        from alibabacloud_tea_openapi.models import Config

        config = Config(credential=self.credential, endpoint=endpoint, region_id=region,
                        read_timeout=self.read_timeout_ms, connect_timeout=5000)
        if self.proxy_url:  # HTTPS as in production, through the sandbox as proxy, trusting its CA
            config.protocol = "https"
            config.https_proxy = config.http_proxy = self.proxy_url
            config.ca = self.ca_bundle
        return config

    def actiontrail(self, region: str | None = None):
        region = region or self.region

        def build():
            from alibabacloud_actiontrail20200706.client import Client

            return Client(self._tea_config(f"actiontrail.{region}.aliyuncs.com", region))
        return self._cached(("actiontrail", region), build)

    def kms(self, region: str | None = None):
        region = region or self.region

        def build():
            from alibabacloud_kms20160120.client import Client

            return Client(self._tea_config(f"kms.{region}.aliyuncs.com", region))
        return self._cached(("kms", region), build)

    def ram(self):
        def build():
            from alibabacloud_ram20150501.client import Client

            return Client(self._tea_config("ram.aliyuncs.com", self.region))
        return self._cached(("ram",), build)

    def resourcemanager(self):
        def build():
            from alibabacloud_resourcemanager20200331.client import Client

            return Client(self._tea_config("resourcemanager.aliyuncs.com", self.region))
        return self._cached(("resourcemanager",), build)

    def sts(self):
        def build():
            from alibabacloud_sts20150401.client import Client

            return Client(self._tea_config(f"sts.{self.region}.aliyuncs.com", self.region))
        return self._cached(("sts",), build)

    def sls(self, region: str | None = None):
        region = region or self.region

        def build():
            from alibabacloud_sls20201230.client import Client

            return Client(self._tea_config(f"{region}.log.aliyuncs.com", region))
        return self._cached(("sls", region), build)

    def oss(self, region: str | None = None):
        region = region or self.region

        def build():
            import alibabacloud_oss_v2 as oss

            cfg = oss.config.load_default()
            cfg.credentials_provider = _OssCredentials(self.credential)
            cfg.region = region  # the default endpoint: https://oss-<region>.aliyuncs.com
            cfg.readwrite_timeout = self.read_timeout_ms / 1000
            cfg.retry_max_attempts = 1  # retries are ours (cloud/retry.py), the same for every service
            if self.proxy_url:
                cfg.http_client = trusting_http_client(self.proxy_url, self.ca_bundle, cfg.readwrite_timeout)
            return oss.Client(cfg)
        return self._cached(("oss", region), build)


def trusting_http_client(proxy_url: str, ca_bundle: str | None, readwrite_timeout: float):
    """oss-v2's own requests transport through a proxy, trusting `ca_bundle` (its config has no CA option)."""
    import requests.adapters
    from alibabacloud_oss_v2 import transport
    from urllib3.util.retry import Retry

    class TrustingAdapter(requests.adapters.HTTPAdapter):
        def send(self, request, **kwargs):
            if kwargs.get("verify") is not False and ca_bundle:
                kwargs["verify"] = ca_bundle
            return super().send(request, **kwargs)

    adapter = TrustingAdapter(max_retries=Retry(total=False, redirect=False, raise_on_status=False),
                              pool_connections=20, pool_maxsize=20)
    return transport.RequestsHttpClient(adapter=adapter, readwrite_timeout=readwrite_timeout,
                                        proxy_host={"http": proxy_url, "https": proxy_url})  # the str form bypasses it


class _OssCredentials:
    """alibabacloud-credentials as an oss-v2 credentials provider."""

    def __init__(self, credential):
        self._credential = credential

    def get_credentials(self):
        import alibabacloud_oss_v2 as oss

        model = self._credential.get_credential()
        return oss.credentials.Credentials(access_key_id=model.access_key_id,
                                           access_key_secret=model.access_key_secret,
                                           security_token=model.security_token or None)
