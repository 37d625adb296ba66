"""Generated ids (resource ids, request ids): random, or a counter in a deterministic sandbox.

A deterministic sandbox (screenshots, snapshot tests) hands out the same ids on every run;
the flag and the counter are kept in the store's meta table.
"""

from __future__ import annotations

import uuid

from .store import Store

DETERMINISTIC_KEY = "deterministic"
SEQUENCE_KEY = "id_seq"


def make_deterministic(store: Store) -> None:
    store.set_meta(DETERMINISTIC_KEY, "1")


def new_uuid(store: Store) -> uuid.UUID:
    """A fresh id; in a deterministic sandbox a counter instead."""
    if store.meta(DETERMINISTIC_KEY) != "1":
        return uuid.uuid4()
    with store.transaction():
        number = int(store.meta(SEQUENCE_KEY, "0") or 0) + 1
        store.set_meta(SEQUENCE_KEY, str(number))
    return uuid.UUID(int=(0x5A4D << 112) + number, version=4)


def request_id(store: Store) -> str:
    return str(new_uuid(store)).upper()
