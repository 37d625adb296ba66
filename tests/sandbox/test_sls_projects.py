"""SLS projects in the sandbox, through the official Tea client: create, get, list, and the errors a user meets."""

from __future__ import annotations

import pytest
from alibabacloud_sls20201230 import models as sls

from tests.support.clients import error_of, sls_client


@pytest.fixture
def project(sandbox):
    sls_client(sandbox).create_project(sls.CreateProjectRequest(project_name="acme-logs", description="audit"))
    return "acme-logs"


def test_created_project_reads_back_with_its_region_and_endpoints(sandbox, project):
    got = sls_client(sandbox).get_project(project, sls.GetProjectRequest()).body
    assert (got.project_name, got.region, got.description, got.status) == (project, "cn-hangzhou", "audit", "Normal")
    assert got.owner == sandbox.account.account_id
    assert got.internet_endpoint == "cn-hangzhou.log.aliyuncs.com"
    assert int(got.create_time) > 0 and got.data_redundancy_type == "LRS"


def test_list_filters_pages_and_stays_in_its_region(sandbox, project):
    client = sls_client(sandbox)
    for name in ("acme-other", "zeta-logs"):
        client.create_project(sls.CreateProjectRequest(project_name=name, description="more"))
    listed = client.list_project(sls.ListProjectRequest()).body
    assert (listed.total, [p.project_name for p in listed.projects]) == (3, ["acme-logs", "acme-other", "zeta-logs"])
    assert [p.project_name for p in client.list_project(sls.ListProjectRequest(project_name="acme")).body.projects] \
        == ["acme-logs", "acme-other"]
    second = client.list_project(sls.ListProjectRequest(offset=1, size=1)).body
    assert (second.count, second.total, second.projects[0].project_name) == (1, 3, "acme-other")
    beijing = sls_client(sandbox, region="cn-beijing")
    assert beijing.list_project(sls.ListProjectRequest()).body.total == 0
    assert error_of(beijing.get_project, project, sls.GetProjectRequest()).code == "ProjectNotExist"


def test_project_names_are_unique_across_regions(sandbox, project):
    error = error_of(sls_client(sandbox, region="cn-shanghai").create_project,
                     sls.CreateProjectRequest(project_name=project, description=""))
    assert (error.code, error.data["statusCode"]) == ("ProjectAlreadyExist", 400)
    assert error.data["requestId"]


def test_missing_project_is_project_not_exist(sandbox):
    error = error_of(sls_client(sandbox).get_project, "nope-project", sls.GetProjectRequest())
    assert (error.code, error.data["statusCode"]) == ("ProjectNotExist", 404)


@pytest.mark.parametrize("name", ["ab", "Bad-Name", "has_underscore", "-starts-with-dash", "ends-with-dash-",
                                  "x" * 64])
def test_invalid_project_names_are_refused(sandbox, name):
    error = error_of(sls_client(sandbox).create_project, sls.CreateProjectRequest(project_name=name, description=""))
    assert error.code == "ParameterInvalid" and "projectName" in error.message


def test_the_request_log_names_each_operation(sandbox, project):
    client = sls_client(sandbox)
    client.get_project(project, sls.GetProjectRequest())
    client.list_project(sls.ListProjectRequest())
    assert [r["operation"] for r in sandbox.requests()] == ["CreateProject", "GetProject", "ListProject"]
