"""CreateKey, which adopts the orphan key of an interrupted run instead of creating a second one."""

from __future__ import annotations

import json

from wizard.cloud.apply.calls.registry import call


@call("kms", "CreateKey")
def _create_key(session, params):
    """Create the key, unless an earlier, interrupted run already did: a key has no unique name, so the
    wizard's tags find it (a crash between CreateKey and CreateAlias, or an answer lost on the wire)."""
    from alibabacloud_kms20160120 import models

    orphan = _tagged_key(session, json.loads(params.get("Tags") or "[]"))
    if orphan is not None:
        return {"RequestId": "", "KeyId": orphan["KeyId"], "Arn": orphan["Arn"], "Adopted": True}
    meta = session.kms().create_key(models.CreateKeyRequest().from_map(params)).body
    return {"RequestId": meta.request_id, "KeyId": meta.key_metadata.key_id, "Arn": meta.key_metadata.arn}


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
