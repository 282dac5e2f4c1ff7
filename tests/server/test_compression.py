"""What goes over the wire (issue 15, «The phone»; docs/performance.md):
built assets in their brotli or gzip copy by ``Accept-Encoding``, each
decompressing to the built file byte for byte; content-hashed names cached
for a year, HTML never kept stale; HTML and JSON answers over the threshold
compressed when asked and plain otherwise; the sync socket untouched.

Raw bytes come through ``http.client``, which (unlike httpx) never decodes."""

from __future__ import annotations

import base64
import gzip
import http.client
import json
import re
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import httpx
import pytest
import uvicorn
import websockets
from pycrdt import Doc, Map
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route

from server.auth import cookie_name
from server.body_limits import JSON_BYTES, BodyLimit
from server.compression import MIN_BYTES, YJS_UPDATE, Compression
from server.i18n import messages
from server.pages import DIST_DIR, asset, manifest
from server.sync.protocol import MessageType, SyncType, parse_frame, sync_step1
from tests.support.live_server import free_port

IMMUTABLE = "public, max-age=31536000, immutable"
DECODE = {"br": brotli.decompress, "gzip": gzip.decompress}


def fetch(server, path: str, **headers: str) -> http.client.HTTPResponse:
    """GET ``path`` as sent: no decoding; ``Accept-Encoding`` only if given."""
    url = urlsplit(server.url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    conn.putrequest("GET", path, skip_accept_encoding=True)
    for name, value in headers.items():
        conn.putheader(name.replace("_", "-"), value)
    conn.endheaders()
    response = conn.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    conn.close()
    return response


def built(url: str) -> bytes:
    return (DIST_DIR / url.removeprefix("/static/dist/")).read_bytes()


def page_assets(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/static/dist/[^"]+)"', html)


@pytest.mark.parametrize("name", ["room.js", "style.css", "messages-es.js", "join.js"])
@pytest.mark.parametrize(
    ("accept", "encoding"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("br;q=0, gzip", "gzip"),
        ("gzip", "gzip"),
        ("identity", None),
        (None, None),
    ],
)
def test_a_built_asset_goes_in_the_encoding_asked_for_and_decodes_to_the_built_file(
    live_server, name, accept, encoding
):
    url = asset(name)
    r = fetch(live_server, url, **({"Accept-Encoding": accept} if accept else {}))
    assert r.status == 200
    assert r.headers.get("Content-Encoding") == encoding
    assert r.headers["Vary"] == "Accept-Encoding"
    assert int(r.headers["Content-Length"]) == len(r.body)
    body = DECODE[encoding](r.body) if encoding else r.body
    assert body == built(url)
    if encoding:
        assert len(r.body) < len(body) / 2
    content_type = "text/css" if name.endswith(".css") else "text/javascript"
    assert r.headers["Content-Type"].startswith(content_type)


def test_hashed_assets_are_cached_for_a_year_and_the_rest_revalidated(live_server, api):
    w = api.create_workshop()
    html = fetch(live_server, f"/j/{w['join_code']}").body.decode()
    urls = page_assets(html)
    assert len(urls) == 4  # the stylesheet, the messages (two scripts), the page's script
    for url in urls:
        assert re.search(r"-[A-Z0-9]{8}\.(js|css)$", url), url
        r = fetch(live_server, url, Accept_Encoding="br")
        assert r.status == 200
        assert r.headers["Cache-Control"] == IMMUTABLE
    # The room's shared chunk is asked for with the page (modulepreload).
    room_html = fetch(live_server, f"/w/{w['id']}", Cookie=f"{cookie_name(w['id'])}={w['facilitator_token']}")
    preloaded = re.findall(r'<link rel="modulepreload" href="([^"]+)"', room_html.body.decode())
    assert preloaded and all(fetch(live_server, u).headers["Cache-Control"] == IMMUTABLE for u in preloaded)
    # Names that do not change with the content are asked about each time.
    assert fetch(live_server, "/sw.js").headers["Cache-Control"] == "no-cache"
    assert fetch(live_server, "/static/dist/manifest.json").headers["Cache-Control"] == "no-cache"
    # The copies are not files of their own.
    assert fetch(live_server, urls[0] + ".br").status == 404


def test_the_room_page_preloads_its_chunks_and_names_what_it_loads_later(live_server, api):
    """The room's HTML asks for the chunks its entry imports (modulepreload,
    as the built manifest lists them) with the entry; later.css and the later
    messages are named on its script for the first chunk that needs them
    (src/later-assets.js), not loaded. The join page loads both message
    scripts, and no later.css."""
    w = api.create_workshop()
    for lang in ("es", "en"):
        html = fetch(
            live_server, f"/w/{w['id']}?lang={lang}", Cookie=f"{cookie_name(w['id'])}={w['facilitator_token']}"
        ).body.decode()
        preloaded = re.findall(r'<link rel="modulepreload" href="([^"]+)"', html)
        assert preloaded == [f"/static/dist/{chunk}" for chunk in manifest()["preload"]["room.js"]] != []
        assert page_assets(html) == [
            asset("style.css"),
            asset(f"messages-{lang}.js"),
            asset("early-socket.js"),
            *preloaded,
            asset("room.js"),
        ]
        script = re.search(r'<script type="module" src="[^"]+"([^>]*)>', html).group(1)
        assert f'data-later-style="{asset("later.css")}"' in script
        assert f'data-later-messages="{asset(f"messages-later-{lang}.js")}"' in script
    join = fetch(live_server, f"/j/{w['join_code']}").body.decode()
    assert page_assets(join) == [
        asset("style.css"),
        asset("messages-es.js"),
        asset("messages-later-es.js"),
        asset("join.js"),
    ]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_two_message_scripts_share_out_the_catalogue(lang):
    """Every message is in exactly one of the two scripts, and the first one
    (the room's) holds every namespace the room's first load names."""

    def parsed(name: str) -> dict[str, str]:
        code = built(asset(name)).decode()
        match = re.fullmatch(
            r"self\.__cocreaMessages=Object\.assign\(self\.__cocreaMessages\|\|\{\},(.*)\);\n", code, re.S
        )
        assert match, code[:80]
        return json.loads(match.group(1))

    first, later = parsed(f"messages-{lang}.js"), parsed(f"messages-later-{lang}.js")
    assert not first.keys() & later.keys()
    assert first | later == messages(lang)
    code = "".join(
        built(u).decode() for u in [asset("room.js"), *(f"/static/dist/{c}" for c in manifest()["preload"]["room.js"])]
    )
    for namespace in ("tree", "checks", "conn", "session", "confirm", "download", "moderation"):
        assert re.search(rf"[\"'`]{namespace}\.", code), namespace
        assert any(key.startswith(f"{namespace}.") for key in first), namespace
    for namespace in ("ballot", "roadmap", "plan", "minuta", "join", "tracking"):
        assert not any(key.startswith(f"{namespace}.") for key in first), namespace


def test_a_revalidated_asset_is_not_sent_again(live_server):
    url = asset("room.js")
    first = fetch(live_server, url, Accept_Encoding="br")
    again = fetch(live_server, url, Accept_Encoding="br", If_None_Match=first.headers["ETag"])
    assert again.status == 304
    assert again.body == b""
    assert again.headers["Vary"] == "Accept-Encoding"
    # Each encoding is its own representation, with its own validator.
    assert fetch(live_server, url, Accept_Encoding="gzip").headers["ETag"] != first.headers["ETag"]


def test_the_service_worker_is_compressed_too(live_server):
    r = fetch(live_server, "/sw.js", Accept_Encoding="br")
    assert r.headers["Content-Encoding"] == "br"
    assert brotli.decompress(r.body) == (DIST_DIR / "sw.js").read_bytes()


def test_pages_are_never_kept_stale_and_go_compressed_when_asked(live_server, api):
    w = api.create_workshop()
    for path in (f"/j/{w['join_code']}", f"/w/{w['id']}?lang=en", "/"):
        plain = fetch(live_server, path)
        packed = fetch(live_server, path, Accept_Encoding="gzip, br")
        assert plain.headers["Content-Type"].startswith("text/html")
        # The pages of a session are never stored; the home page is revalidated.
        assert plain.headers["Cache-Control"] == ("no-cache" if path == "/" else "no-store")
        assert packed.headers["Cache-Control"] == plain.headers["Cache-Control"]
        assert "Accept-Encoding" in plain.headers["Vary"] and "Accept-Encoding" in packed.headers["Vary"]
        if len(plain.body) >= MIN_BYTES:
            assert plain.headers.get("Content-Encoding") is None
            assert packed.headers["Content-Encoding"] == "br"
            assert brotli.decompress(packed.body).decode().startswith("<!doctype html>")


def test_the_join_page_carries_no_messages_inline(live_server, api):
    """The messages come as their own cached script: the page's HTML is small."""
    w = api.create_workshop()
    html = fetch(live_server, f"/j/{w['join_code']}").body.decode()
    assert len(html.encode()) < 12 * 1024
    assert asset("messages-es.js") in html
    bootstrap = json.loads(re.search(r'<script id="bootstrap" type="application/json">(.*?)</script>', html, re.S)[1])
    assert "messages" not in bootstrap
    assert asset("messages-en.js") in fetch(live_server, f"/j/{w['join_code']}?lang=en").body.decode()


def test_json_over_the_threshold_is_gzipped_when_asked_and_plain_otherwise(live_server, api):
    w = api.create_workshop()
    auth = {"Authorization": f"Bearer {w['facilitator_token']}"}
    path = f"/api/workshops/{w['id']}"
    # The OpenAPI description is JSON well over the threshold.
    plain = fetch(live_server, "/openapi.json")
    packed = fetch(live_server, "/openapi.json", Accept_Encoding="gzip")
    assert len(plain.body) > MIN_BYTES
    assert plain.headers.get("Content-Encoding") is None
    assert packed.headers["Content-Encoding"] == "gzip"
    assert int(packed.headers["Content-Length"]) == len(packed.body) < len(plain.body)
    assert json.loads(gzip.decompress(packed.body)) == json.loads(plain.body)
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert "Accept-Encoding" in plain.headers["Vary"]
    # A small answer is not worth it.
    small = fetch(live_server, path, Accept_Encoding="gzip", **auth)
    assert small.status == 200 and len(small.body) < MIN_BYTES
    assert small.headers.get("Content-Encoding") is None


def test_the_tree_keeps_its_etag_and_304_when_compressed(live_server, api, tmp_path: Path):
    w = api.create_workshop()
    api.set_phase(w, "arbol_de_problemas")
    tree = {
        "schema": "cocrea.tree/1",
        "nodes": [{"id": "p", "kind": "problem", "text": "Problema público " * 20}]
        + [{"id": f"c{i}", "kind": "cause", "text": f"Causa número {i} de la falta de datos"} for i in range(30)],
        "edges": [{"id": f"e{i}", "source": f"c{i}", "target": "p"} for i in range(30)],
    }
    auth = {"Authorization": f"Bearer {w['facilitator_token']}"}
    r = api.http.post(f"/api/workshops/{w['id']}/tree/import", json=tree, headers=auth)
    assert r.status_code == 200, r.text
    path = f"/api/workshops/{w['id']}/tree"
    packed = fetch(live_server, path, Accept_Encoding="br", **auth)
    assert packed.headers["Content-Encoding"] == "br"
    assert len(json.loads(brotli.decompress(packed.body))["nodes"]) == 31
    again = fetch(live_server, path, Accept_Encoding="br", If_None_Match=packed.headers["ETag"], **auth)
    assert again.status == 304 and again.body == b""


async def test_the_sync_socket_is_not_compressed(live_server, api):
    """An upgrade that offers per-message deflate and accepts brotli gets
    neither: the frames are the protocol's own bytes."""
    w = api.create_workshop()
    api.set_phase(w, "arbol_de_problemas")
    url = f"{api.ws(w)}?token={w['facilitator_token']}"
    async with websockets.connect(
        url, compression="deflate", additional_headers={"Accept-Encoding": "gzip, br"}, max_size=None
    ) as ws:
        assert ws.response is not None
        assert "Sec-WebSocket-Extensions" not in ws.response.headers
        assert "Content-Encoding" not in ws.response.headers
        frame = parse_frame(await ws.recv())
        assert frame.type == MessageType.SYNC and frame.sync_type == SyncType.STEP1


@pytest.fixture
def streaming_app_url() -> Iterator[str]:
    """A real uvicorn serving, through ``Compression`` and ``BodyLimit``, a
    streamed JSON answer (the app itself streams none today)."""

    async def stream(request: Request) -> StreamingResponse:
        async def parts() -> AsyncIterator[bytes]:
            yield b"["
            for i in range(200):
                yield json.dumps({"i": i, "text": "dato abierto " * 4}).encode() + b","
            yield b"null]"

        return StreamingResponse(parts(), media_type="application/json")

    async def echo(request: Request) -> JSONResponse:
        return JSONResponse({"bytes": len(await request.body())})

    app = Starlette(
        routes=[Route("/stream", stream), Route("/echo", echo, methods=["POST"])],
        middleware=[Middleware(Compression), Middleware(BodyLimit)],
    )
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    yield f"http://127.0.0.1:{server.config.port}"
    server.should_exit = True
    thread.join(10)


def test_a_streamed_answer_goes_out_as_it_comes_and_bodies_stay_bounded(streaming_app_url):
    class Url:
        url = streaming_app_url

    r = fetch(Url, "/stream", Accept_Encoding="gzip, br")
    assert r.status == 200
    assert r.headers.get("Content-Encoding") is None
    assert len(json.loads(r.body)) == 201
    # The body limit still refuses as the body arrives, whatever the client accepts.
    too_big = b"x" * (JSON_BYTES + 1)
    refused = httpx.post(f"{streaming_app_url}/echo", content=too_big, headers={"Accept-Encoding": "gzip"})
    assert refused.status_code == 413
    assert refused.json()["error"]["code"] == "too_large"


async def test_the_tree_state_comes_compressed_and_the_socket_then_sends_only_what_is_newer(live_server, api):
    """GET …/tree/state: the sync document as one Yjs update (brotli when
    asked) and its state vector; a socket that asks from that state vector
    gets no document again, only what changed since (the room's early socket,
    static/src/early-socket.js)."""
    w = api.create_workshop()
    api.set_phase(w, "arbol_de_problemas")
    tree = {
        "schema": "cocrea.tree/1",
        "nodes": [{"id": "p", "kind": "problem", "text": "Problema público"}]
        + [{"id": f"c{i}", "kind": "cause", "text": f"Causa número {i} de la falta de datos"} for i in range(30)],
        "edges": [{"id": f"e{i}", "source": f"c{i}", "target": "p"} for i in range(30)],
    }
    auth = {"Authorization": f"Bearer {w['facilitator_token']}"}
    assert api.http.post(f"/api/workshops/{w['id']}/tree/import", json=tree, headers=auth).status_code == 200
    path = f"/api/workshops/{w['id']}/tree/state"
    assert fetch(live_server, path).status == 401  # members only, as the socket
    plain = fetch(live_server, path, **auth)
    packed = fetch(live_server, path, Accept_Encoding="gzip, br", **auth)
    assert plain.status == 200 and plain.headers["Content-Type"] == YJS_UPDATE
    assert plain.headers["Cache-Control"] == "no-store"
    assert packed.headers["Content-Encoding"] == "br"
    assert brotli.decompress(packed.body) == plain.body
    assert len(packed.body) < len(plain.body) / 3
    doc = Doc()
    doc.apply_update(plain.body)
    texts = {str(node["text"]) for node in doc.get("nodes", type=Map).values()}
    assert "Causa número 29 de la falta de datos" in texts and len(texts) == 31
    state_vector = base64.b64decode(plain.headers["X-Yjs-State-Vector"])
    assert state_vector == doc.get_state()

    # The socket, asked from that state vector, sends nothing of it again...
    async with websockets.connect(f"{api.ws(w)}?token={w['facilitator_token']}", max_size=None) as ws:
        await ws.send(sync_step1(state_vector))
        answer = await next_step2(ws)
        assert len(answer) < 10
        # ...while asked from nothing, it sends the whole document.
        await ws.send(sync_step1(Doc().get_state()))
        assert len(await next_step2(ws)) > len(plain.body) / 2


async def next_step2(ws) -> bytes:
    while True:
        frame = parse_frame(await ws.recv())
        if frame.type == MessageType.SYNC and frame.sync_type == SyncType.STEP2:
            return frame.payload
