"""The rendered public outputs of published plans (page, open data, feeds,
informes finales), kept while the plan does not change.

Each public read used to rebuild the plan's whole follow-up state and render
it again: half a second to a second of CPU for a large plan, for every
anonymous visitor. Now a read costs one small query first: the plan's
version (``Storage.plan_version``: its ``updated_at``, its last log entry and
its count of follow-up rows, so any write through any process changes it).
The output is keyed by that version with everything else it depends on (the
day in Mexico, the language, the address the links are built from, the
format): the same key is the same bytes.

- **Conditional reads**: the key's digest is the response's ``ETag``; a
  request whose ``If-None-Match`` names it gets 304 without anything built.
- **One render per key at a time**: concurrent readers of a key that is not
  stored yet wait for the one render (a crowd opening a link just shared
  costs one render, not one each); the render goes on if the first reader
  leaves.
- **Bounded**: least recently used entries go first past ``MAX_BYTES`` or
  ``MAX_ENTRIES``; a body larger than ``MAX_BYTES`` is served but not kept.
  The version is read before the state, so an entry can only hold a state at
  least as new as its key: a reader never gets an older state than the one
  stored when it asked.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")

MAX_BYTES = 64 * 1024 * 1024
MAX_ENTRIES = 512


def etag_of(key: tuple[Hashable, ...]) -> str:
    """A strong validator for the bytes stored under ``key``."""
    return '"' + hashlib.sha256(repr(key).encode()).hexdigest()[:32] + '"'


def matches(if_none_match: str | None, etag: str) -> bool:
    """Whether a request's ``If-None-Match`` names ``etag`` (or ``*``)."""
    if not if_none_match:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return etag in tags or "*" in tags


class PublicCache(Generic[T]):
    def __init__(self, size: Callable[[T], int], *, max_bytes: int = MAX_BYTES, max_entries: int = MAX_ENTRIES) -> None:
        self._size = size
        self._max_bytes = max_bytes
        self._max_entries = max_entries
        self._entries: OrderedDict[tuple[Hashable, ...], tuple[T, int]] = OrderedDict()
        self._bytes = 0
        self._pending: dict[tuple[Hashable, ...], asyncio.Task[T]] = {}

    async def get(self, key: tuple[Hashable, ...], render: Callable[[], Awaitable[T]]) -> T:
        """The value stored under ``key``, rendered once if it is not."""
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
            return entry[0]
        task = self._pending.get(key)
        if task is None:
            task = self._pending[key] = asyncio.ensure_future(self._render(key, render))
            # Read here too: a failure every reader left is not logged as never retrieved.
            task.add_done_callback(lambda t: t.cancelled() or t.exception())
        return await asyncio.shield(task)

    async def _render(self, key: tuple[Hashable, ...], render: Callable[[], Awaitable[T]]) -> T:
        try:
            value = await render()
        finally:
            self._pending.pop(key, None)
        self._keep(key, value)
        return value

    def _keep(self, key: tuple[Hashable, ...], value: T) -> None:
        size = self._size(value)
        if size > self._max_bytes:
            return
        self._entries[key] = (value, size)
        self._bytes += size
        while self._bytes > self._max_bytes or len(self._entries) > self._max_entries:
            _, (_, dropped) = self._entries.popitem(last=False)
            self._bytes -= dropped

    def __len__(self) -> int:
        return len(self._entries)
