"""Each rule of the catalogue has one check: a function (Subject) -> Finding, registered by rule id.

The area modules (trail, bucket, logstore, keys, access, alerts) register with
@check; wizard.core.audit imports them all and refuses to run if the catalogue
and the registered checks differ.
"""

from __future__ import annotations

from typing import Callable

from wizard.core.audit.subject import Subject
from wizard.core.findings import Finding

Check = Callable[[Subject], Finding]
CHECKS: dict[str, Check] = {}


def check(rule_id: str) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        if rule_id in CHECKS:
            raise ValueError(f"{rule_id} has two checks: {CHECKS[rule_id].__qualname__} and {fn.__qualname__}")
        CHECKS[rule_id] = fn
        return fn
    return register
