"""Per-key locks (a workshop or plan id): changes to one workshop's
authoritative state happen one at a time, different workshops in parallel.

Within a process, one ``anyio.Lock`` per key. With Redis configured (several
processes serving one deployment), each lock also holds a lock of the same
name in Redis (``server/shared_locks.py``), so the change is one at a time
across the processes too: a ballot and the close of its round, two
decisions for one round, two phase changes. The local lock comes first: a
process's own requests queue there and only one of them at a time asks
Redis.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Protocol

import anyio


class SharedLocks(Protocol):
    def hold(self, key: str) -> AbstractAsyncContextManager[None]: ...


class KeyedLocks:
    def __init__(self, name: str = "", shared: SharedLocks | None = None) -> None:
        self._name = name
        self._shared = shared
        self._locks: dict[str, anyio.Lock] = {}

    def __call__(self, key: str) -> AbstractAsyncContextManager[None]:
        return self._held(key)

    @asynccontextmanager
    async def _held(self, key: str) -> AsyncIterator[None]:
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = anyio.Lock()
        async with lock:
            if self._shared is None:
                yield
            else:
                async with self._shared.hold(f"{self._name}:{key}"):
                    yield
