"""Plan, Action and Blocked: what the wizard proposes to do, as plain data.

An Action names the exact API and the parameters it will send; the plan
screen, `plan --format json` and the executor all read the same record.
A parameter value may refer to an output of an earlier action with the
string "${<action id>.<field>}" (for example "${kms.create-key.KeyId}"),
because a new key's id is only known once CreateKey has answered.

An update also carries what it replaces (`before`, as discovery read it), so
every front end can show it the way Terraform does: `ttl: 30 -> 365`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

_REFERENCE = re.compile(r"\$\{([^}]+)\.[^.}]+\}")  # "${<action id>.<Field>}"


@dataclass(frozen=True)
class Action:
    id: str  # stable, unique within a plan, e.g. "oss.put-bucket-encryption"
    service: str  # actiontrail | oss | sls | kms | ram
    api: str  # exact API name, e.g. "PutBucketEncryption"
    params: dict[str, Any]  # exactly what will be sent (JSON-serialisable)
    reason: str  # why it is needed, one sentence
    kind: str = "create"  # create | update
    resource: str = ""  # what it acts on, e.g. "oss://acme-actiontrail"
    irreversible: bool = False
    depends_on: tuple[str, ...] = ()  # ids of actions that must complete first
    optional: bool = False  # its failure is reported and the run goes on (nothing may depend on it)
    # An update: the current value of each field it changes, keyed by the parameter that sets it; a state the API
    # changes without a parameter for it (StartLogging: Status) is keyed by the state's name, its new value in `after`.
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)  # new values of `before` keys that are not parameters
    locks: str = ""  # an irreversible action: what it locks, and until when, in words

    def changes(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for each field this update changes, secrets masked; [] for a create."""
        from wizard.core.redact import redact

        return [(key, redact(old), redact(self.after[key] if key in self.after else self.params.get(key)))
                for key, old in self.before.items()]

    def shown_params(self) -> dict[str, Any]:
        """The parameters as shown to people (plan text, JSON, files, screen): secrets masked."""
        from wizard.core.redact import redact

        return redact(self.params)

    @property
    def references(self) -> set[str]:
        """Ids of the actions whose outputs the parameters use ("account" is the caller's identity, "apply" the
        apply's own start time)."""
        return set(_REFERENCE.findall(json.dumps(self.params)))

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "service": self.service,
            "api": self.api,
            "params": self.shown_params(),
            "reason": self.reason,
            "kind": self.kind,
            "resource": self.resource,
            "irreversible": self.irreversible,
            "depends_on": list(self.depends_on),
            "optional": self.optional,
            "before": {key: old for key, old, _ in self.changes()},
            "after": {key: new for key, _, new in self.changes()},
            "locks": self.locks,
        }


@dataclass(frozen=True)
class Blocked:
    """A change the settings ask for that the wizard refuses to make itself."""

    resource: str
    reason: str  # e.g. "WORM is locked at 400 days; it cannot be shortened to 365"
    rule: str = ""  # related rule ids, comma-separated, if any
    command: str = ""  # what a human could run instead, if anything

    def to_json(self) -> dict[str, Any]:
        return {"resource": self.resource, "reason": self.reason, "rule": self.rule, "command": self.command}

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(r.strip() for r in self.rule.split(",") if r.strip())


@dataclass(frozen=True)
class Plan:
    actions: tuple[Action, ...] = ()
    blocked: tuple[Blocked, ...] = field(default=())
    already_met: tuple[str, ...] = ()  # rule ids the account meets before any change: the no-ops
    rules_judged: int = 0

    @property
    def changes(self) -> int:
        return len(self.actions)

    def to_json(self) -> dict[str, Any]:
        return {
            "changes": self.changes,
            "actions": [a.to_json() for a in self.actions],
            "blocked": [b.to_json() for b in self.blocked],
        }
