"""Where the events land, in words: the summary's answer to "so where do I look now?"."""

from __future__ import annotations

from wizard.core.settings import Settings


def where_events_land(settings: Settings) -> list[str]:
    """One line per destination and policy, with the protections that apply to it."""
    lines = []
    if settings.oss:
        prefix = f"{settings.oss.prefix}/" if settings.oss.prefix else ""
        lock = "locked" if settings.oss.lock else "not locked"
        lines.append(f"OSS: oss://{settings.oss.bucket}/{prefix}AliyunLogs/actiontrail/ "
                     f"(SSE-KMS, WORM {settings.oss.retention_days} days, {lock})")
    if settings.sls:
        lines.append(f"Log Service: project {settings.sls.project}, Logstore {settings.logstore_name} "
                     f"(encrypted, TTL {settings.sls.ttl_days} days)")
    lines.append(f"Auditors' read-only policy: {settings.access.auditor_policy}"
                 + (f", attached to {', '.join(settings.access.auditors)}" if settings.access.auditors else ""))
    return lines
