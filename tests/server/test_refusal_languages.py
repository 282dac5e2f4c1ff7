"""Every refusal of tests/server/test_refusals.py, in both languages: Spanish
by default, English when the request asks for it (``Accept-Language``, the
``?lang=`` switch or the ``cocrea_lang`` cookie the switch leaves), and each
one still changes nothing. Also the default agenda's titles, worded for the
page's language while the facilitator has not written their own."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from server.i18n import accepted_language
from tests.conftest import Api
from tests.server.test_refusals import CASES, Mesa, fill, setup_mesa
from tests.support.live_server import LiveServer
from tests.support.refusals import assert_refused, sqlite_file

CATALOGUE = Path(__file__).resolve().parents[2] / "server" / "locales" / "messages" / "en.json"
# What only Spanish text has: its quotes, marks and accented letters.
SPANISH = re.compile(r"[«»¿¡ñÑáéíóúÁÉÍÓÚ]")
# What the request itself sent, quoted back as it came ('mañana').
ECHOED = re.compile(r"'[^']*'")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    tmp = tmp_path_factory.mktemp("languages")
    live = LiveServer(f"sqlite:///{tmp}/cocrea.db", tmp / "server.log", room_grace_seconds=0)
    live.start()
    yield live
    live.kill()


@pytest.fixture(scope="module")
def mesa(server: LiveServer) -> Iterator[Mesa]:
    api = Api(server)
    with api.http:
        yield setup_mesa(Mesa(api, sqlite_file(server.env["COCREA_DATABASE_URL"])))


def _with_query(url: str, query: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{query}"


def _message(response: httpx.Response) -> str:
    return str(response.json()["error"]["message"])


@pytest.mark.parametrize(
    ("phase", "who", "method", "path", "body", "status", "code"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_a_refusal_reads_in_the_language_asked(mesa, phase, who, method, path, body, status, code):
    if phase is not None:
        mesa.phase(phase)
    body = fill(body, mesa.ids)
    url = path.format(**mesa.ids)

    def sender(headers: dict[str, str], target: str = url):
        def send() -> httpx.Response:
            sent = {**mesa.headers(who), **headers}
            if body is None and method in ("POST", "PUT"):
                return mesa.api.http.request(method, target, content=b"not json", headers=sent)
            return mesa.api.http.request(method, target, json=body, headers=sent)

        return send

    spanish = _message(assert_refused(mesa.db, sender({}), status=status, code=code))
    asked = {
        "Accept-Language": sender({"Accept-Language": "en-US,en;q=0.9,es;q=0.5"}),
        "?lang=en": sender({}, _with_query(url, "lang=en")),
        "cookie": sender({"Cookie": "cocrea_lang=en"}),
    }
    english = {how: _message(assert_refused(mesa.db, send, status=status, code=code)) for how, send in asked.items()}
    assert len(set(english.values())) == 1, english
    worded = english["cookie"]
    assert worded != spanish, spanish
    assert not SPANISH.search(ECHOED.sub("", worded)), f"{worded!r} (Spanish: {spanish!r})"
    # Spanish stays the default, and the switch wins over the browser's wish.
    assert _message(assert_refused(mesa.db, sender({"Accept-Language": "es-MX,es;q=0.9"}))) == spanish
    assert _message(assert_refused(mesa.db, sender({"Accept-Language": "en"}, _with_query(url, "lang=es")))) == spanish


def test_errors_outside_the_routes_are_worded_too(server: LiveServer) -> None:
    """Starlette's 404 and 405, the body limit and a malformed body."""
    catalogue: dict[str, str] = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    with httpx.Client(base_url=server.url, headers={"Accept-Language": "en"}) as http:
        assert http.get("/api/nothing-here").json()["error"]["message"] == catalogue["No encontrado."]
        r = http.delete("/api/workshops")
        assert r.status_code == 405 and r.json()["error"]["message"] == catalogue["Método no permitido."]
        r = http.post("/api/workshops", content=b"x" * (65 * 1024), headers={"Content-Type": "application/json"})
        assert r.status_code == 413 and r.json()["error"]["message"].startswith("The request body is over")
        r = http.post("/api/workshops", content=b"{", headers={"Content-Type": "application/json"})
        assert r.status_code == 400 and r.json()["error"]["message"] == catalogue["El cuerpo no es JSON válido."]


