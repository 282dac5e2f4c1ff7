"""Every page of the app, and the plan's printable HTML, checked by an
independent accessibility engine: axe-core (from npm, run in the page by
headless Chromium). Any violation fails, whatever its impact: the mesa's
members include people who use screen readers, keyboards and phones."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from exporters.plan_html import export_plan_html
from tests.browser.test_plan_browser import commitment_of_a_mesa
from tests.browser.test_voting import auth, seed_objective_tree, tab
from tests.server.test_voting_api import mesa
from tests.workshops.test_plan import seeded_plan

pytestmark = pytest.mark.browser

AXE = (Path(__file__).resolve().parents[2] / "static" / "node_modules" / "axe-core" / "axe.min.js").read_text()
WAIT_MS = 10_000
# Every rule axe runs by default, and «Label in Name» (WCAG 2.5.3), which
# axe still calls experimental and leaves off: a control's name must hold the
# words it shows (the outline's ideas, the objectives' rows).
RUN_AXE = """async () => {
  const result = await axe.run(document, {
    resultTypes: ["violations"], rules: { "label-content-name-mismatch": { enabled: true } },
  });
  return result.violations.map((v) => ({
    rule: v.id, impact: v.impact, help: v.help, where: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
  }));
}"""


def violations(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(content=AXE)
    return list(page.evaluate(RUN_AXE))


def assert_accessible(page: Page, what: str) -> None:
    found = violations(page)
    assert found == [], f"{what}: {json.dumps(found, ensure_ascii=False, indent=1)}"


def test_the_engine_finds_a_violation(browser: Browser) -> None:
    """The check can fail: an image without alternative text and a button without a name."""
    page = browser.new_page()
    try:
        page.set_content('<html lang="es"><body><main><img src="x.png"><button></button></main></body></html>')
        assert {v["rule"] for v in violations(page)} >= {"image-alt", "button-name"}
    finally:
        page.close()


@pytest.mark.parametrize("layout", ["plan", "ogp"])
def test_the_plan_as_printable_html_is_accessible(browser: Browser, layout: str) -> None:
    page = browser.new_page()
    try:
        page.set_content(export_plan_html(seeded_plan(), layout).decode("utf-8"))
        assert_accessible(page, f"plan HTML ({layout})")
    finally:
        page.close()


def test_every_page_of_a_mesa_and_its_plan_is_accessible(browser: Browser, make_server: Any, make_api: Any) -> None:
    server = make_server()
    api = make_api(server)
    w, _ = commitment_of_a_mesa(api, "Red de enlaces ciudadanos por colonia")
    assert api.set_phase(w, "hoja_de_ruta").status_code == 200
    # The pages send a strict CSP; the engine is injected as a script the page did not ask for.
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    try:
        page = ctx.new_page()
        page.goto(f"{server.url}/")
        assert_accessible(page, "home")
        page.goto(f"{server.url}/j/{w['join_code']}")
        expect(page.locator("form")).to_be_visible(timeout=WAIT_MS)
        assert_accessible(page, "join")

        ctx.add_cookies([{"name": f"cocrea_s_{w['id']}", "value": w["facilitator_token"], "url": server.url}])
        page.goto(f"{server.url}/w/{w['id']}")
        expect(page.get_by_text("Conectado", exact=True)).to_be_visible(timeout=WAIT_MS)
        expect(page.locator(".roadmap-section-title")).to_have_count(8, timeout=WAIT_MS)
        assert_accessible(page, "room: roadmap")
        for name, ready in (
            ("alternatives", ".alternative-list"),
            ("voting", ".stage--voting"),
            ("decisions", ".minutes-list li"),
            ("commitments", ".plan-actions"),
        ):
            tab(page, name)
            expect(page.locator(ready).first).to_be_visible(timeout=WAIT_MS)
            assert_accessible(page, f"room: {name}")
            if name == "alternatives":  # and its feasibility review, with the criteria editor
                page.locator('.subview-tab[data-view="review"]').click()
                expect(page.locator(".assessment-matrix")).to_be_visible(timeout=WAIT_MS)
                page.locator(".criteria-editor summary").click()
                assert_accessible(page, "room: feasibility review")

        r = api.http.post(
            "/api/plans",
            json={"workshop_id": w["id"], "entity": "Toluca", "type": "municipal", "start": "2027-01-01",
                  "end": "2027-12-31", "title": "Plan de Acción Municipal de Toluca 2027"},
            headers=auth(w["facilitator_token"]),
        )  # fmt: skip
        assert r.status_code == 201, r.text
        page.goto(r.json()["editor_url"])
        expect(page.locator(".plan-history-item").first).to_be_visible(timeout=WAIT_MS)
        assert_accessible(page, "plan page")
    finally:
        ctx.close()


def test_a_participants_ballot_and_the_projector_are_accessible(
    browser: Browser, make_server: Any, make_api: Any
) -> None:
    server = make_server()
    api = make_api(server)
    w, people, a1, a2 = mesa(api)
    fac = auth(w["facilitator_token"])
    r = api.http.post(f"/api/workshops/{w['id']}/rounds", json={"method": "ranked", "options": [a1, a2]}, headers=fac)
    assert r.status_code == 201, r.text
    round_id = r.json()["id"]
    ctx = browser.new_context(viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True, bypass_csp=True)
    try:
        ctx.add_cookies([{"name": f"cocrea_s_{w['id']}", "value": people[0]["token"], "url": server.url}])
        page = ctx.new_page()
        page.goto(f"{server.url}/w/{w['id']}?lang=en")
        tab(page, "voting")
        expect(page.locator(".ballot").first).to_be_visible(timeout=WAIT_MS)
        assert_accessible(page, "ranked ballot on a phone, in English")
        ranking = {"ranking": [a2, a1]}
        for person in people:
            r = api.http.put(
                f"/api/workshops/{w['id']}/rounds/{round_id}/ballot", json=ranking, headers=auth(person["token"])
            )
            assert r.status_code == 200, r.text
        assert api.http.post(f"/api/workshops/{w['id']}/rounds/{round_id}/close", headers=fac).status_code == 200
        page.reload()
        tab(page, "voting")
        expect(page.locator(".results").first).to_be_visible(timeout=WAIT_MS)
        assert_accessible(page, "closed round's results on a phone, in English")

        ctx.add_cookies([{"name": f"cocrea_s_{w['id']}", "value": w["facilitator_token"], "url": server.url}])
        page.set_viewport_size({"width": 1280, "height": 720})
        page.goto(f"{server.url}/w/{w['id']}?proyector=1")
        expect(page.locator(".results").first).to_be_visible(timeout=WAIT_MS)
        assert_accessible(page, "projector with results")
        # The facilitator's split dialog, open (out of projector mode, which this page remembers).
        page.get_by_role("button", name="Projector mode").click()
        tab(page, "alternatives")
        page.get_by_role("button", name="Split…").first.click()
        expect(page.locator("dialog.split-dialog")).to_be_visible(timeout=WAIT_MS)
        assert_accessible(page, "split dialog")
    finally:
        ctx.close()


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 900}, {"width": 360, "height": 780}],
    ids=["desktop", "phone"],
)
def test_the_tree_workspace_is_accessible_in_every_view(
    browser: Browser, make_server: Any, make_api: Any, viewport: dict[str, int]
) -> None:
    """The outline, the graph and the objectives, each with ideas in it, on a
    laptop and on a phone: the tree's items are named by what they show."""
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(problem_statement="Baja participación ciudadana en los cabildos abiertos")
    seed_objective_tree(api, w)  # leaves the mesa in «Árbol de objetivos»
    phone = viewport["width"] < 600
    ctx = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone, bypass_csp=True)
    try:
        ctx.add_cookies([{"name": f"cocrea_s_{w['id']}", "value": w["facilitator_token"], "url": server.url}])
        page = ctx.new_page()
        for phase, view, ready in (
            ("arbol_de_objetivos", "objectives", ".obj-row"),
            ("arbol_de_problemas", "outline", '[role="treeitem"]'),
            ("arbol_de_problemas", "graph", ".gnode"),
        ):
            assert api.set_phase(w, phase).status_code == 200
            page.goto(f"{server.url}/w/{w['id']}")
            page.evaluate("(view) => localStorage.setItem('cocrea.treeView', view)", view)
            page.reload()
            expect(page.get_by_text("Conectado", exact=True)).to_be_visible(timeout=WAIT_MS)
            expect(page.locator(f".tree-workspace {ready}").first).to_be_visible(timeout=WAIT_MS)
            assert_accessible(page, f"tree workspace: {view} ({phase}), {viewport['width']} px")
    finally:
        ctx.close()
