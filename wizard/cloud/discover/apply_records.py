"""The apply-lock records in the log bucket: which is the latest, and what it says (read-only).

Each apply writes numbered records under APPLY_LOCK_PREFIX (cloud/apply/account_lock.py);
discovery notes the latest number, so an apply can tell whether another ran after
the account was read.
"""

from __future__ import annotations

import json

from wizard.cloud.errors import required
from wizard.core.names import APPLY_LOCK_PREFIX, apply_lock_key


def latest(client, bucket: str) -> int:
    """The number of the latest record (ListObjectsV2 under the prefix), 0 when there is none."""
    import alibabacloud_oss_v2 as oss

    found = 0
    for page in client.list_objects_v2_paginator().iter_page(oss.models.ListObjectsV2Request(
            bucket=bucket, prefix=APPLY_LOCK_PREFIX, max_keys=1000)):
        required(page.name, "Name")  # every listing names its bucket: without it, "no records" cannot be trusted
        for item in page.contents or []:
            number = item.key.removeprefix(APPLY_LOCK_PREFIX).removesuffix(".json")
            if number.isdigit():
                found = max(found, int(number))
    return found


def record(client, bucket: str, seq: int) -> dict:
    """One record's content; an unreadable one reads as released (it can never hold the lock forever)."""
    import alibabacloud_oss_v2 as oss

    body = client.get_object(oss.models.GetObjectRequest(bucket=bucket, key=apply_lock_key(seq))).body.read()
    try:
        found = json.loads(body)
    except ValueError:
        return {"seq": seq, "state": "released"}
    return found if isinstance(found, dict) else {"seq": seq, "state": "released"}
