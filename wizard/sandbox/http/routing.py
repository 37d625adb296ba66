"""Which service a Host belongs to: the sandbox routes by the real Alibaba Cloud host names."""

from __future__ import annotations

import re
from dataclasses import dataclass

_REGION = r"[a-z]{2,}-[a-z0-9-]+?"

# (pattern, service); named groups: region, sub (bucket or project of a virtual host)
_ROUTES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), service)
    for pattern, service in (
        (rf"^sts(?:-vpc)?(?:\.(?P<region>{_REGION}))?\.aliyuncs\.com$", "sts"),
        (rf"^actiontrail(?:-vpc)?\.(?P<region>{_REGION})\.aliyuncs\.com$", "actiontrail"),
        (rf"^kms(?:-vpc)?\.(?P<region>{_REGION})\.aliyuncs\.com$", "kms"),
        (r"^ram\.aliyuncs\.com$", "ram"),
        (r"^resourcemanager\.aliyuncs\.com$", "resourcemanager"),
        (r"^resourcedirectory\.aliyuncs\.com$", "resourcemanager"),
        (rf"^(?:(?P<sub>[a-z0-9][a-z0-9-]*)\.)?oss-(?P<region>{_REGION})(?:-internal)?\.aliyuncs\.com$", "oss"),
        (rf"^(?:(?P<sub>[a-z0-9][a-z0-9-]*)\.)?(?P<region>{_REGION})(?:-intranet)?\.log\.aliyuncs\.com$", "sls"),
    )
)


@dataclass(frozen=True)
class Route:
    service: str
    region: str
    subdomain: str


def route(host: str) -> Route | None:
    """The service for a host name (port stripped, any case), None when it is not one we serve."""
    host = host.lower().split(":", 1)[0]
    for pattern, service in _ROUTES:
        match = pattern.match(host)
        if match:
            groups = match.groupdict()
            return Route(service, groups.get("region") or "", groups.get("sub") or "")
    return None
