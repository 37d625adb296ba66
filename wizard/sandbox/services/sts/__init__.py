"""STS 2015-04-01: GetCallerIdentity, which the wizard uses to learn the account id.

No models: STS keeps no state; the caller is the sandbox account (state/account.py).
"""

from __future__ import annotations

from ...http.rpc import rpc_service
from .handlers import ACTIONS

_service = rpc_service(ACTIONS, "2015-04-01")
operation, handle, render_error = _service.operation, _service.handle, _service.render_error
