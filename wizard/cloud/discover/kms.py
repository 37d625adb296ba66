"""Discovery of one KMS key: DescribeKey and its aliases, read in the key's own region.

A key named by id (or ARN) has its aliases listed at the same time as it is
described; a key named by alias needs its id first, so that listing follows.
"""

from __future__ import annotations

from dataclasses import replace

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


def unnamed_keys(reader: Reader, session: Session, trail_name: str, region: str) -> tuple[KeyState, ...]:
    """Keys the wizard created for this trail (its tags) that have no alias: an interrupted or raced run's.

    ListKeys and ListAliases at once, then the tags of the keys no alias names, then those keys.
    A list that cannot be read leaves this empty (apply still adopts such a key by its tags)."""
    from alibabacloud_kms20160120 import models

    from wizard.core.names import TRAIL_TAG, WIZARD_TAG

    client = session.kms(region)
    keys_f = reader.call("kms", "ListKeys", region, lambda: _paged_keys(client, models), record=False)
    aliases_f = reader.call("kms", "ListAliases", region, lambda: _paged_aliases(client, models), record=False)
    keys, named = keys_f.result().value, aliases_f.result().value
    if keys is None or named is None:
        return ()
    bare = [k for k in keys if k not in named]
    tags_f = {k: reader.call("kms", "ListResourceTags", k, lambda k=k: {
        (t.tag_key, t.tag_value) for t in client.list_resource_tags(models.ListResourceTagsRequest(key_id=k))
        .body.tags.tag or []}, MISSING_KEY, record=False) for k in bare}
    ours = [k for k, f in tags_f.items() if {WIZARD_TAG, (TRAIL_TAG, trail_name)} <= (f.result().value or set())]
    found = [key(reader, session, k, region) for k in ours]
    return tuple(replace(k, tags=(WIZARD_TAG, (TRAIL_TAG, trail_name))) for k in found if k is not None)


def _paged_ids(list_page) -> set[str]:
    """Every key id of a paged KMS listing; `list_page(page)` answers (the ids on that page, TotalCount)."""
    found, page = set(), 1
    while True:
        ids, total = list_page(page)
        found |= ids
        if page * ALIAS_PAGE >= int(total or 0):
            return found
        page += 1


def _paged_keys(client, models) -> set[str]:
    def one(page):
        body = client.list_keys(models.ListKeysRequest(page_number=page, page_size=ALIAS_PAGE)).body
        return {k.key_id for k in required(body.keys, "Keys").key or []}, body.total_count
    return _paged_ids(one)


def _paged_aliases(client, models) -> set[str]:
    def one(page):
        body = client.list_aliases(models.ListAliasesRequest(page_number=page, page_size=ALIAS_PAGE)).body
        return {a.key_id for a in required(body.aliases, "Aliases").alias or []}, body.total_count
    return _paged_ids(one)
