"""KMS 2016-01-20: regional keys with aliases, rotation, deletion protection and tags.

Keys are regional: a key is found only through the endpoint of its own region.
handlers.py parses and renders; models.py owns the keys and aliases.
"""

from __future__ import annotations

from ...http.rpc import rpc_service
from ...iam.gate import rpc_gate
from . import models
from .handlers import ACTIONS

_service = rpc_service(ACTIONS, "2016-01-20",
                       rpc_gate("kms", lambda ctx, ref: models.resolve(ctx.store, ctx.region, ref)))
operation, handle, render_error = _service.operation, _service.handle, _service.render_error
