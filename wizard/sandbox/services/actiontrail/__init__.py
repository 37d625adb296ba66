"""ActionTrail 2020-07-06: trails, logging, delivery status and history jobs.

Real rules kept: name 6-36 `[a-z][a-z0-9_-]`, at most 5 trails per region, a
new trail is "Fresh" (not logging) until StartLogging, EventRW defaults to
Write, destinations must exist. A trail delivering to SLS gets its Logstore
`actiontrail_<name>` (see sls/models.py for what happens when it exists).

Organization trails: only the Resource Directory's management account or
ActionTrail's delegated administrator may create one (NotAllowCreateOrganizationTrail),
one per account (MaximumNumberOfOrganizationTrailExceeded); DescribeTrails shows
them only with IncludeOrganizationTrail=true.

trails.py, history.py (backfill jobs) and events.py (LookupEvents) parse and render; models.py owns the
trails and jobs.
"""

from __future__ import annotations

from ...http.rpc import rpc_service
from ...iam.gate import rpc_gate
from . import events, history, trails

_service = rpc_service({**trails.ACTIONS, **history.ACTIONS, **events.ACTIONS}, "2020-07-06", rpc_gate("actiontrail"))
operation, handle, render_error = _service.operation, _service.handle, _service.render_error
