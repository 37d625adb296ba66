"""The plain front end's operator: answers questionary-style prompts by label, the way a person at the keyboard
would, so the plain-mode tests and the proofs drive `run_plain` without a terminal."""

from __future__ import annotations

from wizard.plain import APPLY

NAMES = {"Bucket (": "acme-actiontrail", "Project (": "acme-actiontrail", "Auditors": "group:security-auditors",
         "ActionTrail admins": "group:actiontrail-admins", "Admin users": "user:cloud-admin"}
LOCK = {"Lock WORM now": True}  # plain mode's Enter at the lock question is no: locking is said out loud


def approving(bucket: str | None = None) -> dict[str, object]:
    """The consent given: "yes, apply" at the confirmation naming the counts, and the bucket name typed for a lock."""
    return {"Apply ": APPLY, **({"Type the bucket name": bucket} if bucket is not None else {})}


class Operator:
    """Answers prompts by the start of their label (a list answers successive asks); otherwise keeps the default.

    None is what questionary returns on Ctrl-C. Every prompt is recorded with its suggestions.
    """

    def __init__(self, answers: dict[str, object], on_ask=lambda message: None):
        self.answers = {label: list(a) if isinstance(a, list) else [a] for label, a in answers.items()}
        self.asked: list[tuple[str, tuple[str, ...]]] = []
        self.on_ask = on_ask

    def _answer(self, message: str, default):
        self.on_ask(message)
        for label, queue in self.answers.items():
            if message.startswith(label) and queue:
                return queue.pop(0) if len(queue) > 1 else queue[0]
        return default

    def text(self, message, default, suggestions=()):
        self.asked.append((message, tuple(suggestions)))
        return self._answer(message, default)

    def confirm(self, message, default):
        self.asked.append((message, ()))
        return self._answer(message, default)

    def select(self, message, choices, default):
        self.asked.append((message, tuple(choices)))
        return self._answer(message, default)
