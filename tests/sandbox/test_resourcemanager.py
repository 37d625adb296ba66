"""ResourceManager 2020-03-31 in the sandbox, driven by the official SDK: the Resource Directory and delegation."""

from __future__ import annotations

import json
import urllib.request

from alibabacloud_resourcemanager20200331 import models as rm

from tests.support.clients import error_of, resourcemanager_client

ACTIONTRAIL = "actiontrail.aliyuncs.com"


def _admins(client):
    return client.list_delegated_administrators(rm.ListDelegatedAdministratorsRequest(
        service_principal=ACTIONTRAIL)).body


def _control(sandbox, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(f"{sandbox.url}/_sandbox/resource-directory", data=json.dumps(body).encode(),
                                     method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_an_account_in_no_directory_gets_the_real_errors(sandbox):
    client = resourcemanager_client(sandbox)
    missing = error_of(client.get_resource_directory)
    assert missing.code == "ResourceDirectoryNotInUse" and missing.data["statusCode"] == 404
    assert error_of(_admins, client).code == "EntityNotExists.ResourceDirectory"
    assert error_of(client.register_delegated_administrator, rm.RegisterDelegatedAdministratorRequest(
        account_id="1", service_principal=ACTIONTRAIL)).code == "EntityNotExists.ResourceDirectory"


def test_init_makes_this_account_the_management_account_once(sandbox):
    client = resourcemanager_client(sandbox)
    made = client.init_resource_directory().body.resource_directory
    assert made.master_account_id == sandbox.account.account_id and made.resource_directory_id.startswith("rd-")
    got = client.get_resource_directory().body.resource_directory
    assert (got.resource_directory_id, got.master_account_id, got.root_folder_id) == (
        made.resource_directory_id, made.master_account_id, made.root_folder_id)
    assert got.control_policy_status == "Disabled"
    assert error_of(client.init_resource_directory).code == "EntityAlreadyExists.ResourceDirectory"
    assert error_of(client.enable_resource_directory, rm.EnableResourceDirectoryRequest(
        enable_mode="CurrentAccount")).code == "EntityAlreadyExists.ResourceDirectory"
    assert _admins(client).total_count == 0


def test_enable_with_the_current_account_and_a_new_management_account_needs_a_code(sandbox):
    client = resourcemanager_client(sandbox)
    assert error_of(client.enable_resource_directory, rm.EnableResourceDirectoryRequest(
        enable_mode="NewManagementAccount", maname="x@rdadmin.aliyunid.com", verification_code="000000")).code == \
        "Invalid.VerificationCode"
    made = client.enable_resource_directory(rm.EnableResourceDirectoryRequest(enable_mode="CurrentAccount")).body
    assert made.resource_directory.master_account_id == sandbox.account.account_id


def test_the_management_account_delegates_actiontrail_to_a_member_only(sandbox):
    client = resourcemanager_client(sandbox)
    client.init_resource_directory()
    assert _control(sandbox, {"members": ["1111222233334444"]})[0] == 200

    def register(account, service=ACTIONTRAIL):
        return client.register_delegated_administrator(rm.RegisterDelegatedAdministratorRequest(
            account_id=account, service_principal=service))

    assert error_of(register, sandbox.account.account_id).code == "CannotRegisterMasterAsDelegatedAdministrator"
    assert error_of(register, "5555666677778888").code == "EntityNotExists.Account"
    assert error_of(register, "1111222233334444", "nope.aliyuncs.com").code == "InvalidParameter.ServicePrincipal"
    register("1111222233334444")
    assert error_of(register, "1111222233334444").code == "AccountAlreadyRegistered"
    listed = _admins(client)
    assert listed.total_count == 1
    account = listed.accounts.account[0]
    assert (account.account_id, account.service_principal) == ("1111222233334444", ACTIONTRAIL)
    other = client.list_delegated_administrators(rm.ListDelegatedAdministratorsRequest(
        service_principal="config.aliyuncs.com")).body
    assert other.total_count == 0


def test_joining_a_directory_another_account_manages_as_actiontrails_delegated_admin(sandbox):
    status, _ = _control(sandbox, {"managed_by": "1999888877776666", "delegated_services": [ACTIONTRAIL]})
    assert status == 200
    client = resourcemanager_client(sandbox)
    assert client.get_resource_directory().body.resource_directory.master_account_id == "1999888877776666"
    assert [a.account_id for a in _admins(client).accounts.account] == [sandbox.account.account_id]
    assert error_of(client.init_resource_directory).code == "NotSupport.AccountInAnotherResourceDirectory"
    assert error_of(client.register_delegated_administrator, rm.RegisterDelegatedAdministratorRequest(
        account_id="1", service_principal=ACTIONTRAIL)).code == "NoPermission"
    assert _control(sandbox, {"managed_by": "not-an-id"})[0] == 400
