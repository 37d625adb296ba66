"""Planning: (Settings, Observed) -> Plan, one module per resource, the never-weaken invariants applied last.

`plan` (planner.py) composes the steps: kms, oss, sls, trail, ram, alerts and notify,
history (the backfill) and organization; invariants.py is the guarantee that no
action weakens the account. Planning never imports the audit: both build on
wizard.core.derive.
"""

from wizard.core.planning.planner import plan

__all__ = ["plan"]
