"""What goes over the wire compressed (docs/performance.md).

- Built assets (``static/dist``): the build writes a brotli (``.br``) and a
  gzip (``.gz``) copy of each file; ``DistFiles`` sends the one the request's
  ``Accept-Encoding`` allows (brotli first), or the file itself, always with
  ``Vary: Accept-Encoding``. Their names carry a hash of their content, so
  they are cached for a year (``immutable``); anything else there
  (``manifest.json``, ``sizes.json``) is revalidated.
- Pages and API answers: ``Compression`` compresses HTML, JSON, SVG, text,
  CSV, iCalendar and Atom answers of at least ``MIN_BYTES`` (brotli at a fast level, or gzip) when
  the client accepts it. Only answers sent in one piece: a streamed answer
  goes out as it comes. WebSockets pass through untouched (per-message
  deflate stays off: docs/realtime.md).
"""

from __future__ import annotations

import gzip
import os
import re
import stat
from pathlib import Path

import brotli
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, Response
from starlette.staticfiles import NotModifiedResponse, StaticFiles
from starlette.types import Message, Receive, Scope, Send

from .http_middleware import HttpMiddleware

# Smaller answers gain less than the bytes of the header that says so.
MIN_BYTES = 1024
# Brotli's quality 5 costs about what gzip -6 does and sends 10-25 % less (a
# 300-idea tree's JSON: 4.5 KB against 6.0 KB); the build uses the maximum
# (11) once, far too slow per answer.
BROTLI_QUALITY = 5
GZIP_LEVEL = 6
# The tree's sync document for the room's first load (server/api_tree.py):
# mostly text, a fifth of its size in brotli.
YJS_UPDATE = "application/vnd.cocrea.yjs-update"
COMPRESSIBLE = (
    "text/html",
    "application/json",
    "image/svg+xml",
    "text/plain",
    # A published plan's open data and feeds (server/api_public_plan.py).
    "text/csv",
    "text/calendar",
    "application/atom+xml",
    YJS_UPDATE,
)

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# esbuild's [hash] (8 characters, A-Z and 2-7) or the messages' (hex, upper case).
HASHED_NAME = re.compile(r"-[A-Z0-9]{8}\.(?:js|css)$")
# (Content-Encoding, suffix of the build's copy), preferred first.
PRECOMPRESSED = (("br", ".br"), ("gzip", ".gz"))


def accepted_encodings(scope: Scope) -> set[str]:
    """The codings ``Accept-Encoding`` allows (``q=0`` refuses one)."""
    accepted: set[str] = set()
    for item in Headers(scope=scope).get("accept-encoding", "").split(","):
        coding, _, params = item.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if coding and q > 0:
            accepted.add(coding.strip().lower())
    if "*" in accepted:
        accepted |= {"br", "gzip"}
    return accepted


class DistFiles(StaticFiles):
    """``/static/dist``: the build's files, each sent as the request accepts
    it: its brotli or gzip copy when there is one and the client takes it
    (``Content-Encoding``), else the file; ``Vary: Accept-Encoding`` either
    way; a year of caching for hashed names, revalidation for the rest; 304
    when the request's validators match the copy sent."""

    def file_response(
        self, full_path: os.PathLike[str] | str, stat_result: os.stat_result, scope: Scope, status_code: int = 200
    ) -> Response:
        path = Path(full_path)
        if path.suffix in (".br", ".gz"):
            # The copies are a way of sending a file, not files of their own.
            raise HTTPException(status_code=404)
        accepted = accepted_encodings(scope)
        chosen, chosen_stat, encoding = path, stat_result, None
        for coding, suffix in PRECOMPRESSED:
            if coding not in accepted:
                continue
            try:
                variant_stat = os.stat(f"{path}{suffix}")
            except OSError:
                continue
            if stat.S_ISREG(variant_stat.st_mode):
                chosen, chosen_stat, encoding = Path(f"{path}{suffix}"), variant_stat, coding
                break
        response = FileResponse(
            chosen,
            status_code=status_code,
            stat_result=chosen_stat,
            media_type=FileResponse(path).media_type,
            headers={
                "Cache-Control": IMMUTABLE if HASHED_NAME.search(path.name) else REVALIDATE,
                "Vary": "Accept-Encoding",
            },
        )
        if encoding:
            response.headers["Content-Encoding"] = encoding
        if self.is_not_modified(response.headers, Headers(scope=scope)):
            return NotModifiedResponse(response.headers)
        return response


def _compressible(headers: MutableHeaders) -> bool:
    media_type = headers.get("content-type", "").split(";")[0].strip().lower()
    return media_type in COMPRESSIBLE or media_type.endswith("+json")


class Compression(HttpMiddleware):
    """Compresses whole answers of a ``COMPRESSIBLE`` type of ``MIN_BYTES`` or more (above)."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        accepted = accepted_encodings(scope)
        encoding = "br" if "br" in accepted else "gzip" if "gzip" in accepted else None
        held: Message | None = None

        async def compressing_send(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                held = message  # until the body shows whether it is one piece
                return
            if held is None:
                await send(message)
                return
            start, held = held, None
            headers = MutableHeaders(scope=start)
            body = message.get("body", b"")
            whole = message["type"] == "http.response.body" and not message.get("more_body", False)
            if whole and _compressible(headers) and "content-encoding" not in headers:
                headers.add_vary_header("Accept-Encoding")
                if encoding and len(body) >= MIN_BYTES and start["status"] not in (204, 206, 304):
                    packed = (
                        brotli.compress(body, quality=BROTLI_QUALITY)
                        if encoding == "br"
                        else gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
                    )
                    if len(packed) < len(body):
                        headers["Content-Encoding"] = encoding
                        headers["Content-Length"] = str(len(packed))
                        message = {**message, "body": packed}
            await send(start)
            await send(message)

        await self.app(scope, receive, compressing_send)
