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


# The calls a step makes inside it (cloud/apply/calls/kms.py: the key, its alias and its protection are one step):
# faulted too, since a crash or an error between them is what could split the step (an orphan key).
STEP_CALLS = {("kms", "CreateKey"): ("CreateAlias", "SetDeletionProtection")}


@dataclass(frozen=True)
class Case:
    example: Path
    action: Action
    target: str  # the fault spec's left side: SERVICE:API, with @TEXT when the API occurs more than once
    kind: Kind
    inner: str = ""  # a call made inside the action's step (STEP_CALLS) that the fault hits instead

    @property
    def api(self) -> str:
        """The call the fault hits, which the error names."""
        return self.inner or self.action.api

    @property
    def benchmark(self) -> str:
        """A shipped example converges under every benchmark; a settings-shape fixture under its own settings."""
        return "all" if self.example.parent.name == "examples" else "best-practice"

    @property
    def spec(self) -> str:
        return self.target + self.kind.spec

    @property
    def id(self) -> str:
        inner = f".{self.inner}" if self.inner else ""
        return f"{self.example.stem}-{self.action.id}{inner}-{self.kind.name}"


def onboarding_plan(settings: Settings) -> Plan:
    return plan(settings, Observed(region=settings.region))


LOCK_CALLS = ("oss:PutObject",)  # what the apply lock also calls (cloud/apply/account_lock.py), on its own keys


def fault_target(action: Action, actions: tuple[Action, ...]) -> str:
    """SERVICE:API, narrowed by the resource's own name when several actions call the same API, and an object's
    folder when the apply lock calls that API too."""
    target = f"{action.service}:{action.api}"
    if target in LOCK_CALLS:
        return f"{target}@{action.params['Key'].rpartition('/')[0]}"
    if sum(a.api == action.api and a.service == action.service for a in actions) > 1:
        target += "@" + action.resource.rstrip("/").rpartition("/")[2]
    return target


def cases() -> list[Case]:
    found = []
    for example in EXAMPLES:
        actions = onboarding_plan(load_settings(example)).actions
        for action in actions:
            found += [Case(example, action, fault_target(action, actions), kind) for kind in KINDS]
            for inner in STEP_CALLS.get((action.service, action.api), ()):  # killed: only between whole steps
                found += [Case(example, action, f"{action.service}:{inner}", kind, inner) for kind in KINDS
                          if kind.name != "killed"]
    return found


def inner_calls(actions: tuple[Action, ...]) -> int:
    """How many calls made inside steps the matrix faults (each with every kind but killed)."""
    return sum(len(STEP_CALLS.get((a.service, a.api), ())) for a in actions)


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
                   names("CreateKey", "AliasName"), created["CreateKey"], names("CreatePolicy", "PolicyName"))


def never_sent(requests: list[dict]) -> list[str]:
    return [r["operation"] for r in requests if r["operation"].startswith(NEVER_SENT)]


def exactly_one_of_everything(sandbox, example: Path, benchmark: str = "") -> None:
    """The account audits clean, holds exactly one of everything the example's plan creates (keys included), and
    no Delete/Stop/Abort/Detach/Disable was ever sent: what every fault, race and kill must end with."""
    from alibabacloud_actiontrail20200706 import models as at
    from alibabacloud_kms20160120 import models as kms
    from alibabacloud_oss_v2 import models as oss
    from alibabacloud_ram20150501 import models as ram
    from alibabacloud_sls20201230 import models as sls

    from tests.support.cli import run
    from tests.support.clients import actiontrail_client, kms_client, oss_client, ram_client, sls_client

    audit = run(sandbox, "audit", "--config", str(example), "--format", "json",
                *(("--benchmark", benchmark) if benchmark else ()))
    assert audit.code == 0, audit.out
    want = Expected.of(example)
    region = want.region
    trails = actiontrail_client(sandbox, region).describe_trails(at.DescribeTrailsRequest()).body.trail_list
    assert sorted(t.name for t in trails) == want.trails
    keys = kms_client(sandbox, region).list_keys(kms.ListKeysRequest(page_size=100)).body
    assert keys.total_count == want.keys, f"{keys.total_count} KMS keys, {want.keys} expected"
    aliases = kms_client(sandbox, region).list_aliases(kms.ListAliasesRequest()).body.aliases.alias
    assert sorted(a.alias_name for a in aliases) == want.aliases
    buckets = oss_client(sandbox, region).list_buckets(oss.ListBucketsRequest()).buckets or []
    assert sorted(b.name for b in buckets) == want.buckets
    projects = sls_client(sandbox, region).list_project(sls.ListProjectRequest()).body.projects or []
    assert sorted(p.project_name for p in projects) == want.projects
    custom = ram_client(sandbox).list_policies(ram.ListPoliciesRequest(policy_type="Custom")).body.policies.policy
    assert sorted(p.policy_name for p in custom) == want.custom_policies
    assert never_sent(sandbox.requests()) == []


def irreversible_out_of_turn(requests: list[dict], plan: Plan) -> list[str]:
    """Irreversible calls the sandbox accepted before every other (non-optional) action of the plan had: after any
    injected failure, nothing is locked unless everything else succeeded first."""
    locks = {a.api for a in plan.actions if a.irreversible}
    wanted = Counter(a.api for a in plan.actions if not a.irreversible and not a.optional)
    problems = []
    for taken in (r for r in requests if r["operation"] in locks and r["status"] < 400):
        before = Counter(r["operation"] for r in requests
                         if r["status"] < 400 and r["answered"] < taken["received"] and r["operation"] in wanted)
        short = {api: n - before[api] for api, n in wanted.items() if before[api] < n}
        if short:
            problems.append(f"{taken['operation']} was accepted before {short}")
    return problems
