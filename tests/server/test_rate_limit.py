"""The token buckets behind the rate limits (no server, no clock waits)."""

from __future__ import annotations

from server.rate_limit import TokenBuckets


def test_a_key_over_its_bucket_waits_and_others_do_not():
    buckets = TokenBuckets(2, 60.0)
    assert buckets.retry_after("a") is None
    buckets.spend("a")
    buckets.spend("a")
    wait = buckets.retry_after("a")
    assert wait is not None and 1 <= wait <= 30
    assert buckets.retry_after("b") is None


def test_a_zero_limit_is_no_limit():
    buckets = TokenBuckets(0, 60.0)
    for _ in range(100):
        buckets.spend("a")
    assert buckets.retry_after("a") is None
