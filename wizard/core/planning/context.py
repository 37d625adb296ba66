"""What every planning step shares: the settings, the observed account, and references."""

from __future__ import annotations

from dataclasses import dataclass, field

from wizard.core.names import key_alias
from wizard.core.observed import Observed
from wizard.core.plan import Action, Blocked, Kept
from wizard.core.settings import Settings

ACCOUNT_REF = "${account.AccountId}"  # resolved by the executor from GetCallerIdentity


@dataclass
class PlanContext:
    settings: Settings
    observed: Observed
    actions: list[Action] = field(default_factory=list)
    blocked: list[Blocked] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)
    worm_lock: object = None  # planning.locks.LockIntent: what the bucket step wants locked, planned last
    key_unusable: bool = False  # the settings' key exists but cannot encrypt (not Enabled, another region)
    outside_archive: list[Blocked] = field(default_factory=list)  # reports that leave the archive whole

    @property
    def offline(self) -> bool:
        """Nothing was read (plan --offline): the account is assumed empty and ids unknown."""
        return not self.observed.account_id

    @property
    def account(self) -> str:
        return self.observed.account_id or ACCOUNT_REF

    @property
    def region(self) -> str:
        return self.settings.region

    @property
    def key_alias(self) -> str:
        return key_alias(self.settings.trail.name)

    def add(self, action: Action) -> Action:
        self.actions.append(action)
        return action

    def block(self, resource: str, reason: str, rule: str = "", command: str = "", archive: bool = True) -> None:
        """A change a human must make; `archive=False` when it leaves the trail's archive whole (a report)."""
        item = Blocked(resource, reason, rule, command)
        self.blocked.append(item)
        if not archive:
            self.outside_archive.append(item)

    def keep(self, resource: str, reason: str, rule: str = "") -> None:
        """The account is stronger than the settings here: nothing is planned, and the plan says why."""
        self.kept.append(Kept(resource, reason, rule))

    def has(self, action_id: str) -> bool:
        return any(a.id == action_id for a in self.actions)

    def deps(self, *ids: str) -> tuple[str, ...]:
        """Only the ids that are actually in the plan (earlier steps may have been no-ops)."""
        return tuple(i for i in ids if self.has(i))
