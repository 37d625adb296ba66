"""Concurrent apply runs an action as soon as its `depends_on` are done, so every ordering the plan needs must
be spelled out there: an output reference, or any later step on a resource the same plan creates."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings

from tests.support.strategies import accounts, desired_settings
from wizard.core.observed import Observed
from wizard.core.planning.planner import plan
from wizard.core.settings_file import load_settings

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.toml")) + \
    sorted((Path(__file__).resolve().parents[2] / "tests/data/settings").glob("*.toml"))
# APIs that bring a named resource into existence; anything else on that resource (or under it) must wait.
CREATES = {"PutBucket", "CreateProject", "CreateLogStore", "CreateTrail", "CreateKey", "CreateRole", "CreatePolicy",
           "CreateGroup"}


def _closure(actions) -> dict[str, set[str]]:
    """Every action id -> all the ids it waits for, directly or through others."""
    waits: dict[str, set[str]] = {}
    for action in actions:  # plan order is a valid order, checked below
        waits[action.id] = set(action.depends_on).union(*(waits[d] for d in action.depends_on))
    return waits


def _under(resource: str, parent: str) -> bool:
    return resource == parent or resource.startswith(parent.rstrip("/") + "/")


def _missing_orderings(p) -> list[str]:
    problems = []
    waits = _closure(p.actions)
    ids = {a.id for a in p.actions}
    creators: dict[str, str] = {}
    for action in p.actions:
        for ref in action.references - {"account", "apply"}:
            if ref not in ids:
                problems.append(f"{action.id} refers to {ref}, which is not in the plan")
            elif ref not in action.depends_on:
                problems.append(f"{action.id} uses an output of {ref} but does not list it in depends_on")
        for resource, creator in creators.items():
            if _under(action.resource, resource) and creator not in waits[action.id]:
                problems.append(f"{action.id} acts on {action.resource}, created by {creator}, without waiting")
        if action.api in CREATES and action.resource not in creators:
            creators[action.resource] = action.id
    return problems


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_onboarding_plans_spell_out_every_ordering(example):
    settings = load_settings(example)
    onboarding = plan(settings, Observed(region=settings.region))
    assert onboarding.changes > 0
    assert _missing_orderings(onboarding) == []


@hsettings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(accounts(), desired_settings())
def test_any_plan_spells_out_every_ordering(observed, desired):
    p = plan(desired, observed)
    assert _missing_orderings(p) == []


def test_the_checker_catches_a_missing_dependency():
    settings = load_settings(EXAMPLES[0])
    onboarding = plan(settings, Observed(region=settings.region))
    from dataclasses import replace

    broken = replace(onboarding, actions=tuple(replace(a, depends_on=()) if a.id == "kms.create-alias" else a
                                               for a in onboarding.actions))
    assert any("kms.create-alias uses an output of kms.create-key" in p for p in _missing_orderings(broken))
