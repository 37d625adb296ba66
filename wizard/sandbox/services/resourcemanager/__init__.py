"""ResourceManager 2020-03-31 (host resourcemanager.aliyuncs.com): the Resource Directory, as far as trails need it.

Real shapes and codes from the API reference: GetResourceDirectory answers 404
ResourceDirectoryNotInUse for an account in no directory; directory-scoped calls
answer 404 EntityNotExists.ResourceDirectory; InitResourceDirectory and
EnableResourceDirectory (EnableMode=CurrentAccount) make the caller the management
account (409 EntityAlreadyExists.ResourceDirectory the second time);
RegisterDelegatedAdministrator is the management account's, and refuses the
management account itself (CannotRegisterMasterAsDelegatedAdministrator).

Simplification: the sandbox has one account, so a directory managed by another
account (this account a member, maybe ActionTrail's delegated administrator) is
made through the control endpoint (`POST /_sandbox/resource-directory`, models.join),
not by the other account's calls. Who may call ListDelegatedAdministrators is not
documented: any account in the directory may here.
"""

from __future__ import annotations

from ...http.rpc import rpc_service
from .handlers import ACTIONS
from ...iam.gate import rpc_gate

_service = rpc_service(ACTIONS, "2020-03-31", rpc_gate("resourcemanager"))
operation, handle, render_error = _service.operation, _service.handle, _service.render_error
