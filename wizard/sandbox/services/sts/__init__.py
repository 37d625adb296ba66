"""STS 2015-04-01: GetCallerIdentity (who signed: root, RAM user or role session) and AssumeRole.

No models of its own: the keys AssumeRole issues are the accounts' keys (state/account.py), the roles RAM's.
"""

from __future__ import annotations

from ...http.rpc import rpc_service
from .handlers import ACTIONS
from ...iam.gate import rpc_gate

_service = rpc_service(ACTIONS, "2015-04-01", rpc_gate("sts"))
operation, handle, render_error = _service.operation, _service.handle, _service.render_error
