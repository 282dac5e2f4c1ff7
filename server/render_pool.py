"""Renders off the event loop: one mechanism for the problem tree's and the
Plan de Acción's exports (docs/export-formats.md, "Limits and the render pool").

- **Limits per format.** What a format may be asked to render is bounded
  (``LIMITS``: the tree's elements and characters, the plan's commitments and
  size); past them the request is refused (422 ``too_large_to_render``)
  naming the limit and the formats that do take the subject.
- **A bounded pool with a bounded queue.** The costly formats (``POOLED``)
  render in a child process each, ``render_workers`` at a time; up to
  ``render_queue`` more wait their turn; past that the answer is 429 with
  ``Retry-After``. A process per render is forked from a server process that
  imported the exporters once (``multiprocessing``'s forkserver), so a render
  starts in milliseconds, never holds the server's GIL (the layout is pure
  Python; resvg holds it too), and gives all its memory back
  when it exits. A render that passes ``render_timeout_seconds`` is killed
  (503 ``render_failed``).
- **A cache.** The last documents rendered, by a digest of everything they
  are made from: the same subject asked for again in the same way is served
  without rendering, also to a request that waited in the queue behind it.

The cheap formats (the tree's and the plan's JSON, CSV and Markdown) render
in a worker thread, unqueued. Other costly pure-Python work goes through the
same pool with ``call`` (``read_import``: a big imported plan or tree).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import math
import multiprocessing
import statistics
import threading
import time
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, TypeVar

import anyio
import anyio.to_thread

from exporters.formats import TREE_FORMATS, ExportContext, FormatRegistry
from exporters.minuta_export import MINUTA_FORMATS, SUBJECT_MINUTA
from exporters.plan_formats import PLAN_FORMATS
from workshops.errors import ValidationError, WorkshopError
from workshops.messages import _
from workshops.plan import Plan
from workshops.plan_serialization import plan_to_dict
from workshops.problem_tree import ProblemTree

from .errors import ApiError

T = TypeVar("T")

SUBJECT_TREE = "tree"
SUBJECT_PLAN = "plan"
REGISTRIES: Mapping[str, FormatRegistry[Any]] = {
    SUBJECT_TREE: TREE_FORMATS,
    SUBJECT_PLAN: PLAN_FORMATS,
    SUBJECT_MINUTA: MINUTA_FORMATS,
}
# The formats that render in a child process, through the queue.
POOLED = {
    SUBJECT_TREE: {"svg", "png"},
    SUBJECT_PLAN: {"html", "docx", "odt", "pdf"},
    SUBJECT_MINUTA: {"docx", "odt", "pdf"},
}
# Rendered documents kept for a repeated download, least recently used
# dropped first past this many bytes.
RENDER_CACHE_BYTES = 64 * 1024 * 1024
# Imports larger than this are read in the pool.
INLINE_IMPORT_BYTES = 256 * 1024
TRY_ANOTHER = _(" Prueba otro formato.")
# A ``Retry-After`` is at least this and at most that many seconds.
RETRY_AFTER_MIN, RETRY_AFTER_MAX = 1, 300
# What a render is expected to take before any has been measured (seconds).
EXPECTED_RENDER_SECONDS = 5.0


@dataclass(frozen=True)
class Limit:
    """The most a format renders: ``items`` (a tree's elements, a plan's
    commitments) and ``chars`` (characters of a tree's texts, of a plan's data
    as JSON)."""

    items: int
    chars: int


# Measured with bench/export.py (the figures are in docs/export-formats.md):
# at these limits a render takes at most some 20 s of CPU and 500 MiB. The
# plan's PDF (Typst) costs some 0.04 s and 7 MiB a commitment (some 440 MiB
# at 50; memory, not time, bounds it), its DOCX and ODT some 0.1 s and 1 MiB.
LIMITS: Mapping[str, Mapping[str, Limit]] = {
    SUBJECT_TREE: {"svg": Limit(5_000, 2_000_000), "png": Limit(200, 30_000)},
    SUBJECT_PLAN: {
        "html": Limit(500, 16_000_000),
        "docx": Limit(200, 2_400_000),
        "odt": Limit(200, 2_400_000),
        "pdf": Limit(50, 600_000),
    },
    # A minuta is bounded where it is made: the relatoría's 2,000 entries
    # (workshops/plan_annex.py MAX_MINUTES), 20 amendments a person.
    SUBJECT_MINUTA: {},
}
ITEM_NAMES = {SUBJECT_TREE: _("elementos"), SUBJECT_PLAN: _("compromisos"), SUBJECT_MINUTA: _("entradas")}
SUBJECT_NAMES = {SUBJECT_TREE: _("El árbol"), SUBJECT_PLAN: _("El plan"), SUBJECT_MINUTA: _("La minuta")}


def measure(subject: str, data: Any, plain: Mapping[str, Any] | None = None) -> tuple[int, int]:
    """How big ``data`` is, in the terms of ``Limit`` (``plain``: its
    ``subject_data``, when already made)."""
    if subject == SUBJECT_TREE:
        assert isinstance(data, ProblemTree)
        return len(data.nodes), sum(len(n.text) + len(n.objective) for n in data.nodes)
    if subject == SUBJECT_MINUTA:  # the view model (exporters/minuta_view.py): plain data already
        entries = sum(len(s["entries"]) for s in data["relatoria"]) + len(data["amendments"])
        return entries, len(json.dumps(data, ensure_ascii=False, default=str))
    assert isinstance(data, Plan)
    plain = plan_to_dict(data) if plain is None else plain
    return len(data.commitments), len(json.dumps(plain, ensure_ascii=False, default=str))


def fits(subject: str, name: str, size: tuple[int, int]) -> bool:
    limit = LIMITS[subject].get(name)
    return limit is None or (size[0] <= limit.items and size[1] <= limit.chars)


def _number(n: int) -> str:
    return f"{n:,}"


def check_limits(subject: str, name: str, data: Any, plain: Mapping[str, Any] | None = None) -> None:
    """Refuse (422) a subject too big for the format, saying the limit and
    which formats take it."""
    size = measure(subject, data, plain)
    if fits(subject, name, size):
        return
    limit = LIMITS[subject][name]
    working = [n for n in REGISTRIES[subject].names() if fits(subject, n, size)]
    items = ITEM_NAMES[subject]
    raise ApiError(
        422,
        "too_large_to_render",
        _(
            "{subject} tiene {items} {item_names} y {chars} caracteres; en {format} se "
            "exporta hasta {items_max} {item_names} y {chars_max} caracteres. Descárgalo en {formats}.",
            subject=SUBJECT_NAMES[subject],
            items=_number(size[0]),
            item_names=items,
            chars=_number(size[1]),
            format=name.upper(),
            items_max=_number(limit.items),
            chars_max=_number(limit.chars),
            formats=", ".join(n.upper() for n in working),
        ),
        limit={"items": limit.items, "chars": limit.chars},
        size={"items": size[0], "chars": size[1]},
        formats=working,
    )


EXPORT_PATHS = (
    "/api/workshops/{workshop_id}/tree/export/{format}",
    "/api/plans/{plan_id}/export/{format}",
    "/api/workshops/{workshop_id}/export/{format}",
    "/api/workshops/{workshop_id}/minutes/export/{format}",
)
IMPORT_PATHS = ("/api/workshops/{workshop_id}/tree/import", "/api/plans/import")


def describe_render_answers(openapi: dict[str, Any]) -> None:
    """The answers of the pool in the OpenAPI description of the routes that use it."""
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    answers = {
        "429": {
            "description": "The queue of renders is full; retry after the seconds of `Retry-After`",
            "headers": {"Retry-After": {"schema": {"type": "integer"}}},
            "content": error,
        },
        "503": {"description": "The render took too long or failed and was stopped", "content": error},
    }
    too_large = {
        "description": "Invalid, or too large for this format (`too_large_to_render`: `limit`, `size` and the "
        "`formats` that take it; docs/export-formats.md)",
        "content": error,
    }
    for path in (*EXPORT_PATHS, *IMPORT_PATHS):
        for operation in openapi.get("paths", {}).get(path, {}).values():
            operation.setdefault("responses", {}).update(answers)
            if path in EXPORT_PATHS:
                operation["responses"]["422"] = too_large


class RenderBusy(ApiError):
    """429: the queue of renders is full."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            429,
            "render_busy",
            f"Hay muchas exportaciones en curso. Vuelve a intentarlo en {retry_after} s.",
            retry_after=retry_after,
        )
        self.headers = {"Retry-After": str(retry_after)}


