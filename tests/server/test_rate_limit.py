"""The token buckets behind the rate limits (no server, no clock waits),
in the process and in Redis (server/shared_rate_limit.py)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest_asyncio
from redis.asyncio import Redis

from server.rate_limit import TokenBuckets
from server.shared_rate_limit import SharedBuckets

REDIS_URL = "redis://127.0.0.1:6379/0"


async def test_a_key_over_its_bucket_waits_and_others_do_not():
    buckets = TokenBuckets(2, 60.0)
    assert await buckets.retry_after("a") is None
    await buckets.spend("a")
    await buckets.spend("a")
    wait = await buckets.retry_after("a")
    assert wait is not None and 1 <= wait <= 30
    assert await buckets.retry_after("b") is None


async def test_a_zero_limit_is_no_limit():
    buckets = TokenBuckets(0, 60.0)
    for _ in range(100):
        await buckets.spend("a")
    assert await buckets.retry_after("a") is None


@pytest_asyncio.fixture
async def redis_prefix() -> AsyncIterator[str]:
    prefix = f"cocrea-test:{uuid.uuid4().hex[:12]}:"
    yield prefix
    client = Redis.from_url(REDIS_URL)
    keys = [k async for k in client.scan_iter(f"{prefix}*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()


async def test_two_processes_buckets_in_redis_share_one_count(redis_prefix):
    """Two processes' buckets (two clients, as two processes hold): misses
    spent through either count against one allowance per address."""
    a, b = Redis.from_url(REDIS_URL), Redis.from_url(REDIS_URL)
    try:
        on_a = SharedBuckets(a, redis_prefix, "join", TokenBuckets(4, 60.0))
        on_b = SharedBuckets(b, redis_prefix, "join", TokenBuckets(4, 60.0))
        for buckets in (on_a, on_b, on_a):
            await buckets.spend("10.0.0.1")
        assert await on_b.retry_after("10.0.0.1") is None
        await on_b.spend("10.0.0.1")
        for buckets in (on_a, on_b):
            wait = await buckets.retry_after("10.0.0.1")
            assert wait is not None and 1 <= wait <= 15, wait
            assert await buckets.retry_after("10.0.0.2") is None
        ttl = await a.ttl(f"{redis_prefix}rate:join:10.0.0.1")
        assert 0 < ttl <= 61
    finally:
        await a.aclose()
        await b.aclose()


async def test_with_redis_away_each_process_counts_its_own(redis_prefix, caplog):
    """Redis unreachable: the process's own bucket counts (a warning is
    logged); a check never fails for it."""
    away = Redis.from_url("redis://127.0.0.1:9/0", socket_connect_timeout=0.5)
    try:
        buckets = SharedBuckets(away, redis_prefix, "join", TokenBuckets(2, 60.0))
        assert await buckets.retry_after("10.0.0.1") is None
        await buckets.spend("10.0.0.1")
        await buckets.spend("10.0.0.1")
        assert await buckets.retry_after("10.0.0.1") is not None
        assert "counted in this process only" in caplog.text
    finally:
        await away.aclose()


async def test_a_zero_limit_is_no_limit_in_redis_either(redis_prefix):
    client = Redis.from_url(REDIS_URL)
    try:
        buckets = SharedBuckets(client, redis_prefix, "join", TokenBuckets(0, 60.0))
        for _ in range(10):
            await buckets.spend("a")
        assert await buckets.retry_after("a") is None
        assert [k async for k in client.scan_iter(f"{redis_prefix}*")] == []
    finally:
        await client.aclose()
