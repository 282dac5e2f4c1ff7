"""Token buckets in Redis, for ``RateLimits`` when ``COCREA_REDIS_URL`` is set:
the processes of one deployment share one count per address, so a guesser
spreading requests over them gets one allowance, not one per process.

One hash per bucket (``tokens``, ``stamp``), updated by a script that reads
Redis's own clock (``TIME``): the processes' clocks do not matter, and a
check and a spend are one round trip each. A bucket expires once it would
be full again. With Redis unreachable, the process's own buckets count
(each process its share, as without Redis) and a warning is logged: a join
is never refused because Redis is away.
"""

from __future__ import annotations

import logging

from redis.asyncio import Redis
from redis.exceptions import RedisError

from .rate_limit import TokenBuckets

log = logging.getLogger(__name__)

# KEYS[1]: the bucket; ARGV: capacity, refill per second, cost (0 to look, 1 to spend).
# Returns the whole seconds until one token is there (0: one is there now).
BUCKET_SCRIPT = """
local now = redis.call('TIME')
now = tonumber(now[1]) + tonumber(now[2]) / 1000000
local capacity, rate, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'stamp')
local tokens = tonumber(state[1]) or capacity
local stamp = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - stamp) * rate)
if cost > 0 then
  tokens = math.max(0, tokens - cost)
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'stamp', tostring(now))
  redis.call('EXPIRE', KEYS[1], math.ceil(capacity / rate) + 1)
end
if tokens >= 1 then return 0 end
return math.max(1, math.ceil((1 - tokens) / rate))
"""


class SharedBuckets:
    """``TokenBuckets`` with the count in Redis under ``{prefix}rate:{name}:{key}``."""

    def __init__(self, redis: Redis, prefix: str, name: str, local: TokenBuckets) -> None:
        self._script = redis.register_script(BUCKET_SCRIPT)
        self._prefix = f"{prefix}rate:{name}:"
        self._local = local

    @property
    def enabled(self) -> bool:
        return self._local.enabled

    async def _call(self, key: str, cost: int) -> int | None:
        wait = await self._script(keys=[self._prefix + key], args=[self._local.capacity, self._local.rate, cost])
        return int(wait) or None

    async def retry_after(self, key: str) -> int | None:
        if not self.enabled:
            return None
        try:
            return await self._call(key, 0)
        except RedisError as exc:
            log.warning("Rate limit counted in this process only (Redis: %s)", exc)
            return await self._local.retry_after(key)

    async def spend(self, key: str) -> None:
        if not self.enabled:
            return
        await self._local.spend(key)  # the fallback's count stays current
        try:
            await self._call(key, 1)
        except RedisError as exc:
            log.warning("Rate limit counted in this process only (Redis: %s)", exc)
