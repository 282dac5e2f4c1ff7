"""The projector's display link in headless Chromium (issue 12 §4): the
facilitator creates and copies it from the room; a browser with no session
opens it at 1920×1080 and shows the projector view with no editing chrome
and without becoming anyone; the facilitator's own browser can open it in
another tab and stays the facilitator."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import assert_accessible
from tests.browser.test_graph_editor import DESKTOP
from tests.browser.test_voting import ALT_1, ALT_2, PROBLEM, auth, open_page, propose, seed_objective_tree

pytestmark = pytest.mark.browser

WAIT_MS = 10_000
PROJECTOR = {"width": 1920, "height": 1080}


def round_open(api: Any, w: dict[str, Any], options: list[str]) -> None:
    body = {"method": "approval", "options": options, "question": "¿Qué alternativas aprueba la mesa?"}
    r = api.http.post(f"/api/workshops/{w['id']}/rounds", json=body, headers=auth(w["facilitator_token"]))
    assert r.status_code == 201, r.text


def test_the_display_link_shows_the_projector_view_and_is_nobody(browser, make_server, make_api, artifacts_dir):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(problem_statement=PROBLEM)
    seed_objective_tree(api, w)
    api.set_phase(w, "arbol_de_problemas")
    ana = api.join(w, "Ana", "sociedad_civil")
    contexts = []
    try:
        fac_ctx, fac_page = open_page(browser, server, w, w["facilitator_token"], DESKTOP)
        ana_ctx, ana_page = open_page(browser, server, w, ana["token"], DESKTOP)
        contexts += [fac_ctx, ana_ctx]

        fac_page.get_by_role("button", name="Enlace para el proyector").click()
        field = fac_page.locator("#display-link-url")
        expect(field).to_be_visible(timeout=WAIT_MS)
        display_url = field.input_value()
        fac_page.screenshot(path=str(artifacts_dir / "display-link-facilitator.png"))
        assert display_url.startswith(f"{server.url}/w/{w['id']}/pantalla?key=")

        # The projector's browser: no session of its own.
        # (bypass_csp: the accessibility engine is injected into the page.)
        display_ctx = browser.new_context(viewport=PROJECTOR, bypass_csp=True)
        contexts.append(display_ctx)
        display = display_ctx.new_page()
        display.goto(display_url)
        assert display.url == f"{server.url}/w/{w['id']}/pantalla"  # the key left the address bar
        expect(display.get_by_text("Conectado", exact=True)).to_be_visible(timeout=WAIT_MS)
        expect(display.locator(".tree-panel")).to_contain_text(PROBLEM, timeout=WAIT_MS)
        assert display.evaluate("() => document.documentElement.classList.contains('projector')")
        # No editing chrome: no tools, toggles, presence, phase control or editable text.
        for chrome in (".projector-toggle", ".side-panel", ".phase-control", ".facilitator-tools", ".display-link"):
            expect(display.locator(chrome)).to_have_count(0)
        expect(display.locator(".site-header")).to_be_hidden()
        expect(display.locator('[contenteditable="true"], textarea:not([readonly])')).to_have_count(0)
        assert display.evaluate("() => document.documentElement.scrollWidth") <= PROJECTOR["width"]
        display.screenshot(path=str(artifacts_dir / "display-tree-1920.png"))

        # Nobody sees the display among the people present.
        expect(ana_page.locator(".presence")).to_contain_text("Facilitación", timeout=WAIT_MS)
        expect(fac_page.locator(".presence")).to_contain_text("Ana")
        for page in (fac_page, ana_page):
            expect(page.locator(".presence")).not_to_contain_text("Pantalla")
        people = api.http.get(f"/api/workshops/{w['id']}/participants", headers=auth(w["facilitator_token"]))
        assert {p["name"] for p in people.json()["participants"]} == {"Facilitación", "Ana"}

        # The vote: the display shows the open round as the projector view does.
        api.set_phase(w, "alternativas")
        alt1 = propose(api, w, ana["token"], ALT_1, ["c1"])
        alt2 = propose(api, w, ana["token"], ALT_2, ["c2"])
        api.set_phase(w, "votacion")
        round_open(api, w, [alt1, alt2])
        display.reload()
        expect(display.locator(".projector-round .projector-question")).to_have_text(
            "¿Qué alternativas aprueba la mesa?", timeout=WAIT_MS
        )
        expect(display.locator(".ballot, .round-form, .close-tool, .decision-form")).to_have_count(0)
        assert display.evaluate("() => document.documentElement.scrollWidth") <= PROJECTOR["width"]
        display.screenshot(path=str(artifacts_dir / "display-round-1920.png"))
        assert_accessible(display, "display with an open round")

        # The facilitator's laptop opens the link in another tab: that tab is
        # the display, and the facilitator's session is untouched.
        tab = fac_ctx.new_page()
        tab.goto(display_url)
        expect(tab.get_by_text("Conectado", exact=True)).to_be_visible(timeout=WAIT_MS)
        expect(tab.locator(".display-link")).to_have_count(0)
        fac_page.reload()
        expect(fac_page.get_by_role("button", name="Enlace para el proyector")).to_be_visible(timeout=WAIT_MS)
        expect(fac_page.locator(".me-line")).to_contain_text("facilitación")
    finally:
        for ctx in contexts:
            ctx.close()
