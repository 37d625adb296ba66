"""Resource Directory reads, made only when the settings ask for an organization trail.

GetResourceDirectory tells whether the account is in a directory and who manages
it; ListDelegatedAdministrators (ServicePrincipal actiontrail.aliyuncs.com) who
else may create an organization trail. Both start at once, with the first wave.
"""

from __future__ import annotations

from wizard.cloud.discover.reads import Reader
from wizard.core.names import SERVICE_PRINCIPAL
from wizard.core.observed import OrganizationState

NO_DIRECTORY = ("ResourceDirectoryNotInUse", "EntityNotExists.ResourceDirectory")
PAGE_SIZE = 100


def organization(reader: Reader, session) -> OrganizationState:
    client = session.resourcemanager()
    directory_f = reader.call("resourcemanager", "GetResourceDirectory", "", lambda: client.get_resource_directory()
                              .body.resource_directory, absent=NO_DIRECTORY)
    admins_f = reader.call("resourcemanager", "ListDelegatedAdministrators", SERVICE_PRINCIPAL,
                           lambda: _delegated_admins(client), absent=NO_DIRECTORY)
    directory, admins = directory_f.result(), admins_f.result()
    if directory.failed:
        return OrganizationState(error=f"GetResourceDirectory: {directory.error.code}")
    if directory.value is None:
        return OrganizationState()
    return OrganizationState(directory_id=directory.value.resource_directory_id or "",
                             management_account_id=str(directory.value.master_account_id or ""),
                             delegated_admins=tuple(admins.value or ()),
                             error=f"ListDelegatedAdministrators: {admins.error.code}" if admins.failed else "")


def _delegated_admins(client) -> list[str]:
    from alibabacloud_resourcemanager20200331 import models

    accounts: list[str] = []
    page = 1
    while True:
        body = client.list_delegated_administrators(models.ListDelegatedAdministratorsRequest(
            service_principal=SERVICE_PRINCIPAL, page_number=page, page_size=PAGE_SIZE)).body
        found = (body.accounts.account if body.accounts else None) or []
        accounts += [str(a.account_id) for a in found if a.account_id]
        if len(found) < PAGE_SIZE or page * PAGE_SIZE >= (body.total_count or 0):
            return accounts
        page += 1
