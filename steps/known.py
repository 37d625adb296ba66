"""Known from discovery: the account's existing buckets, projects, keys and principals, for the steps to offer.

Who holds ActionTrail admin rights today is a step fact (Step.facts), not a choice."""

from __future__ import annotations

from steps.question import Known
from wizard.core.observed import Inventory, Observed


def _unique(*groups) -> tuple[str, ...]:
    return tuple(sorted({name for group in groups for name in group if name}))


def known_from(observed: Observed, inventory: Inventory = Inventory()) -> Known:
    return Known(
        buckets=_unique(inventory.buckets, (b.name for b in observed.buckets if b.region == observed.region)),
        projects=_unique(inventory.projects, (p.name for p in observed.projects if p.region == observed.region)),
        key_aliases=_unique(inventory.key_aliases, (a for k in observed.keys if k.region == observed.region
                                                    for a in k.aliases)),
        principals=_unique(observed.principals),
    )
