"""The fault matrix's cases and its verdict, derived, never listed by hand.

Write steps come from the onboarding plan of each example (`plan --offline`: the
plan against an empty account), so a new write step is covered the moment the
planner emits it. "Exactly one of each" is what that plan creates: its trails,
keys and aliases, buckets, projects and custom policies.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from wizard.core.observed import Observed
from wizard.core.plan import Action, Plan
from wizard.core.planning.planner import plan
from wizard.core.settings import Settings
from wizard.core.settings_file import load_settings

ROOT = Path(__file__).resolve().parents[2]
# The shipped examples and the settings-shape fixtures (tests/data/settings: the OSS-only shape).
EXAMPLES = sorted((ROOT / "examples").glob("*.toml")) + sorted((ROOT / "tests/data/settings").glob("*.toml"))
NEVER_SENT = ("Delete", "Stop", "Abort", "Detach", "Disable", "Cancel", "Schedule", "Remove", "Untag")


@dataclass(frozen=True)
class Kind:
    name: str
    spec: str  # appended to the target: "#1=500"
    once: bool  # a one-shot transient fault: retried, the first run succeeds
    code: str  # what the retry line or the error names


KINDS = (
    Kind("500", "#1=500", True, "InternalError"),
    Kind("503", "#1=503:ServiceUnavailable", True, "ServiceUnavailable"),
    Kind("throttled", "#1=400:Throttling.User", True, "Throttling.User"),
    Kind("dropped", "#1=drop", True, "ConnectionError"),
    Kind("503-always", "=503:ServiceUnavailable", False, "ServiceUnavailable"),
    Kind("killed", "", False, ""),  # the process is killed right after this action completes
)


@dataclass(frozen=True)
class Case:
    example: Path
    action: Action
    target: str  # the fault spec's left side: SERVICE:API, with @TEXT when the API occurs more than once
    kind: Kind

    @property
    def benchmark(self) -> str:
        """A shipped example converges under every benchmark; a settings-shape fixture under its own settings."""
        return "all" if self.example.parent.name == "examples" else "best-practice"

    @property
    def spec(self) -> str:
        return self.target + self.kind.spec

    @property
    def id(self) -> str:
        return f"{self.example.stem}-{self.action.id}-{self.kind.name}"


def onboarding_plan(settings: Settings) -> Plan:
    return plan(settings, Observed(region=settings.region))


def fault_target(action: Action, actions: tuple[Action, ...]) -> str:
    """SERVICE:API, narrowed by the resource's own name when several actions call the same API."""
    target = f"{action.service}:{action.api}"
    if sum(a.api == action.api and a.service == action.service for a in actions) > 1:
        target += "@" + action.resource.rstrip("/").rpartition("/")[2]
    return target


def cases() -> list[Case]:
    found = []
    for example in EXAMPLES:
        actions = onboarding_plan(load_settings(example)).actions
        for action in actions:
            found += [Case(example, action, fault_target(action, actions), kind) for kind in KINDS]
    return found


def ambiguous_targets() -> list[str]:
    """Targets whose @TEXT would also match another action's request (then the case would prove nothing)."""
    problems = []
    for example in EXAMPLES:
        actions = onboarding_plan(load_settings(example)).actions
        for action in actions:
            target = fault_target(action, actions)
            if "@" in target:
                text = target.partition("@")[2]
                hits = [a.id for a in actions if a.api == action.api and text in json.dumps(a.params)]
                if hits != [action.id]:
                    problems.append(f"{example.name}: {target} matches {hits}")
    return problems


@dataclass(frozen=True)
class Expected:
    """What exactly one of must exist after onboarding, from what the plan creates."""

    region: str
    trails: list[str]
    buckets: list[str]
    projects: list[str]
    aliases: list[str]
    keys: int
    custom_policies: list[str]

    @classmethod
    def of(cls, example: Path) -> "Expected":
        settings = load_settings(example)
        actions = onboarding_plan(settings).actions
        created = Counter(a.api for a in actions)

        def names(api: str, field: str) -> list[str]:
            return sorted(a.params[field] for a in actions if a.api == api)
        return cls(settings.region, names("CreateTrail", "Name"), names("PutBucket", "Bucket"),
                   names("CreateProject", "projectName"),
                   names("CreateAlias", "AliasName"), created["CreateKey"], names("CreatePolicy", "PolicyName"))


def never_sent(requests: list[dict]) -> list[str]:
    return [r["operation"] for r in requests if r["operation"].startswith(NEVER_SENT)]