class RenderFailed(ApiError):
    def __init__(self, message: str) -> None:
        super().__init__(503, "render_failed", message)


class RenderCache:
    """The last documents rendered, by a digest of everything they are made
    from (the subject's data, format, layout, title, language, workshop data
    and template)."""

    def __init__(self, limit: int = RENDER_CACHE_BYTES) -> None:
        self.limit = limit
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0

    @staticmethod
    def key(subject: Mapping[str, Any], format_name: str, context: ExportContext, besides: Any = None) -> str:
        """``besides``: what the document is also made from that ``subject``
        does not carry (a plan's minutas, filled at export time)."""
        digest = hashlib.sha256()
        made_of = [format_name, context.layout, context.title, context.lang, dict(context.workshop), subject]
        if besides is not None:
            made_of.append(besides)
        digest.update(json.dumps(made_of, ensure_ascii=False, sort_keys=True, default=str).encode())
        digest.update(hashlib.sha256(context.template or b"").digest())
        return digest.hexdigest()

    def get(self, key: str) -> bytes | None:
        data = self._items.get(key)
        if data is not None:
            self._items.move_to_end(key)
        return data

    def put(self, key: str, data: bytes) -> None:
        if len(data) > self.limit or key in self._items:
            return
        self._items[key] = data
        self._size += len(data)
        while self._size > self.limit:
            _key, dropped = self._items.popitem(last=False)
            self._size -= len(dropped)


