"""Locks across the processes of one deployment, in Redis (``SET NX`` with a
lease, released only by their holder: redis-py's ``Lock``), for
``KeyedLocks`` when ``COCREA_REDIS_URL`` is set.

A lock is leased for ``LEASE_SECONDS``: a process that dies holding one
frees it when the lease runs out. A request waits at most ``WAIT_SECONDS``
for one; past that, or with Redis unreachable, the change is refused with
503 and a message that says to try again, rather than made without the
other processes knowing: nothing half-done, nothing counted twice.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis.asyncio import Redis
from redis.exceptions import LockError, RedisError

from .errors import ApiError

log = logging.getLogger(__name__)

LEASE_SECONDS = 30.0
WAIT_SECONDS = 20.0
# How often a process waiting for a lock held by another asks again.
POLL_SECONDS = 0.005


class RedisLocks:
    def __init__(self, redis: Redis, prefix: str) -> None:
        self._redis = redis
        self._prefix = prefix

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        lock = self._redis.lock(
            f"{self._prefix}lock:{key}", timeout=LEASE_SECONDS, sleep=POLL_SECONDS, blocking_timeout=WAIT_SECONDS
        )
        try:
            acquired = await lock.acquire()
        except RedisError as exc:
            log.warning("Redis lock %s not taken: %s", key, exc)
            raise ApiError(
                503,
                "unavailable",
                "El servidor no puede coordinar este cambio con sus otros procesos ahora. "
                "Intenta de nuevo en un momento.",
            ) from exc
        if not acquired:
            raise ApiError(503, "busy", "Hay otro cambio en curso en esta mesa. Intenta de nuevo en un momento.")
        try:
            yield
        finally:
            try:
                await lock.release()
            except (LockError, RedisError) as exc:  # the lease ran out, or Redis went away: it expires alone
                log.warning("Redis lock %s not released: %s", key, exc)
