"""Discovery of one KMS key: DescribeKey and its aliases, read in the key's own region.

A key named by id (or ARN) has its aliases listed at the same time as it is
described; a key named by alias needs its id first, so that listing follows.
"""

from __future__ import annotations

from wizard.cloud.discover.reads import Reader
from wizard.cloud.errors import required
from wizard.cloud.session import Session
from wizard.core.observed import KeyState

MISSING_KEY = ("Forbidden.KeyNotFound", "Forbidden.AliasNotFound", "EntityNotExist.Key", "NotFound.Key")
ALIAS_PAGE = 100


def parse_ref(ref: str, region: str) -> tuple[str, str]:
    """(reference to describe, region) for a key id, alias or ARN (acs:kms:<region>:<account>:key/<id>)."""
    if ref.startswith("acs:kms:"):
        parts = ref.split(":")
        resource = parts[-1]
        if len(parts) >= 5 and parts[2]:
            region = parts[2]
        if resource.startswith("key/"):
            return resource.removeprefix("key/"), region
        if resource.startswith("alias/"):
            return resource, region
    return ref, region


def key(reader: Reader, session: Session, ref: str, region: str) -> KeyState | None:
    """The key, or None when it does not exist."""
    from alibabacloud_kms20160120 import models

    ref, region = parse_ref(ref, region)
    client = session.kms(region)

    def aliases_of(key_id: str):
        return reader.call("kms", "ListAliasesByKeyId", key_id, lambda: _all_aliases(client, key_id, models),
                           MISSING_KEY)

    aliases_f = None if ref.startswith("alias/") else aliases_of(ref)
    meta = reader.call("kms", "DescribeKey", ref, lambda: required(client.describe_key(
        models.DescribeKeyRequest(key_id=ref)).body.key_metadata, "KeyMetadata"), MISSING_KEY).result().value
    if meta is None:
        return None
    aliases = tuple((aliases_f or aliases_of(meta.key_id)).result().value or ())
    if ref.startswith("alias/") and ref not in aliases:
        aliases = (ref, *aliases)  # found through it, so it is one of the key's aliases
    interval = meta.rotation_interval or ""
    return KeyState(
        key_id=meta.key_id, region=region, arn=meta.arn or "", state=meta.key_state or "",
        rotation=meta.automatic_rotation == "Enabled",
        rotation_interval_days=_days(interval),
        deletion_protection=meta.deletion_protection == "Enabled",
        aliases=aliases,
    )


_UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}


def _days(interval: str) -> int | None:
    """Whole days of a RotationInterval, integer[unit] with unit d, h, m or s ("31536000s", "365d"); None when
    it is missing or not in that form."""
    amount, unit = interval[:-1], interval[-1:]
    if not amount.isdigit() or unit not in _UNIT_SECONDS:
        return None
    return int(amount) * _UNIT_SECONDS[unit] // 86400


def _all_aliases(client, key_id: str, models) -> list[str]:
    names: list[str] = []
    page = 1
    while True:
        body = client.list_aliases_by_key_id(models.ListAliasesByKeyIdRequest(
            key_id=key_id, page_number=page, page_size=ALIAS_PAGE)).body
        names.extend(a.alias_name for a in required(body.aliases, "Aliases").alias or [])
        if page * ALIAS_PAGE >= int(body.total_count or 0):
            return names
        page += 1
