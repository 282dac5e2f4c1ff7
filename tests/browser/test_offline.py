"""The network goes away mid-mesa (issue 10, item 3): the header says so
within seconds (heartbeat), edits made offline are kept by the browser, the
room page reloads without network (service worker), and once back online
the edits reach the server. Leaving with unsent edits asks first."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_room_browser import DESKTOP, join_through_the_page, tree_with_a_problem

pytestmark = pytest.mark.browser

OFFLINE_TEXT = "Faltan datos abiertos"
MORE_TEXT = " sobre obra pública"


def cause_texts(api, w) -> list[str]:
    return [n["text"] for n in api.tree(w)["nodes"] if n["kind"] == "cause"]


def test_offline_edits_survive_a_reload_and_reach_the_server(browser, make_server, make_api, artifacts_dir):
    server = make_server()
    api = make_api(server)
    with tree_with_a_problem(browser, api, "Mesa «Obra pública abierta»") as (w, fac, ana_ctx):
        ana = ana_ctx.new_page()
        dialogs: list[str] = []
        ana.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
        join_through_the_page(ana, w["join_url"], "Ana", "Sociedad civil")
        expect(ana.locator("html")).to_have_attribute("data-offline-ready", "1")

        # The network goes: the header says so (the bench measures how fast).
        ana_ctx.set_offline(True)
        expect(ana.get_by_text("Sin conexión", exact=True)).to_be_visible()

        # Work goes on offline, kept by the browser.
        ana.get_by_role("button", name="Agregar causa directa").click()
        ana.locator("textarea:focus").press_sequentially(OFFLINE_TEXT, delay=10)
        expect(ana.get_by_text("Guardado en este dispositivo", exact=False)).to_be_visible()
        ana.screenshot(path=artifacts_dir / "offline-phone.png", full_page=True)

        # A reload without network (the server is down too, so nothing can
        # come from it): the page comes from the service worker, after asking
        # whether to leave, and still holds the offline edit.
        server.kill()
        response = ana.reload()
        assert dialogs == ["beforeunload"]
        assert response is not None and response.from_service_worker
        expect(ana.locator("textarea")).to_have_count(2)
        ana.wait_for_function(
            "t => [...document.querySelectorAll('textarea')].some(e => e.value === t && !e.readOnly)", arg=OFFLINE_TEXT
        )
        expect(ana.get_by_text("Sin conexión", exact=True)).to_be_visible()
        field = ana.locator("textarea").nth(1)
        field.click()
        field.press("End")
        field.press_sequentially(MORE_TEXT, delay=10)
        ana.screenshot(path=artifacts_dir / "offline-reloaded-phone.png", full_page=True)

        # Back online: everything reaches the server.
        server.start()
        assert cause_texts(api, w) == []
        ana_ctx.set_offline(False)
        expect(ana.get_by_text("Conectado", exact=True)).to_be_visible()
        expect(ana.get_by_text("Guardado", exact=True)).to_be_visible()
        assert cause_texts(api, w) == [OFFLINE_TEXT + MORE_TEXT]
        # The swap from the browser's copy to the live doc kept the caret in the field.
        assert ana.evaluate("() => document.activeElement.value") == OFFLINE_TEXT + MORE_TEXT
        fac.wait_for_function(
            "t => [...document.querySelectorAll('textarea')].some(e => e.value === t)", arg=OFFLINE_TEXT + MORE_TEXT
        )
        expect(ana.locator(".unsaved-texts")).to_have_count(0)
        ana.set_viewport_size(DESKTOP)
        ana.screenshot(path=artifacts_dir / "offline-back-online-desktop.png", full_page=True)


def test_offline_edits_are_not_pushed_into_a_tree_closed_meanwhile(browser, make_server, make_api, artifacts_dir):
    """Typed offline, reloaded offline, and meanwhile the facilitator moved on:
    the browser's copy is not sent (the person may no longer write the tree),
    and the text is offered back as «Texto no guardado»."""
    server = make_server()
    api = make_api(server)
    with tree_with_a_problem(browser, api, "Mesa «Obra pública abierta»") as (w, fac, ana_ctx):
        fac.close()
        ana = ana_ctx.new_page()
        ana.on("dialog", lambda dialog: dialog.accept())
        join_through_the_page(ana, w["join_url"], "Ana", "Sociedad civil")
        expect(ana.locator("html")).to_have_attribute("data-offline-ready", "1")
        ana.get_by_role("button", name="Agregar causa directa").click()
        expect(ana.get_by_text("Guardado", exact=True)).to_be_visible()

        ana_ctx.set_offline(True)
        expect(ana.get_by_text("Sin conexión", exact=True)).to_be_visible()
        ana.locator("textarea:focus").press_sequentially(OFFLINE_TEXT, delay=10)
        # Said only once IndexedDB has committed the last keystroke: a reload
        # any sooner would be warned (beforeunload) and could lose its tail.
        expect(ana.get_by_text("Guardado en este dispositivo", exact=False)).to_be_visible()
        ana.reload()
        ana.wait_for_function(
            "t => [...document.querySelectorAll('textarea')].some(e => e.value === t)", arg=OFFLINE_TEXT
        )

        assert api.set_phase(w, "alternativas").status_code == 200
        ana_ctx.set_offline(False)
        panel = ana.locator(".unsaved-texts")
        expect(panel.locator(".unsaved-text__text")).to_have_text(OFFLINE_TEXT)
        expect(panel.get_by_text("El documento pasó a ser de solo lectura en la fase «Alternativas».")).to_be_visible()
        expect(ana.get_by_text("Conectado", exact=True)).to_be_visible()
        # Never sent: no refusal, nothing stored.
        expect(ana.get_by_text("El servidor rechazó un cambio", exact=False)).to_have_count(0)
        assert cause_texts(api, w) == [""]
        ana.screenshot(path=artifacts_dir / "offline-closed-meanwhile-phone.png", full_page=True)
