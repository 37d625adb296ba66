"""SLS projects: CreateProject (POST / on the region endpoint), GetProject (GET / on the project host),
ListProject (GET / on the region endpoint). Names are unique across regions, like the real service's."""

from __future__ import annotations

from ...http.protocol import ApiError
from . import models
from .wire import PROJECT_NAME, body_of, page, project_of


def create_project(ctx, request, **_):
    body = body_of(request)
    name = body.get("projectName")
    if not isinstance(name, str) or not PROJECT_NAME.match(name):
        raise ApiError(400, "ParameterInvalid", f"projectName {name!r} is invalid: 3-63 characters of a-z, 0-9 "
                       "and -, starting and ending with a letter or digit.")
    if ctx.subdomain and ctx.subdomain != name:
        raise ApiError(400, "ParameterInvalid", f"projectName {name} does not match the host's project "
                       f"{ctx.subdomain}.")
    description = body.get("description", "")
    if not isinstance(description, str) or len(description) > 64:
        raise ApiError(400, "ParameterInvalid", "description must be a string of at most 64 characters.")
    models.create_project(ctx.store, name, ctx.region, ctx.account.account_id, description,
                          body.get("resourceGroupId") or "rg-acfm-default", body.get("dataRedundancyType") or "LRS",
                          bool(body.get("recycleBinEnabled", False)))
    return None


def get_project(ctx, request, **_):
    return project_of(ctx)


def list_project(ctx, request, **_):
    query = request.query
    name, description = query.get("projectName", ""), query.get("description", "")
    group = query.get("resourceGroupId", "")
    projects = [p for p in models.projects(ctx.store)
                if p["region"] == ctx.region and name in p["projectName"] and description in p["description"]
                and (not group or p.get("resourceGroupId") == group)]
    paged = page(request, projects)
    return {"count": paged["count"], "total": paged["total"], "projects": paged["_items"]}
