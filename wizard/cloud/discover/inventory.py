"""inventory(session) -> Inventory: the home region's buckets, projects and key aliases, for the steps' choices.

Three list calls at once (ListBuckets, ListProject, ListAliases), each paged.
Only suggestions hang on it, so a list that cannot be read is simply empty.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from wizard.cloud.session import Session
from wizard.core.observed import Inventory

PAGE = 100
MAX_ITEMS = 1000  # enough to choose from; a bigger account is typed by name


def inventory(session: Session) -> Inventory:
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="inventory") as pool:
        buckets = pool.submit(_quietly, _buckets, session)
        projects = pool.submit(_quietly, _projects, session)
        aliases = pool.submit(_quietly, _key_aliases, session)
        return Inventory(buckets.result(), projects.result(), aliases.result())


def _quietly(read, session: Session) -> tuple[str, ...]:
    try:
        return tuple(sorted(set(read(session))))
    except Exception:  # noqa: BLE001 - suggestions only: a denied or failed list offers nothing
        return ()


def _buckets(session: Session) -> list[str]:
    import alibabacloud_oss_v2 as oss

    names: list[str] = []
    paginator = session.oss().list_buckets_paginator()
    for page in paginator.iter_page(oss.models.ListBucketsRequest(max_keys=PAGE)):
        names += [b.name for b in page.buckets or []
                  if (b.region or (b.location or "").removeprefix("oss-")) == session.region]
        if len(names) >= MAX_ITEMS:
            break
    return names


def _projects(session: Session) -> list[str]:
    from alibabacloud_sls20201230 import models

    client, names = session.sls(), []
    while len(names) < MAX_ITEMS:
        body = client.list_project(models.ListProjectRequest(offset=len(names), size=PAGE)).body
        names += [p.project_name for p in body.projects or []]
        if not body.projects or len(names) >= int(body.total or 0):
            break
    return names


def _key_aliases(session: Session) -> list[str]:
    from alibabacloud_kms20160120 import models

    client, names, page = session.kms(), [], 1
    while len(names) < MAX_ITEMS:
        body = client.list_aliases(models.ListAliasesRequest(page_number=page, page_size=PAGE)).body
        found = (body.aliases.alias if body.aliases else None) or []
        names += [a.alias_name for a in found]
        if not found or page * PAGE >= int(body.total_count or 0):
            break
        page += 1
    return names