def subject_data(subject: str, data: Any) -> Mapping[str, Any]:
    """The subject as plain data, for the cache's key."""
    if subject == SUBJECT_TREE:
        return dict(data.to_dict())
    if subject == SUBJECT_MINUTA:
        return dict(data)
    return plan_to_dict(data)


def outside_data(subject: str, data: Any) -> Any:
    """What a document is made from besides ``subject_data``: the minuta of
    each mesa a plan's annex prints (never in the plan's JSON)."""
    if subject != SUBJECT_PLAN:
        return None
    mesas = [e.mesa for e in data.commitments if e.mesa is not None]
    return [[m.minuta_status, m.minuta_version, m.minuta_sha256, m.verification_url] for m in mesas]


# -- the child process ----------------------------------------------------------


def render_subject(subject: str, name: str, data: Any, context: ExportContext) -> bytes:
    return REGISTRIES[subject].get_format(name).render(data, context)


def _work_in_child(conn: Connection, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """Runs in the child: call ``fn``, send its result or its error, exit."""
    try:
        conn.send(("ok", fn(*args)))
    except WorkshopError as exc:
        conn.send(("domain", type(exc).__module__, type(exc).__qualname__, exc.message, exc.fields))
    except BaseException as exc:  # anything else becomes a 503, never a hung request
        conn.send(("failed", f"{type(exc).__name__}: {str(exc)[:200]}"))
    finally:
        conn.close()


def _domain_error(module: str, qualname: str, message: str, fields: dict[str, Any]) -> WorkshopError:
    cls = getattr(importlib.import_module(module), qualname, None)
    if not (isinstance(cls, type) and issubclass(cls, WorkshopError)):
        cls = ValidationError
    try:
        return cls(message, **fields)
    except TypeError:
        return WorkshopError(message, **fields)


_context_lock = threading.Lock()
_context: Any = None


def process_context() -> Any:
    """The forkserver context, its server preloading the exporters."""
    global _context
    with _context_lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload([__name__])
            _context = ctx
        return _context


# -- the pool -------------------------------------------------------------------


class RenderPool:
    def __init__(self, workers: int, queue: int, timeout: float, cache_bytes: int = RENDER_CACHE_BYTES) -> None:
        self.workers = max(1, workers)
        self.capacity = self.workers + max(0, queue)
        self.timeout = timeout
        self.cache = RenderCache(cache_bytes)
        self._slots = anyio.Semaphore(self.workers)
        self._admitted = 0
        self._durations: deque[float] = deque(maxlen=16)

    @property
    def admitted(self) -> int:
        """Renders running or waiting."""
        return self._admitted

    def retry_after(self) -> int:
        typical = statistics.median(self._durations) if self._durations else EXPECTED_RENDER_SECONDS
        seconds = math.ceil(typical * (self._admitted / self.workers))
        return max(RETRY_AFTER_MIN, min(RETRY_AFTER_MAX, seconds))

    async def render(self, subject: str, name: str, data: Any, context: ExportContext) -> bytes:
        """``data`` rendered as the format ``name`` of ``subject``: from the
        cache, in a worker thread (cheap formats) or in the pool."""
        plain = subject_data(subject, data)
        check_limits(subject, name, data, plain)
        key = RenderCache.key(plain, name, context, outside_data(subject, data))
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        if name not in POOLED[subject]:
            body: bytes = await anyio.to_thread.run_sync(REGISTRIES[subject].get_format(name).render, data, context)
            self.cache.put(key, body)
            return body
        async with self._turn():
            # A request like this one may have been rendered while this one waited.
            cached = self.cache.get(key)
            if cached is not None:
                return cached
            body = await self._run(
                render_subject,
                (subject, name, data, context),
                _("La exportación en {format}", format=name.upper()),
                TRY_ANOTHER,
            )
            self.cache.put(key, body)
            return bytes(body)

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a child process of the pool, through the same
        queue and time limit: costly work that is not a render (reading a big
        import). ``fn`` is a module-level function; arguments and result are pickled."""
        async with self._turn():
            result: T = await self._run(fn, args, _("La operación"), "")
            return result

    async def read_import(self, parse: Callable[[bytes], T], body: bytes) -> T:
        """An imported file read by ``parse``: a small one here, a big one
        (past ``INLINE_IMPORT_BYTES``) in the pool, since reading and checking
        a plan of 500 commitments takes seconds of pure Python."""
        if len(body) <= INLINE_IMPORT_BYTES:
            return parse(body)
        return await self.call(parse, body)

    @asynccontextmanager
    async def _turn(self) -> AsyncIterator[None]:
        """A place in the pool: wait for a worker, or 429 when the queue is full."""
        if self._admitted >= self.capacity:
            raise RenderBusy(self.retry_after())
        self._admitted += 1
        try:
            async with self._slots:
                yield
        finally:
            self._admitted -= 1

    async def _run(self, fn: Callable[..., Any], args: tuple[Any, ...], what: str, hint: str) -> Any:
        ctx = process_context()
        receiver, sender = ctx.Pipe(duplex=False)
        process = ctx.Process(target=_work_in_child, args=(sender, fn, args), daemon=True)
        started = time.monotonic()
        try:
            await anyio.to_thread.run_sync(process.start)
            sender.close()
            with anyio.move_on_after(self.timeout) as scope:
                await anyio.wait_readable(receiver)
                message = await anyio.to_thread.run_sync(receiver.recv)
            if scope.cancelled_caught:
                raise RenderFailed(
                    _(
                        "{what} tardó más de {timeout:g} s y se detuvo.{hint}",
                        what=what,
                        timeout=self.timeout,
                        hint=hint,
                    )
                )
        except EOFError:
            raise RenderFailed(_("{what} falló.{hint}", what=what, hint=hint)) from None
        finally:
            sender.close()
            receiver.close()
            with anyio.CancelScope(shield=True):
                if process.is_alive():
                    process.kill()
                if process.pid is not None:
                    await anyio.to_thread.run_sync(process.join)
        self._durations.append(time.monotonic() - started)
        if message[0] == "ok":
            return message[1]
        if message[0] == "domain":
            raise _domain_error(*message[1:])
        raise RenderFailed(_("{what} falló ({message}).{hint}", what=what, message=message[1], hint=hint))
