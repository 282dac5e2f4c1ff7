"""Two participants and the facilitator in headless Chromium, through the
real pages: join, edit the outline live, see it elsewhere, phase lock."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


def join_through_the_page(page: Page, join_url: str, name: str, sector: str) -> None:
    page.goto(join_url)
    page.get_by_label("Nombre").fill(name)
    page.get_by_label(sector, exact=True).check()
    page.get_by_label("Acepto el código de conducta").check()
    page.get_by_label("Leí y acepto el aviso de privacidad").check()
    page.get_by_role("button", name="Entrar a la mesa").click()
    page.wait_for_url("**/w/*")
    expect(page.get_by_text("Conectado", exact=True)).to_be_visible()


@contextlib.contextmanager
def tree_with_a_problem(browser: Browser, api: Any, title: str) -> Iterator[tuple[dict, Page, BrowserContext]]:
    """A mesa in the tree phase whose facilitator (a desktop page) has set
    the central problem; yields it, that page and a phone context for a
    participant. Both contexts close at the end."""
    w = api.create_workshop(title=title)
    api.set_phase(w, "arbol_de_problemas")
    fac_ctx = browser.new_context(viewport=DESKTOP)
    phone_ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        fac = fac_ctx.new_page()
        fac.goto(w["facilitator_url"])
        fac.get_by_role("button", name="Definir el problema central").click()
        expect(fac.get_by_text("Guardado", exact=True)).to_be_visible()
        yield w, fac, phone_ctx
    finally:
        phone_ctx.close()
        fac_ctx.close()


def wait_for_text_in_a_field(page: Page, text: str) -> None:
    page.wait_for_function(
        "t => [...document.querySelectorAll('textarea')].some(e => e.value === t)", arg=text, timeout=10_000
    )


def test_two_participants_edit_the_tree_live(browser, make_server, make_api, artifacts_dir):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(title="Mesa «Cultura de Gobierno Abierto»", entity="Estado de México")
    api.set_phase(w, "arbol_de_problemas")

    ana_ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    luis_ctx = browser.new_context(viewport=DESKTOP)
    fac_ctx = browser.new_context(viewport=DESKTOP)
    try:
        ana, luis, fac = ana_ctx.new_page(), luis_ctx.new_page(), fac_ctx.new_page()
        join_through_the_page(ana, w["join_url"], "Ana <b>Pérez</b>", "Sociedad civil")
        join_through_the_page(luis, w["join_url"], "Luis", "Servicio público")
        fac.goto(w["facilitator_url"])
        expect(fac.get_by_text("Conectado", exact=True)).to_be_visible()

        # The facilitator sets the central problem; Ana adds a cause from her phone.
        fac.get_by_role("button", name="Definir el problema central").click()
        expect(fac.get_by_text("Guardado", exact=True)).to_be_visible()
        ana.get_by_role("button", name="Agregar causa directa").click()
        ana.locator("textarea:focus").type("Falta de consensos sobre lo público")
        expect(ana.get_by_text("Guardado", exact=True)).to_be_visible()

        # Luis sees it, live, on his laptop.
        wait_for_text_in_a_field(luis, "Falta de consensos sobre lo público")
        # Presence by sector, with names shown as text, never as HTML.
        expect(luis.get_by_text("Ana <b>Pérez</b>").first).to_be_visible()
        ana.screenshot(path=artifacts_dir / "room-phone-participant.png", full_page=True)
        luis.screenshot(path=artifacts_dir / "room-desktop-participant.png", full_page=True)

        # The server has it too.
        tree = api.tree(w)
        assert sorted(n["kind"] for n in tree["nodes"]) == ["cause", "problem"]
        assert len(tree["edges"]) == 1

        # The facilitator closes the tree: participants are read-only.
        fac.get_by_label("Ir a la fase").select_option("alternativas")
        fac.get_by_role("button", name="Cambiar").click()
        expect(luis.get_by_text("El árbol es de solo lectura en la fase «Alternativas».")).to_be_visible()
        expect(luis.get_by_role("button", name="Agregar causa directa")).to_have_count(0)
        assert all(luis.locator("textarea").evaluate_all("els => els.map(e => e.readOnly || e.disabled)"))
        luis.screenshot(path=artifacts_dir / "room-desktop-readonly.png", full_page=True)
        fac.screenshot(path=artifacts_dir / "room-desktop-facilitator.png", full_page=True)

        # A reload keeps identity and content.
        ana.reload()
        expect(ana.get_by_text("Conectado", exact=True)).to_be_visible()
        wait_for_text_in_a_field(ana, "Falta de consensos sobre lo público")
        expect(ana.get_by_text("Participas como Ana <b>Pérez</b>", exact=False)).to_be_visible()
    finally:
        for ctx in (ana_ctx, luis_ctx, fac_ctx):
            ctx.close()
