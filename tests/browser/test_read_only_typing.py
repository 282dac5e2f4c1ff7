"""A participant types a cause while the facilitator closes the tree (a phase
change, or a lock): what reached the server before is stored, the field stops
taking input with the reason on screen, and what the server refused is
offered as «Texto no guardado» instead of vanishing (issue 10, item 2).

The participant's socket runs through Playwright's WebSocket route so that
the server's news can be held back for a moment, as on a slow mesa Wi-Fi:
the keystrokes made meanwhile reach the server after it made the tree
read-only, every time (on localhost the window would be a few ms).
"""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import Page, WebSocketRoute, expect

from tests.browser.test_room_browser import DESKTOP, join_through_the_page, tree_with_a_problem

pytestmark = pytest.mark.browser

BEFORE = "Los municipios no c"
AFTER = "uentan con presupuesto"
REASONS = {
    "phase": "El árbol es de solo lectura en la fase «Alternativas».",
    "lock": "La facilitación bloqueó el árbol",
}


class HeldLink:
    """Forwards a page's sockets to the server; while `held`, what the server
    sends (messages and its close) waits, as behind a slow link."""

    def __init__(self, page: Page) -> None:
        self.held = False
        self.queue: list[tuple[WebSocketRoute, object]] = []
        page.route_web_socket("**/ws/**", self._route)

    def _route(self, ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()
        ws.on_message(lambda message: self._quietly(server.send, message))
        server.on_message(lambda message: self._deliver(ws, ("message", message)))
        server.on_close(lambda code, reason: self._deliver(ws, ("close", code, reason)))

    @staticmethod
    def _quietly(send, message) -> None:
        with contextlib.suppress(Exception):  # the server already closed its side
            send(message)

    def _deliver(self, ws: WebSocketRoute, event: tuple) -> None:
        if self.held:
            self.queue.append((ws, event))
        else:
            self._send(ws, event)

    @staticmethod
    def _send(ws: WebSocketRoute, event: tuple) -> None:
        if event[0] == "message":
            HeldLink._quietly(ws.send, event[1])
        else:
            ws.close(code=event[1], reason=event[2])

    def release(self) -> None:
        self.held = False
        queue, self.queue = self.queue, []
        for ws, event in queue:
            self._send(ws, event)


def cause_text(tree: dict) -> str:
    return next(n["text"] for n in tree["nodes"] if n["kind"] == "cause")


@pytest.mark.parametrize("closing", ["phase", "lock"])
def test_typing_when_the_tree_closes_is_stored_or_offered_back(browser, make_server, make_api, artifacts_dir, closing):
    server = make_server()
    api = make_api(server)
    with tree_with_a_problem(browser, api, "Mesa «Presupuesto municipal»") as (w, _fac, ana_ctx):
        ana = ana_ctx.new_page()
        link = HeldLink(ana)
        join_through_the_page(ana, w["join_url"], "Ana", "Sociedad civil")
        ana.get_by_role("button", name="Agregar causa directa").click()
        field = ana.locator("textarea:focus")
        field.press_sequentially(BEFORE, delay=20)
        expect(ana.get_by_text("Guardado", exact=True)).to_be_visible()

        # The facilitator closes the tree while Ana's news is on its way.
        link.held = True
        if closing == "phase":
            assert api.set_phase(w, "alternativas").status_code == 200
        else:
            r = api.http.put(
                f"/api/workshops/{w['id']}/locks/tree",
                json={"locked": True},
                headers={"Authorization": f"Bearer {w['facilitator_token']}"},
            )
            assert r.status_code == 200, r.text
        field.press_sequentially(AFTER, delay=20)
        link.release()

        # Everything typed before the change is stored.
        assert cause_text(api.tree(w)).startswith(BEFORE)
        # The field takes no more input, and the page says why.
        expect(ana.get_by_text(REASONS[closing], exact=False).first).to_be_visible()
        expect(ana.locator(".unsaved-texts")).to_be_visible()
        panel = ana.locator(".unsaved-texts")
        expect(panel.get_by_role("heading", name="Texto no guardado")).to_be_visible()
        expect(panel.locator(".unsaved-text__text")).to_have_text(BEFORE + AFTER)
        stored = cause_text(api.tree(w))
        assert stored == BEFORE
        expect(panel.locator("mark")).to_have_text(AFTER)
        expect(ana.get_by_text("Conectado", exact=True)).to_be_visible()
        fields = ana.locator("textarea")
        assert all(fields.evaluate_all("els => els.map(e => e.readOnly || e.disabled)"))
        fields.last.click()
        ana.keyboard.type("zzz")
        assert "zzz" not in "".join(fields.evaluate_all("els => els.map(e => e.value)"))
        ana.screenshot(path=artifacts_dir / f"read-only-typing-{closing}-phone.png", full_page=True)

        # Kept across a reload until dismissed; «Copiar» copies it.
        ana.reload()
        expect(panel.locator(".unsaved-text__text")).to_have_text(BEFORE + AFTER)
        ana.set_viewport_size(DESKTOP)
        ana.screenshot(path=artifacts_dir / f"read-only-typing-{closing}-desktop.png", full_page=True)
        panel.get_by_role("button", name="Copiar").click()
        expect(panel.get_by_text("Copiado.")).to_be_visible()
        panel.get_by_role("button", name="Descartar").click()
        expect(panel).to_have_count(0)
        assert cause_text(api.tree(w)) == BEFORE
