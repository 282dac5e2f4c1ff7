"""The room's first load (issue 15, «The phone»; docs/performance.md): the
sync socket that early-socket.js opens while the room's code downloads is the
one the room uses (one socket, not two), the tree syncs and takes edits
through it, the document comes over HTTP (…/tree/state) and the socket then
carries only what is newer (all of it when that fetch fails), and a room whose
early socket was refused still gets the refusal;
the tree's first load leaves later.css and the later messages for the first
chunk that needs them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from server.auth import cookie_name
from server.i18n import messages
from tests.browser.test_graph_editor import wait_until
from tests.browser.test_room_browser import PHONE

pytestmark = pytest.mark.browser


def open_room(page, url: str, before_code=lambda: None) -> None:
    """Opens the room with its code held back until the early socket exists.
    The async early-socket.js and the room's module race; on a loaded machine
    the module may run first, and then the room opens its own socket, as
    designed (early-socket.js steps aside): these tests are about the other
    order. ``before_code`` runs just before the code is let through."""
    held, released = [], []
    page.route("**/static/dist/room-*.js", lambda route: route.continue_() if released else held.append(route))
    page.goto(url, wait_until="commit")
    page.wait_for_function("() => self.__cocreaEarlySocket !== undefined")
    wait_until(lambda: bool(held), "the room's code asked for", page=page)
    before_code()
    released.append(True)
    for route in held:
        route.continue_()


def test_the_room_adopts_the_socket_opened_before_its_code(browser, make_server, make_api):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(title="Mesa «Carga rápida»")
    api.set_phase(w, "arbol_de_problemas")
    ana = api.join(w, "Ana")
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        context.add_cookies([{"name": cookie_name(w["id"]), "value": ana["token"], "url": server.url}])
        page = context.new_page()
        sockets: list[str] = []
        page.on("websocket", lambda ws: sockets.append(ws.url))
        open_room(page, f"{server.url}/w/{w['id']}")
        expect(page.get_by_text("Conectado", exact=True)).to_be_visible()
        expect(page.get_by_role("button", name="Definir el problema central")).to_be_enabled()
        assert page.evaluate("() => self.__cocreaEarlySocket && self.__cocreaEarlySocket.adopted") is True
        # One socket for the tree (the early one, adopted); the room's other
        # documents (the live channel, …) have theirs.
        tree = f"{server.ws_url}/{w['id']}/tree"
        assert [url for url in sockets if url == tree] == [tree]

        # The adopted socket carries edits both ways.
        page.get_by_role("button", name="Definir el problema central").click()
        page.locator("textarea:focus").press_sequentially("Datos cerrados", delay=10)
        expect(page.get_by_text("Guardado", exact=True)).to_be_visible()
        problems = [n["text"] for n in api.tree(w)["nodes"] if n["kind"] == "problem"]
        assert len(problems) == 1 and problems[0].endswith("Datos cerrados")
        assert [url for url in sockets if url == tree] == [tree]
    finally:
        context.close()


def test_the_document_comes_fetched_or_else_over_the_socket(browser, make_server, make_api):
    """The document comes over HTTP, and the socket carries none of it (the
    room's code, quick here, waits for the fetch rather than ask the socket for
    everything); when the fetch fails, the early socket asks the server for
    the whole document, as before, and the room shows the tree all the same."""
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(title="Mesa «Sin atajo»")
    api.set_phase(w, "arbol_de_problemas")
    tree = {
        "schema": "cocrea.tree/1",
        "nodes": [{"id": "p", "kind": "problem", "text": "Datos cerrados en la alcaldía"}]
        + [{"id": f"c{i}", "kind": "cause", "text": f"Causa número {i} de los datos cerrados"} for i in range(20)],
        "edges": [{"id": f"e{i}", "source": f"c{i}", "target": "p"} for i in range(20)],
    }
    r = api.http.post(
        f"/api/workshops/{w['id']}/tree/import",
        json=tree,
        headers={"Authorization": f"Bearer {w['facilitator_token']}"},
    )
    assert r.status_code == 200, r.text
    ana = api.join(w, "Ana")
    for broken in (False, True):
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        try:
            context.add_cookies([{"name": cookie_name(w["id"]), "value": ana["token"], "url": server.url}])
            page = context.new_page()
            frames: list[int] = []
            page.on(
                "websocket",
                lambda ws, frames=frames: (
                    ws.url.endswith("/tree") and ws.on("framereceived", lambda p: frames.append(len(p)))
                ),
            )
            if broken:
                page.route("**/tree/state", lambda route: route.abort())
            open_room(page, f"{server.url}/w/{w['id']}")
            field = page.locator(".tree-panel textarea").first
            expect(field).to_have_value("Datos cerrados en la alcaldía")
            expect(field).to_be_editable()
            assert page.evaluate("() => self.__cocreaEarlySocket.adopted") is True
            # The document (about 1.5 KB) over the socket only when its fetch failed.
            assert (max(frames) > 1000) is broken, frames
        finally:
            context.close()


def test_a_refused_early_socket_reaches_the_room(browser, make_server, make_api):
    """Revoked between the page and its socket: the room shows the refusal
    the early socket received, as if it had opened the socket itself."""
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(title="Mesa «Acceso retirado»")
    api.set_phase(w, "arbol_de_problemas")
    ana = api.join(w, "Ana")
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        context.add_cookies([{"name": cookie_name(w["id"]), "value": ana["token"], "url": server.url}])
        page = context.new_page()
        # The room's code waits until the early socket has the document and
        # then its refusal (the access withdrawn while the page loads).
        open_room(page, f"{server.url}/w/{w['id']}", before_code=lambda: revoke_once_synced(page, api, w, ana))
        expect(page.get_by_text("Tu sesión no es válida; vuelve a unirte.")).to_be_visible()
        # The refusal stays once the document the socket had received is shown.
        page.wait_for_timeout(1000)
        expect(page.get_by_text("Tu sesión no es válida; vuelve a unirte.")).to_be_visible()
        assert page.evaluate("() => self.__cocreaEarlySocket.adopted") is True
        expect(page.get_by_role("button", name="Definir el problema central")).to_have_count(0)
    finally:
        context.close()


def revoke_once_synced(page, api, w, person) -> None:
    """Withdraws the access once the early socket has the document (its
    fetch or the server's answer), and waits for the socket's 4401."""
    page.wait_for_function("() => self.__cocreaEarlySocket.events.filter(([type]) => type === 'message').length >= 2")
    revoke(api, w, person)
    page.wait_for_function(
        "() => self.__cocreaEarlySocket.events.some(([type, event]) => type === 'close' && event.code === 4401)"
    )


def revoke(api, w, person) -> None:
    r = api.http.post(
        f"/api/workshops/{w['id']}/participants/{person['participant_id']}/revoke",
        headers={"Authorization": f"Bearer {w['facilitator_token']}"},
    )
    assert r.status_code in (200, 204), r.text


def test_the_tree_loads_without_the_later_phases_assets_and_a_later_phase_fetches_them(browser, make_server, make_api):
    """The tree's first screen needs neither later.css nor the later
    messages; the first chunk that needs them (here the stage, when the
    facilitator moves on to «Alternativas») brings both, and its text is in
    Spanish, not message keys."""
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(title="Mesa «Primera carga»")
    api.set_phase(w, "arbol_de_problemas")
    ana = api.join(w, "Ana")
    keys = set(messages("es"))
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        context.add_cookies([{"name": cookie_name(w["id"]), "value": ana["token"], "url": server.url}])
        page = context.new_page()
        fetched: list[str] = []
        page.on("request", lambda request: fetched.append(request.url))
        page.goto(f"{server.url}/w/{w['id']}")
        expect(page.get_by_role("button", name="Definir el problema central")).to_be_enabled()
        page.wait_for_load_state("load")
        assert not [url for url in fetched if LATER.search(url)], fetched
        assert not keys & shown_words(page)

        api.set_phase(w, "alternativas")
        expect(page.get_by_role("heading", name="Proponer una alternativa")).to_be_visible()
        assert sorted(LATER.search(url).group(1) for url in fetched if LATER.search(url)) == [
            "later-",
            "messages-later-es-",
        ]
        assert page.evaluate(
            """() => [...document.styleSheets].some(s => /\\/later-[A-Z0-9]{8}\\.css$/.test(s.href || '')
                     && s.cssRules.length > 0)"""
        )
        assert not keys & shown_words(page)
    finally:
        context.close()
    # The facilitator's room shows more of the first code (the phase's
    # controls, the moderation bar…): all of it in Spanish too.
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        api.set_phase(w, "arbol_de_problemas")
        context.add_cookies([{"name": cookie_name(w["id"]), "value": w["facilitator_token"], "url": server.url}])
        page = context.new_page()
        page.goto(f"{server.url}/w/{w['id']}")
        expect(page.get_by_role("button", name="Definir el problema central")).to_be_enabled()
        page.wait_for_load_state("load")
        assert not keys & shown_words(page)
    finally:
        context.close()


LATER = re.compile(r"/static/dist/(later-|messages-later-es-)[A-Z0-9]{8}\.(?:css|js)$")


def shown_words(page) -> set[str]:
    """Every word-like token on screen (a message key shown raw would be one)."""
    return set(re.findall(r"[\w.]+", page.locator("body").inner_text()))
