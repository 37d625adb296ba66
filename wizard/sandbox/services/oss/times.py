"""OSS's two timestamp formats: ISO 8601 with milliseconds in XML bodies, RFC 1123 in headers."""

from __future__ import annotations

from datetime import datetime, timezone
from email.utils import formatdate


def iso_time(epoch: float) -> str:
    """OSS list/info timestamps: 2024-05-01T08:00:00.000Z."""
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def http_time(epoch: float) -> str:
    return formatdate(epoch, usegmt=True)
