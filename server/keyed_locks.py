"""One ``anyio.Lock`` per key (a workshop id): changes to one workshop's
authoritative state happen one at a time, different workshops in parallel.
One process only; several processes would need a database lock."""

from __future__ import annotations

import anyio


class KeyedLocks:
    def __init__(self) -> None:
        self._locks: dict[str, anyio.Lock] = {}

    def __call__(self, key: str) -> anyio.Lock:
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = anyio.Lock()
        return lock
