"""The room and the home page on a 360 × 740 phone, in headless Chromium:
nothing is wider than the screen (every room tab, as the facilitator and as a
participant, in every phase whose room differs, and every dialog and menu),
the content starts near the top, the phase and the tabs stay reachable
after scrolling, and on the home page the join-by-code box comes first.

Why 240 px: at 740 px of height, 240 px is a third of the screen, so at
least two thirds of the first screen show the tree or the tab's panel. The
site header (brand and language), the workshop's title, the connection
state and a one-line bar with the phase and the tabs fit in it; the
problem statement, the seven phase chips and the facilitator's phase
control (about 730 px before this test) do not."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.test_accessibility import AXE
from tests.browser.test_voting import ALT_1, ALT_2, PROBLEM, auth, propose, seed_objective_tree
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
CONTENT_WITHIN_PX = 240
WAIT_MS = 10_000

TREE_PHASES = ["preparacion", "arbol_de_problemas", "arbol_de_objetivos"]
STAGE_PHASES = ["alternativas", "votacion", "hoja_de_ruta", "cierre"]
VIEWS = {"graph": "Grafo", "objectives": "Objetivos", "outline": "Esquema"}
STAGE_TABS = ["alternatives", "voting", "decisions", "commitments", "roadmap"]
# What a person came to the room for: the moderation bar (the timer, who has
# the floor, my hand), the facilitator's tools, the silent-ideation panel, the
# tab's panel or the tree, whichever comes first.
CONTENT = ".moderation-bar, .facilitator-tools, .ideation, .stage, .tree-panel"
LONG_TITLE = "Mesa de cocreación «Cultura de Gobierno Abierto y participación ciudadana»"

MEASURE = """(selector) => {
  const first = [...document.querySelectorAll(selector)].find((e) => e.getClientRects().length > 0);
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    contentTop: first ? first.getBoundingClientRect().top + window.scrollY : null,
  };
}"""

# After scrolling to the end of the page: the phase and (from «Alternativas»
# on) the tabs are still on the screen, reachable with one tap.
REACHABLE = """() => {
  window.scrollTo(0, document.documentElement.scrollHeight);
  const onScreen = (selector) => {
    const el = [...document.querySelectorAll(selector)].find((e) => e.getClientRects().length > 0);
    if (!el) return null;
    const box = el.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= window.innerHeight && box.left >= 0 && box.right <= window.innerWidth;
  };
  const result = { scrolled: window.scrollY, phase: onScreen(".phase-chip"), tabs: onScreen(".stage-nav") };
  window.scrollTo(0, 0);
  return result;
}"""


# axe on the whole page, the tree workspace included, with the rule that a
# control's name holds its visible words (experimental in axe, off by default)
# switched on: the outline's items and the objectives' rows are named by their
# kind and their text.
RUN_AXE = """async () => {
  const result = await axe.run(document, {
    resultTypes: ["violations"], rules: { "label-content-name-mismatch": { enabled: true } },
  });
  return result.violations.map((v) => ({ rule: v.id, where: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
}"""


def assert_accessible(page: Page, what: str) -> None:
    page.add_script_tag(content=AXE)
    found = page.evaluate(RUN_AXE)
    assert found == [], f"{what}: {found}"


class Findings:
    """Everything measured on the phone; the test fails at the end with the whole list."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.seen: list[str] = []

    def fits(self, page: Page, what: str) -> dict[str, Any]:
        got = dict(page.evaluate(MEASURE, CONTENT))
        self.seen.append(f"{what}: width {got['scrollWidth']}, content at {got['contentTop']}")
        if got["scrollWidth"] > got["innerWidth"]:
            self.problems.append(f"{what}: the page is {got['scrollWidth']} px wide on a {got['innerWidth']} px screen")
        return got

    def content_first(self, page: Page, what: str) -> None:
        page.evaluate("() => window.scrollTo(0, 0)")
        got = self.fits(page, what)
        top = got["contentTop"]
        if top is None or top > CONTENT_WITHIN_PX:
            self.problems.append(f"{what}: the content starts at {top} px, not within {CONTENT_WITHIN_PX} px")

    def reachable(self, page: Page, what: str, tabs: bool) -> None:
        got = page.evaluate(REACHABLE)
        if not got["phase"]:
            self.problems.append(f"{what}: the phase is off the screen after scrolling {got['scrolled']} px")
        if tabs and not got["tabs"]:
            self.problems.append(f"{what}: the tabs are off the screen after scrolling {got['scrolled']} px")


def open_room(browser: Browser, server: LiveServer, w: dict[str, Any], token: str, view: str = "outline"):
    # bypass_csp: axe is injected as a script the page did not ask for.
    ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, bypass_csp=True)
    ctx.add_cookies([{"name": f"cocrea_s_{w['id']}", "value": token, "url": server.url}])
    ctx.add_init_script(f"localStorage.setItem('cocrea.treeView', {json.dumps(view)})")
    page = ctx.new_page()
    page.goto(f"{server.url}/w/{w['id']}")
    expect(page.get_by_text("Conectado", exact=True)).to_be_visible(timeout=WAIT_MS)
    return ctx, page


def shot(page: Page, path: Path, full: bool = True) -> None:
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=str(path), full_page=full)


def wait_for_the_panel(page: Page) -> None:
    expect(page.locator(".stage .tree-loading")).to_have_count(0, timeout=WAIT_MS)


def close_dialog(page: Page, dialog) -> None:
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def test_the_room_fits_a_phone_and_shows_its_content_first(browser, make_server, make_api, artifacts_dir):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(title=LONG_TITLE, problem_statement=PROBLEM, entity="Estado de México")
    seed_objective_tree(api, w)
    ana = api.join(w, "Ana", "sociedad_civil")
    found = Findings()
    contexts: list[BrowserContext] = []
    try:
        fac_ctx, fac = open_room(browser, server, w, w["facilitator_token"])
        ana_ctx, ana_page = open_room(browser, server, w, ana["token"])
        contexts += [fac_ctx, ana_ctx]
        people = {"facilitator": fac, "participant": ana_page}

        # The tree phases: the tree is the room.
        for phase in TREE_PHASES:
            assert api.set_phase(w, phase).status_code == 200
            for role, page in people.items():
                page.reload()
                expect(page.get_by_text("Conectado", exact=True)).to_be_visible(timeout=WAIT_MS)
                expect(page.locator(".tree-panel")).to_be_visible()
                found.content_first(page, f"{phase} as {role}")
                found.reachable(page, f"{phase} as {role}", tabs=False)
                shot(page, artifacts_dir / f"phone-{phase}-{role}-360.png")
                for view, label in VIEWS.items():
                    page.locator(".view-switch-button", has_text=label).click()
                    expect(page.locator(".tree-panel .tree-loading")).to_have_count(0, timeout=WAIT_MS)
                    found.fits(page, f"{phase} as {role}, {view} view")

        # The phase chip opens the phases and, for the facilitator, the phase control, which works.
        fac.locator(".phase-chip").click()
        menu = fac.locator(".phase-menu-body")
        expect(menu.get_by_role("button", name="Pasar a «Alternativas»")).to_be_visible()
        found.fits(fac, "the phase menu")
        assert_accessible(fac, "the room on a phone, the phase menu open")
        fac.screenshot(path=str(artifacts_dir / "phone-phase-menu-facilitator-360.png"))
        fac.keyboard.press("Escape")
        expect(menu).to_be_hidden()
        fac.locator(".phase-chip").click()
        menu.get_by_label("Ir a la fase").select_option("arbol_de_problemas")
        menu.get_by_role("button", name="Cambiar").click()
        expect(fac.locator(".phase-chip")).to_contain_text("Árbol de problemas")
        expect(menu).to_be_hidden()

        # «Opciones» on an idea, and the confirmation to delete someone else's.
        fac.reload()
        expect(fac.get_by_text("Conectado", exact=True)).to_be_visible(timeout=WAIT_MS)
        cause = fac.locator(".node--cause").first
        cause.locator(".node-more > summary").click()
        expect(cause.get_by_label("Vincular a…")).to_be_visible()
        found.fits(fac, "«Opciones» on an idea")
        box = cause.get_by_role("button", name="Eliminar").bounding_box()
        cause.scroll_into_view_if_needed()
        fac.screenshot(path=str(artifacts_dir / "phone-idea-options-360.png"))
        if box is None or box["x"] + box["width"] > PHONE["width"]:
            found.problems.append(f"«Eliminar» is off the screen: {box}")
            cause.get_by_role("button", name="Eliminar").evaluate("(button) => button.click()")
        else:
            cause.get_by_role("button", name="Eliminar").click()
        asked = fac.get_by_role("alertdialog")
        expect(asked).to_be_visible()
        found.fits(fac, "the confirmation to delete an idea")
        fac.screenshot(path=str(artifacts_dir / "phone-confirm-delete-360.png"))
        close_dialog(fac, asked)

        # The join overlay.
        fac.get_by_role("button", name="Mostrar código").click()
        overlay = fac.locator("dialog.join-overlay")
        expect(overlay).to_be_visible()
        found.fits(fac, "the join overlay")
        fac.screenshot(path=str(artifacts_dir / "phone-join-overlay-360.png"))
        close_dialog(fac, overlay)

        # A download that fails says so beside the links.
        fac.route("**/tree/export/png*", lambda route: route.abort())
        downloads = fac.locator(".tree-downloads")
        downloads.get_by_role("link", name="PNG").click()
        expect(downloads.locator(".download-problem")).to_be_visible(timeout=WAIT_MS)
        found.fits(fac, "a failed download")
        downloads.scroll_into_view_if_needed()
        fac.screenshot(path=str(artifacts_dir / "phone-download-error-360.png"))
        fac.unroute("**/tree/export/png*")

        # From «Alternativas» on: the tabs, in every phase, for both.
        for phase in STAGE_PHASES:
            assert api.set_phase(w, phase).status_code == 200
            if phase == "alternativas":
                alt1 = propose(api, w, ana["token"], ALT_1, ["c1"])
                alt2 = propose(api, w, ana["token"], ALT_2, ["c2"])
            for role, page in people.items():
                page.reload()
                expect(page.get_by_text("Conectado", exact=True)).to_be_visible(timeout=WAIT_MS)
                for name in STAGE_TABS:
                    page.locator(f'.stage-tab[data-tab="{name}"]').click()
                    wait_for_the_panel(page)
                    found.content_first(page, f"{phase}, tab {name}, as {role}")
                    found.reachable(page, f"{phase}, tab {name}, as {role}", tabs=True)
                    if phase in ("alternativas", "cierre") or name == "voting":
                        shot(page, artifacts_dir / f"phone-{phase}-{name}-{role}-360.png")
                if phase == "votacion":
                    assert_accessible(page, f"the room on a phone in «{phase}» as {role}")

        # The facilitator's menus on an alternative: the reasoned response and the split dialog.
        assert api.set_phase(w, "alternativas").status_code == 200
        fac.reload()
        expect(fac.get_by_text("Conectado", exact=True)).to_be_visible(timeout=WAIT_MS)
        card = fac.locator(f'[data-alternative-id="{alt1}"]')
        card.locator(".disposition-form > summary").click()
        found.fits(fac, "the reasoned response of an alternative")
        card.scroll_into_view_if_needed()
        fac.screenshot(path=str(artifacts_dir / "phone-alternative-response-360.png"))
        card.get_by_role("button", name="Dividir…").click()
        split = fac.locator("dialog.split-dialog")
        expect(split).to_be_visible()
        found.fits(fac, "the split dialog")
        fac.screenshot(path=str(artifacts_dir / "phone-split-dialog-360.png"))
        close_dialog(fac, split)

        # The confirmation of closing a round.
        assert api.set_phase(w, "votacion").status_code == 200
        r = api.http.post(
            f"/api/workshops/{w['id']}/rounds",
            json={"method": "approval", "options": [alt1, alt2], "secrecy": "public"},
            headers=auth(w["facilitator_token"]),
        )
        assert r.status_code == 201, r.text
        fac.reload()
        expect(fac.get_by_text("Conectado", exact=True)).to_be_visible(timeout=WAIT_MS)
        fac.get_by_role("button", name="Cerrar la votación").click()
        asked = fac.get_by_role("alertdialog", name="¿Cerrar la votación?")
        expect(asked).to_be_visible()
        found.fits(fac, "the confirmation to close a round")
        fac.screenshot(path=str(artifacts_dir / "phone-confirm-close-round-360.png"))
        close_dialog(fac, asked)
        found.content_first(ana_page, "votacion with a round open, as participant")

        # The desktop, for comparison.
        desk_ctx = browser.new_context(viewport=DESKTOP)
        contexts.append(desk_ctx)
        desk_ctx.add_cookies([{"name": f"cocrea_s_{w['id']}", "value": w["facilitator_token"], "url": server.url}])
        desk = desk_ctx.new_page()
        desk.goto(f"{server.url}/w/{w['id']}")
        expect(desk.get_by_text("Conectado", exact=True)).to_be_visible(timeout=WAIT_MS)
        wait_for_the_panel(desk)
        shot(desk, artifacts_dir / "desktop-votacion-facilitator-1280.png", full=False)
    finally:
        for ctx in contexts:
            ctx.close()
        print("\n".join(found.seen + found.problems))
    assert found.problems == [], "\n".join(found.problems)


def test_on_a_phone_the_home_page_starts_with_the_join_code(browser, make_server, make_api, artifacts_dir):
    server = make_server()
    code = make_api(server).create_workshop()["join_code"]
    for viewport, phone in ((PHONE, True), (DESKTOP, False)):
        ctx = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone, bypass_csp=True)
        try:
            page = ctx.new_page()
            page.goto(f"{server.url}/")
            expect(page.get_by_label("Código de la mesa")).to_be_visible()
            assert_accessible(page, f"the home page at {viewport['width']} px")
            page.screenshot(path=str(artifacts_dir / f"home-{viewport['width']}.png"), full_page=True)
            assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
            if phone:
                first = page.evaluate(
                    "() => document.querySelector('main').querySelector('input, select, textarea, button').id"
                )
                assert first == "join-code-input"
                box = page.get_by_label("Código de la mesa").bounding_box()
                assert box is not None and box["y"] + box["height"] <= PHONE["height"]
                # The code leads to the join page, which fits too.
                page.get_by_label("Código de la mesa").fill(code)
                page.get_by_role("button", name="Unirme").click()
                expect(page.get_by_role("button", name="Entrar a la mesa")).to_be_visible(timeout=WAIT_MS)
                assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
                page.screenshot(path=str(artifacts_dir / "join-360.png"), full_page=True)
        finally:
            ctx.close()
