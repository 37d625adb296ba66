"""Question and Step: a wizard question declared once, rendered by both front ends.

The Textual app turns a Question into a widget, the questionary mode into a
prompt; neither writes its own label, help, default, choices or validation.
Keys are dotted settings fields ("oss.retention_days"); answers are plain values.
A Step may also state facts from discovery (who holds admin rights today),
which both front ends show under its intro.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

Answers = dict[str, Any]
Validator = Callable[[Any], "str | None"]


def _always(_answers: Answers) -> bool:
    return True


def _never_warn(_value: Any) -> str | None:
    return None


def _no_facts(_observed: Any, _answers: Answers) -> tuple[str, ...]:
    return ()


@dataclass(frozen=True)
class Known:
    """What the account already has, offered beside a question so it is picked, not retyped.

    Filled from read-only discovery; empty (offline, or a list that could not be read) is fine.
    """

    buckets: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    key_aliases: tuple[str, ...] = ()
    principals: tuple[str, ...] = ()  # "user:NAME" | "group:NAME" | "role:NAME"


KNOWN_LABELS = {"buckets": "buckets in the home region", "projects": "projects in the home region",
                "key_aliases": "keys in the home region", "principals": "users, groups and roles"}
SHOWN = 6  # names listed beside a question; the rest are counted


@dataclass(frozen=True)
class Question:
    key: str  # dotted settings field, or a "destinations.*" switch that decides whether a section exists
    label: str
    help: str
    kind: str  # text | int | bool | choice | list
    default: Any = None  # the best practice
    choices: tuple[str, ...] = ()
    validator: Validator | None = None  # from wizard.core.settings: returns the problem in words, or None
    warn: Callable[[Any], str | None] = _never_warn  # allowed, but below best practice: what it costs
    when: Callable[[Answers], bool] = _always  # asked only when this holds for the answers so far
    suggest: str = ""  # a Known field whose names are offered for this answer
    irreversible: bool = False  # a yes cannot be undone: a prompt never offers it as what Enter accepts
    done: Callable[[Answers, Any], str | None] = lambda answers, observed: None  # (answers, Observed) -> why the
    # irreversible step is already taken (then it is not asked: the answer stays yes), None when it is not

    def suggestions(self, known: Known) -> tuple[str, ...]:
        return tuple(getattr(known, self.suggest)) if self.suggest else ()

    def known_hint(self, known: Known) -> str | None:
        """One line naming what exists, e.g. "buckets in the home region: a, b (+3 more)"; None when nothing."""
        names = self.suggestions(known)
        if not names:
            return None
        more = f" (+{len(names) - SHOWN} more)" if len(names) > SHOWN else ""
        return f"{KNOWN_LABELS[self.suggest]}: {', '.join(names[:SHOWN])}{more}"

    def check(self, value: Any) -> str | None:
        """The validation message for a value, None when it is acceptable."""
        return self.validator(value) if self.validator else None

    def parse(self, text: str) -> Any:
        """A typed value from what a person typed (both front ends collect text)."""
        text = text.strip()
        if self.kind == "int":
            try:
                return int(text)
            except ValueError:
                return text  # the validator explains "not a whole number"
        if self.kind == "bool":
            return text.lower() in ("y", "yes", "true", "1", "on")
        if self.kind == "list":
            return [item.strip() for item in text.replace("\n", ",").split(",") if item.strip()]
        return text


@dataclass(frozen=True)
class Step:
    name: str  # module name, e.g. "retention"
    title: str
    intro: str  # what this step decides and why, one or two sentences
    questions: tuple[Question, ...] = field(default_factory=tuple)
    # What discovery found that bears on this step (wizard.core.observed.Observed, None before or without discovery),
    # as lines both front ends show under the intro; recomputed as the answers change.
    facts: Callable[[Any, Answers], tuple[str, ...]] = _no_facts

    def asked(self, answers: Answers) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.when(answers))