def test_the_default_agenda_reads_in_the_page_language(server: LiveServer) -> None:
    """The default agenda's titles in English on an English page; the facilitator's own stay theirs."""
    catalogue: dict[str, str] = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    api = Api(server)
    with api.http:
        w = api.create_workshop()
        me = {"Authorization": f"Bearer {w['facilitator_token']}"}
        moderation = f"/api/workshops/{w['id']}/moderation"
        spanish = api.http.get(moderation, headers=me).json()["agenda"]["steps"]
        english = api.http.get(moderation, headers={**me, "Accept-Language": "en"}).json()["agenda"]["steps"]
        assert [s["title"] for s in english] == [catalogue[s["title"]] for s in spanish]
        assert english[0]["title"] == "Welcome, framing and the workshop's rules"
        # Starting a step stores the default agenda; its untouched titles still follow the page.
        r = api.http.post(
            f"/api/workshops/{w['id']}/agenda/current", json={"index": 0}, headers={**me, "Accept-Language": "en"}
        )
        assert r.status_code == 200, r.text
        assert r.json()["agenda"]["steps"][0]["title"] == english[0]["title"]
        steps: list[dict[str, Any]] = api.http.get(moderation, headers=me).json()["agenda"]["steps"]
        assert steps[0]["title"] == spanish[0]["title"]
        steps[1] = {**steps[1], "title": "Árbol de problemas de la mesa"}
        body = {"steps": [{k: s[k] for k in ("id", "title", "phase", "planned_minutes")} for s in steps]}
        assert api.http.put(f"/api/workshops/{w['id']}/agenda", json=body, headers=me).status_code == 200
        mine = api.http.get(f"{moderation}?lang=en", headers=me).json()["agenda"]["steps"]
        assert mine[1]["title"] == "Árbol de problemas de la mesa"
        assert mine[0]["title"] == english[0]["title"]


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("", "es"),
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("es-MX,es;q=0.9,en;q=0.8", "es"),
        ("fr-FR,fr;q=0.9,en;q=0.5,es;q=0.4", "en"),
        ("fr", "es"),
        ("en;q=0, es", "es"),
        ("*", "es"),
        ("EN-gb", "en"),
        ("en;q=bad, es;q=0.1", "es"),
    ],
)
def test_accept_language_picks_the_best_language_offered(header: str, lang: str) -> None:
    assert accepted_language(header) == lang


def test_pages_follow_the_browser_until_the_switch_is_used(server: LiveServer) -> None:
    with httpx.Client(base_url=server.url) as http:
        assert '<html lang="en">' in http.get("/", headers={"Accept-Language": "en-GB,en;q=0.8"}).text
        assert '<html lang="es">' in http.get("/", headers={"Accept-Language": "es-MX"}).text
        assert '<html lang="es">' in http.get("/").text
        # The switch's cookie outranks the browser's own wish.
        chosen = http.get("/", params={"lang": "es"}, headers={"Accept-Language": "en"})
        assert '<html lang="es">' in chosen.text and chosen.cookies.get("cocrea_lang") == "es"
        assert '<html lang="es">' in http.get("/", headers={"Accept-Language": "en"}).text


def test_a_websocket_is_closed_with_a_reason_in_its_language(server: LiveServer) -> None:
    api = Api(server)
    with api.http:
        w = api.create_workshop()
    url = f"{server.url.replace('http', 'ws', 1)}/ws/{w['id']}/nope?token={w['facilitator_token']}"

    def reason(headers: dict[str, str]) -> str:
        with connect(url, additional_headers=headers) as ws, pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=10)
        assert closed.value.rcvd is not None
        return closed.value.rcvd.reason

    assert reason({}) == "Documento desconocido: nope."
    assert reason({"Accept-Language": "en"}) == "Unknown document: nope."
    assert reason({"Cookie": "cocrea_lang=en"}) == "Unknown document: nope."


@pytest.mark.parametrize(
    ("headers", "query", "expected"),
    [
        ({}, "", "es"),
        ({"Accept-Language": "en-GB,en;q=0.8"}, "", "en"),
        ({"Cookie": "cocrea_lang=en"}, "", "en"),
        ({"Accept-Language": "en", "Cookie": "cocrea_lang=es"}, "", "es"),
        ({"Accept-Language": "es"}, "&lang=en", "en"),
    ],
)
def test_a_socket_closed_while_served_keeps_its_language(
    server: LiveServer, headers: dict[str, str], query: str, expected: str
) -> None:
    """The server lets a served socket's request headers go (memory per idle
    connection); a close long after the checks still speaks the language the
    request asked for."""
    api = Api(server)
    with api.http:
        w = api.create_workshop()
    url = f"{server.url.replace('http', 'ws', 1)}/ws/{w['id']}/tree?token={w['facilitator_token']}{query}"
    with connect(url, additional_headers=headers) as ws:
        ws.recv(timeout=10)  # the server's SyncStep1: the socket is served
        ws.send(bytes([0, 9]))  # a sync message of an unknown kind
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                ws.recv(timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4400
    reason = closed.value.rcvd.reason
    assert reason.startswith("Invalid message:" if expected == "en" else "Mensaje no válido:"), reason
