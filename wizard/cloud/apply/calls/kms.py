"""CreateKey as one step: the key, its alias and its deletion protection, which a crash or a race cannot split.

A key has no unique name, so the step is made safe to repeat: first the alias (a
retry whose answer was lost, or a run that finished first, already made it: that
key is used), then a key of this trail that an interrupted run created but never
named (found by the wizard's tags: adopted), and only then a new key. The alias
comes before the protection, so a crash between them leaves a key the next run
finds by its tags and finishes. A run that loses the race for the alias uses the
winner's key; its own key is then reported by every later plan (never deleted).
"""

from __future__ import annotations

import json

from wizard.cloud.apply.calls.registry import call
from wizard.cloud.errors import CloudError

ALIAS_TAKEN = "Forbidden.AliasExists"
MISSING = ("Forbidden.AliasNotFound", "Forbidden.KeyNotFound", "EntityNotExist.Key", "NotFound.Key")


@call("kms", "CreateKey")
def _create_key(session, params):
    from alibabacloud_kms20160120 import models

    alias = params.get("AliasName")
    protection = params.get("DeletionProtection") or {}
    request = {k: v for k, v in params.items() if k not in ("AliasName", "DeletionProtection")}
    client = session.kms()
    named = _by_alias(client, alias) if alias else None
    if named is not None:  # made already (this step, retried, or a run that finished first)
        _protect(client, named["Arn"], protection)
        return {"RequestId": "", **named, "Adopted": True}
    orphan = _tagged_key(session, json.loads(request.get("Tags") or "[]"))
    if orphan is not None:
        key, adopted = orphan, True
    else:
        meta = client.create_key(models.CreateKeyRequest().from_map(request)).body
        key, adopted = {"KeyId": meta.key_metadata.key_id, "Arn": meta.key_metadata.arn}, False
        request_id = meta.request_id
    if alias:
        try:
            client.create_alias(models.CreateAliasRequest(alias_name=alias, key_id=key["KeyId"]))
        except Exception as raw:  # noqa: BLE001 - a lost race is understood, anything else is the step's error
            error = CloudError.from_sdk(raw, "kms", "CreateAlias")
            winner = _by_alias(client, alias) if error.code == ALIAS_TAKEN else None
            if winner is None:
                raise error from None
            key, adopted = winner, True  # another run named its key first: use it (ours is reported later)
    _protect(client, key["Arn"], protection)
    return {"RequestId": "" if adopted else request_id, **key, **({"Adopted": True} if adopted else {})}


def _protect(client, arn: str, protection: dict) -> None:
    from alibabacloud_kms20160120 import models

    if protection.get("EnableDeletionProtection"):
        try:
            client.set_deletion_protection(models.SetDeletionProtectionRequest(
                protected_resource_arn=arn, enable_deletion_protection=True,
                deletion_protection_description=protection.get("DeletionProtectionDescription", "")))
        except Exception as raw:  # noqa: BLE001 - named as the call that failed, not as the step's CreateKey
            raise CloudError.from_sdk(raw, "kms", "SetDeletionProtection") from None


def _by_alias(client, alias: str) -> dict | None:
    from alibabacloud_kms20160120 import models

    try:
        meta = client.describe_key(models.DescribeKeyRequest(key_id=alias)).body.key_metadata
    except Exception as raw:  # noqa: BLE001
        error = CloudError.from_sdk(raw, "kms", "DescribeKey")
        if error.code in MISSING:
            return None
        raise error from None
    return {"KeyId": meta.key_id, "Arn": meta.arn}


def _tagged_key(session, tags: list[dict]) -> dict | None:
    """An enabled key carrying all these tags and no alias yet."""
    from alibabacloud_kms20160120 import models

    if not tags:
        return None
    client = session.kms()
    wanted = {(t["TagKey"], t["TagValue"]) for t in tags}
    page = 1
    while True:
        body = client.list_keys(models.ListKeysRequest(page_number=page, page_size=100)).body
        for key in body.keys.key or []:
            found = client.list_resource_tags(models.ListResourceTagsRequest(key_id=key.key_id)).body.tags.tag or []
            if wanted <= {(t.tag_key, t.tag_value) for t in found}:
                aliases = client.list_aliases_by_key_id(models.ListAliasesByKeyIdRequest(key_id=key.key_id)).body
                meta = client.describe_key(models.DescribeKeyRequest(key_id=key.key_id)).body.key_metadata
                if not (aliases.aliases.alias or []) and meta.key_state == "Enabled":
                    return {"KeyId": key.key_id, "Arn": key.key_arn}
        if page * 100 >= (body.total_count or 0):
            return None
        page += 1
