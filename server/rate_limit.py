"""Rate limits per client address against guessing and flooding, not
against a real room: a venue of 300 phones behind one NAT address joins at
once, so successful joins are never counted. What is counted:

- failed join-code lookups and joins with a wrong code (a guesser's
  misses): ``COCREA_JOIN_GUESSES_PER_MINUTE``; while an address is over it,
  every lookup from it is refused, right or wrong, or a 429 would tell a
  guess from a hit;
- workshops created: ``COCREA_WORKSHOPS_PER_HOUR``.

Over a limit: 429 with ``Retry-After`` (seconds). The counts live in the
process; with Redis configured, in Redis (``server/shared_rate_limit.py``):
the processes of a deployment share one count per address.
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, Protocol

from starlette.requests import HTTPConnection

from workshops.messages import _

from .errors import ApiError

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from .settings import Settings

# Addresses remembered at most; idle ones (bucket full again) go first.
MAX_TRACKED_ADDRESSES = 50_000


class TooManyRequests(ApiError):
    def __init__(self, retry_after: int, message: str) -> None:
        super().__init__(429, "too_many_requests", message)
        self.headers["Retry-After"] = str(retry_after)


class TokenBuckets:
    """One token bucket per key: ``capacity`` tokens, refilled at
    ``capacity`` per ``window`` seconds; a spent token is one event."""

    def __init__(self, capacity: int, window: float) -> None:
        self.capacity = float(capacity)
        self.rate = capacity / window if capacity > 0 else 0.0
        self._buckets: dict[str, tuple[float, float]] = {}

    @property
    def enabled(self) -> bool:
        return self.capacity > 0

    def _tokens(self, key: str, now: float) -> float:
        tokens, stamp = self._buckets.get(key, (self.capacity, now))
        return min(self.capacity, tokens + (now - stamp) * self.rate)

    async def retry_after(self, key: str) -> int | None:
        """Seconds until ``key`` may act again, or ``None`` if it may now."""
        if not self.enabled:
            return None
        tokens = self._tokens(key, time.monotonic())
        if tokens >= 1:
            return None
        return max(1, math.ceil((1 - tokens) / self.rate))

    async def spend(self, key: str) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        self._buckets[key] = (max(0.0, self._tokens(key, now) - 1), now)
        if len(self._buckets) > MAX_TRACKED_ADDRESSES:
            self._forget_idle(now)

    def _forget_idle(self, now: float) -> None:
        for key in [k for k in self._buckets if self._tokens(k, now) >= self.capacity]:
            del self._buckets[key]
        while len(self._buckets) > MAX_TRACKED_ADDRESSES:
            del self._buckets[next(iter(self._buckets))]


def client_address(conn: HTTPConnection) -> str:
    return conn.client.host if conn.client else "unknown"


class Buckets(Protocol):
    async def retry_after(self, key: str) -> int | None: ...

    async def spend(self, key: str) -> None: ...


class RateLimits:
    def __init__(self, settings: Settings, redis: Redis | None = None, prefix: str = "") -> None:
        join_guesses = TokenBuckets(settings.join_guesses_per_minute, 60.0)
        creations = TokenBuckets(settings.workshops_per_hour, 3600.0)
        self.join_guesses: Buckets = join_guesses
        self.creations: Buckets = creations
        if redis is not None:
            # redis is imported only by a deployment that uses it (tests/server/test_start_imports.py).
            from .shared_rate_limit import SharedBuckets

            # The process's own buckets stay as the fallback while Redis is away.
            self.join_guesses = SharedBuckets(redis, prefix, "join", join_guesses)
            self.creations = SharedBuckets(redis, prefix, "create", creations)

    async def check_join_guess(self, conn: HTTPConnection) -> None:
        """Refuse any join-code lookup from an address with too many misses."""
        wait = await self.join_guesses.retry_after(client_address(conn))
        if wait is not None:
            raise TooManyRequests(
                wait,
                _("Demasiados códigos incorrectos desde esta dirección; intenta de nuevo en {wait} s.", wait=wait),
            )

    async def missed_join_code(self, conn: HTTPConnection) -> None:
        await self.join_guesses.spend(client_address(conn))

    async def check_creation(self, conn: HTTPConnection) -> None:
        wait = await self.creations.retry_after(client_address(conn))
        if wait is not None:
            raise TooManyRequests(
                wait,
                _("Se han creado demasiados talleres desde esta dirección; intenta de nuevo en {wait} s.", wait=wait),
            )

    async def created_workshop(self, conn: HTTPConnection) -> None:
        await self.creations.spend(client_address(conn))
