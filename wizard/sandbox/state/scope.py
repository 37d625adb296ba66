"""What one account sees of the store: its own documents, and the documents every account shares.

Most resources belong to one account (trails, keys, RAM principals, records): an `AccountStore`
files them under the account, so a second account starts empty. Some names are global across
accounts (bucket and SLS project names, and what hangs off them), so their kinds are `shared`:
one document per name, which carries its owner, and each service checks that owner.

The first account's documents keep their plain kind names, so a state file made before there
were several accounts reads as that account's. Meta values (the clock, id sequences) are shared.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from .store import Store

_SHARED: set[str] = set()


def shared(*kinds: str) -> str | tuple[str, ...]:
    """Declare kinds whose names are global across accounts; returns them, for `KIND = shared("...")`."""
    _SHARED.update(kinds)
    return kinds[0] if len(kinds) == 1 else kinds


class AccountStore:
    """The store as `account_id` sees it (the same interface as Store)."""

    def __init__(self, store: Store, account_id: str):
        self._store, self.account_id = store, account_id
        self.path = store.path
        self._own = account_id == store.account_id  # the first account: plain kind names

    def _kind(self, kind: str) -> str:
        return kind if self._own or kind in _SHARED else f"{kind}@{self.account_id}"

    @contextmanager
    def transaction(self) -> Iterator["AccountStore"]:
        with self._store.transaction():
            yield self

    def get(self, kind: str, key: str) -> dict[str, Any] | None:
        return self._store.get(self._kind(kind), key)

    def put(self, kind: str, key: str, doc: dict[str, Any]) -> None:
        self._store.put(self._kind(kind), key, doc)

    def delete(self, kind: str, key: str) -> bool:
        return self._store.delete(self._kind(kind), key)

    def list(self, kind: str, prefix: str = "") -> list[dict[str, Any]]:
        return self._store.list(self._kind(kind), prefix)

    def between(self, kind: str, low: str, high: str) -> list[dict[str, Any]]:
        return self._store.between(self._kind(kind), low, high)

    def meta(self, key: str, default: str | None = None) -> str | None:
        return self._store.meta(key, default)

    def set_meta(self, key: str, value: str) -> None:
        self._store.set_meta(key, value)
