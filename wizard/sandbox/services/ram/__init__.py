"""RAM 2015-05-01: users, groups, roles, policies with versions, attachments, the ActionTrail service role.

handlers.py parses and renders; models.py owns the principals, policies and attachments;
groups.py group membership; starter.py what a new sandbox account holds (well run, or messy);
system policies are data (system_policies.py), present from the start.
"""

from __future__ import annotations

from ...http.rpc import rpc_service
from .handlers import ACTIONS
from ...iam.gate import rpc_gate

_service = rpc_service(ACTIONS, "2015-05-01", rpc_gate("ram"))
operation, handle, render_error = _service.operation, _service.handle, _service.render_error
