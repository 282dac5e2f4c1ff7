"""The projector's display link in headless Chromium (issue 12 §4): the
facilitator creates and copies it from the room; a browser with no session
opens it at 1920×1080 and shows the projector view with no editing chrome
and without becoming anyone; the facilitator's own browser can open it in
another tab and stays the facilitator."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_accessibility import assert_accessible
from tests.browser.test_graph_editor import DESKTOP
from tests.browser.test_voting import (
    ALT_1,
    ALT_2,
    MEANS_1,
    MEANS_2,
    PROBLEM,
    auth,
    open_page,
    propose,
    seed_objective_tree,
)

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
        expect(display.locator(".screen-tree")).to_contain_text(PROBLEM, timeout=WAIT_MS)
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


# A demo-like tree of 14 nodes (seed 003's problem, effects and causes, plus
# indirect ones): what a mesa has on the wall after the tree phase.
DEMO_EFFECTS = [
    "Los ejercicios de participación social que generan los entes públicos se realizan aisladamente y con un "
    "impacto mínimo.",
    "Falta de interés en los ejercicios de gobierno abierto por parte de los sujetos obligados, sociedad civil y "
    "ciudadanía en general.",
]
DEMO_CAUSES = [
    "Falta de consensos sobre las determinaciones que se toman en el ámbito público.",
    "Falta de interacción entre instituciones de Gobierno con la ciudadanía (ejercicios de gobierno abierto).",
    "Inactividad o desconocimiento de ejercicios de gobierno abierto por parte de entes gubernamentales para "
    "activar la participación.",
    "Desconocimiento de los beneficios que trae consigo el gobierno abierto.",
]
INDIRECT_EFFECTS = ["Desconfianza en las instituciones públicas", "Políticas que no responden a la ciudadanía"]
INDIRECT_CAUSES = [
    ("Convocatorias publicadas con poca anticipación", "c1"),
    ("Sin mecanismos para dar seguimiento a acuerdos", "c1"),
    ("Portales municipales desactualizados", "c2"),
    ("Rotación del personal capacitado", "c3"),
    ("Poca difusión en medios locales", "c4"),
]
BIG_TREE_NODES = 1 + len(DEMO_EFFECTS) + len(DEMO_CAUSES) + len(INDIRECT_EFFECTS) + len(INDIRECT_CAUSES)
NOT_EDITING_CHROME = ("input:not([type=checkbox])", "textarea", "select", '[contenteditable="true"]')
EDITING_BUTTONS = (".gnode-add", ".gnode-delete", ".ghandle", ".node-actions", ".undo-buttons", ".view-switch")


def seed_big_tree(api: Any, w: dict[str, Any]) -> None:
    nodes = [{"id": "p", "kind": "problem", "text": PROBLEM}]
    edges = []
    for i, text in enumerate(DEMO_EFFECTS, 1):
        nodes.append({"id": f"e{i}", "kind": "effect", "text": text})
        edges.append({"id": f"le{i}", "source": "p", "target": f"e{i}"})
    for i, text in enumerate(INDIRECT_EFFECTS, 1):
        nodes.append({"id": f"ee{i}", "kind": "effect", "text": text})
        edges.append({"id": f"lee{i}", "source": f"e{i}", "target": f"ee{i}"})
    for i, text in enumerate(DEMO_CAUSES, 1):
        nodes.append({"id": f"c{i}", "kind": "cause", "text": text})
        edges.append({"id": f"lc{i}", "source": f"c{i}", "target": "p"})
    for i, (text, parent) in enumerate(INDIRECT_CAUSES, 1):
        nodes.append({"id": f"cc{i}", "kind": "cause", "text": text})
        edges.append({"id": f"lcc{i}", "source": f"cc{i}", "target": parent})
    assert len(nodes) == BIG_TREE_NODES
    r = api.http.post(
        f"/api/workshops/{w['id']}/tree/import",
        content=json.dumps({"schema": "cocrea.tree/1", "nodes": nodes, "edges": edges}),
        headers={**auth(w["facilitator_token"]), "Content-Type": "application/json"},
    )
    assert r.status_code == 200, r.text


def assert_no_scrolling(page: Page, what: str) -> None:
    sizes = page.evaluate(
        """() => ({sh: document.scrollingElement.scrollHeight, sw: document.scrollingElement.scrollWidth,
                  h: innerHeight, w: innerWidth})"""
    )
    assert sizes["sh"] <= sizes["h"] and sizes["sw"] <= sizes["w"], f"{what}: {sizes}"


def settle(page: Page) -> None:
    """Two frames: what a resize observed is laid out again."""
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    expect(page.locator(".screen-tree")).to_have_attribute("data-fitted", "true", timeout=WAIT_MS)


def assert_in_view(page: Page, selector: str, what: str) -> None:
    """Every element the selector finds is wholly inside the viewport."""
    boxes = page.eval_on_selector_all(
        selector,
        """(els) => els.map((el) => { const r = el.getBoundingClientRect();
             return {top: r.top, left: r.left, bottom: r.bottom, right: r.right, w: r.width}; })""",
    )
    assert boxes, f"{what}: nothing matches {selector}"
    for box in boxes:
        assert box["w"] > 0, f"{what}: {selector} has no size"
        assert box["top"] >= 0 and box["left"] >= 0, f"{what}: {box}"
        assert box["bottom"] <= PROJECTOR["height"] and box["right"] <= PROJECTOR["width"], f"{what}: {box}"


def assert_no_editing_chrome(page: Page) -> None:
    for selector in (*NOT_EDITING_CHROME, *EDITING_BUTTONS):
        expect(page.locator(selector)).to_have_count(0)


def test_the_display_fits_a_projector_legibly(browser, make_server, make_api, artifacts_dir):
    """At 1920×1080, without scrolling: a 14-node tree fit to the screen with
    node text of at least 24 px, the step and the timer, the speakers, the join
    code on demand, the open round's participation and then its results."""
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(problem_statement=PROBLEM)
    seed_big_tree(api, w)
    api.set_phase(w, "arbol_de_problemas")
    base = f"/api/workshops/{w['id']}"
    fac = auth(w["facilitator_token"])
    ana = api.join(w, "Ana", "sociedad_civil")
    luis = api.join(w, "Luis", "servicio_publico")
    irma = api.join(w, "Irma", "organismo_garante")
    r = api.http.post(f"{base}/displays", headers=fac)
    assert r.status_code == 201, r.text
    ctx = browser.new_context(viewport=PROJECTOR)
    try:
        display = ctx.new_page()
        display.goto(r.json()["display_url"])
        expect(display.get_by_text("Conectado", exact=True)).to_be_visible(timeout=WAIT_MS)
        nodes = display.locator(".screen-tree [data-node-id]")
        expect(nodes).to_have_count(BIG_TREE_NODES, timeout=WAIT_MS)
        expect(display.locator(".screen-tree")).to_have_attribute("data-fitted", "true", timeout=WAIT_MS)
        assert_no_scrolling(display, "tree")
        assert_in_view(display, ".screen-tree [data-node-id]", "tree")
        sizes = display.eval_on_selector_all(
            ".screen-tree [data-node-id] .screen-node__text",
            "(els) => els.map((el) => parseFloat(getComputedStyle(el).fontSize))",
        )
        assert len(sizes) == BIG_TREE_NODES and min(sizes) >= 24, sizes
        # No transform shrinks what the computed size says.
        assert display.evaluate(
            """() => [...document.querySelectorAll('.screen-tree, .screen-tree *')]
                     .every((el) => ['none', ''].includes(getComputedStyle(el).transform))"""
        )
        assert_no_editing_chrome(display)
        display.screenshot(path=str(artifacts_dir / "display-fit-tree-1920.png"))

        # The step, the timer and the floor: in the header band and the side column.
        assert api.http.post(f"{base}/agenda/current", json={"index": 1}, headers=fac).status_code == 200
        assert api.http.put(f"{base}/timer", json={"seconds": 300}, headers=fac).status_code == 200
        for person in (ana, luis, irma):
            assert api.http.post(f"{base}/speakers", json={}, headers=auth(person["token"])).status_code == 201
        assert api.http.post(f"{base}/speakers/next", headers=fac).status_code == 200
        expect(display.get_by_text("Tiene la palabra: Ana (Sociedad civil)")).to_be_visible(timeout=WAIT_MS)
        expect(display.locator(".display-moderation__next li")).to_have_count(2, timeout=WAIT_MS)
        settle(display)  # the side column narrowed the tree's area: it fits again
        for selector in (".timer__clock", ".display-moderation__step", ".display-moderation__current"):
            assert_in_view(display, selector, f"moderation {selector}")
        assert_in_view(display, ".display-moderation__next li", "next speakers")
        assert_in_view(display, ".screen-tree [data-node-id]", "tree beside the speakers")
        assert_no_scrolling(display, "tree and speakers")
        assert (
            min(
                display.eval_on_selector_all(
                    ".screen-tree .screen-node__text",
                    "(els) => els.map((el) => parseFloat(getComputedStyle(el).fontSize))",
                )
            )
            >= 24
        )
        display.screenshot(path=str(artifacts_dir / "display-fit-moderation-1920.png"))

        # The join code and its QR on demand: a key on the display.
        display.keyboard.press("c")
        overlay = display.locator(".join-overlay")
        expect(overlay).to_be_visible(timeout=WAIT_MS)
        expect(overlay.locator(".join-code--huge")).to_have_text(w["join_code"])
        assert_in_view(display, ".join-overlay .qr", "QR")
        display.screenshot(path=str(artifacts_dir / "display-fit-code-1920.png"))
        display.keyboard.press("Escape")
        expect(overlay).to_be_hidden()

        # The vote: participation large with a bar, then the results.
        api.set_phase(w, "alternativas")
        alt1 = propose(api, w, ana["token"], ALT_1, ["c1"])
        alt2 = propose(api, w, ana["token"], ALT_2, ["c2"])
        api.set_phase(w, "votacion")
        round_open(api, w, [alt1, alt2])
        round_id = api.http.get(f"{base}/rounds", headers=fac).json()["rounds"][-1]["id"]
        ballot = f"{base}/rounds/{round_id}/ballot"
        assert api.http.put(ballot, json={"approve": [alt1]}, headers=auth(ana["token"])).status_code == 200
        total = display.locator(".screen-main .participation-total")
        expect(total).to_have_text("Han votado 1 de 3 personas con voto.", timeout=WAIT_MS)
        assert_in_view(display, ".screen-main .participation-total", "participation")
        assert_in_view(display, ".screen-main .participation-bar", "participation bar")
        assert (
            display.eval_on_selector(
                ".screen-main .participation-total", "(el) => parseFloat(getComputedStyle(el).fontSize)"
            )
            >= 40
        )
        assert display.locator(".screen-stage").get_attribute("data-scale") == "1"  # no shrinking needed
        assert_no_scrolling(display, "open round")
        assert_no_editing_chrome(display)
        expect(display.locator(".ballot, .round-form, .close-tool, .decision-form")).to_have_count(0)
        display.screenshot(path=str(artifacts_dir / "display-fit-round-1920.png"))

        assert api.http.put(ballot, json={"approve": [alt1, alt2]}, headers=auth(luis["token"])).status_code == 200
        assert api.http.post(f"{base}/rounds/{round_id}/close", headers=fac).status_code == 200
        expect(display.locator(".screen-main .results")).to_be_visible(timeout=WAIT_MS)
        assert_in_view(display, ".screen-main .results .chart--totals .chart-bar", "result bars")
        assert_no_scrolling(display, "results")
        assert_no_editing_chrome(display)
        display.screenshot(path=str(artifacts_dir / "display-fit-results-1920.png"))
    finally:
        ctx.close()


def test_the_facilitator_shows_and_hides_the_join_code_on_every_display(browser, make_server, make_api, artifacts_dir):
    """Nobody presses a key on a projector: the facilitator shows the join
    code and its QR on every display from their own page, and hides it; a
    phone, already joined, ignores it."""
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(problem_statement=PROBLEM)
    seed_big_tree(api, w)
    api.set_phase(w, "arbol_de_problemas")
    ana = api.join(w, "Ana", "sociedad_civil")
    r = api.http.post(f"/api/workshops/{w['id']}/displays", headers=auth(w["facilitator_token"]))
    assert r.status_code == 201, r.text
    contexts = []
    try:
        fac_ctx, fac = open_page(browser, server, w, w["facilitator_token"], DESKTOP)
        phone_ctx, phone = open_page(browser, server, w, ana["token"], {"width": 360, "height": 740}, phone=True)
        display_ctx = browser.new_context(viewport=PROJECTOR)
        contexts += [fac_ctx, phone_ctx, display_ctx]
        display = display_ctx.new_page()
        display.goto(r.json()["display_url"])
        expect(display.get_by_text("Conectado", exact=True)).to_be_visible(timeout=WAIT_MS)
        overlay = display.locator(".join-overlay")
        expect(overlay).to_be_hidden()

        toggle = fac.locator(".moderation-panel").get_by_role("button", name="Código y QR en las pantallas")
        expect(toggle).to_have_attribute("aria-pressed", "false", timeout=WAIT_MS)
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "true", timeout=WAIT_MS)
        expect(overlay).to_be_visible(timeout=WAIT_MS)
        expect(overlay.locator(".join-code--huge")).to_have_text(w["join_code"])
        expect(overlay.locator("img.qr")).to_have_js_property("complete", True, timeout=WAIT_MS)
        assert_in_view(display, ".join-overlay .qr", "QR shown by the facilitator")
        assert_in_view(display, ".join-overlay .join-code--huge", "code shown by the facilitator")
        assert_no_scrolling(display, "join code")
        display.screenshot(path=str(artifacts_dir / "display-join-by-facilitator-1920.png"))
        fac.locator(".moderation-panel").screenshot(path=str(artifacts_dir / "display-join-toggle-facilitator.png"))
        # The phone has joined already: no code over its page.
        expect(phone.locator(".join-overlay")).not_to_be_visible()

        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "false", timeout=WAIT_MS)
        expect(overlay).to_be_hidden(timeout=WAIT_MS)
        # A display that opens later finds the code hidden; shown again, it opens with it.
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "true", timeout=WAIT_MS)
        late = display_ctx.new_page()
        late.goto(r.json()["display_url"])
        expect(late.locator(".join-overlay")).to_be_visible(timeout=WAIT_MS)
    finally:
        for ctx in contexts:
            ctx.close()


def test_a_large_tree_scales_down_to_fit_the_display(browser, make_server, make_api, artifacts_dir):
    """45 nodes: smaller text, still all of it on the screen, nothing scrolls."""
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(problem_statement=PROBLEM)
    nodes = [{"id": "p", "kind": "problem", "text": PROBLEM}]
    edges = []
    for i in range(8):
        nodes.append({"id": f"e{i}", "kind": "effect", "text": f"Efecto {i + 1}: {DEMO_EFFECTS[i % 2]}"})
        edges.append({"id": f"le{i}", "source": "p", "target": f"e{i}"})
    for i in range(12):
        nodes.append({"id": f"c{i}", "kind": "cause", "text": f"Causa {i + 1}: {DEMO_CAUSES[i % 4]}"})
        edges.append({"id": f"lc{i}", "source": f"c{i}", "target": "p"})
    for i in range(24):
        text = f"Causa indirecta {i + 1}: {INDIRECT_CAUSES[i % 5][0]}"
        nodes.append({"id": f"cc{i}", "kind": "cause", "text": text})
        edges.append({"id": f"lcc{i}", "source": f"cc{i}", "target": f"c{i % 12}"})
    r = api.http.post(
        f"/api/workshops/{w['id']}/tree/import",
        content=json.dumps({"schema": "cocrea.tree/1", "nodes": nodes, "edges": edges}),
        headers={**auth(w["facilitator_token"]), "Content-Type": "application/json"},
    )
    assert r.status_code == 200, r.text
    api.set_phase(w, "arbol_de_problemas")
    r = api.http.post(f"/api/workshops/{w['id']}/displays", headers=auth(w["facilitator_token"]))
    ctx = browser.new_context(viewport=PROJECTOR)
    try:
        display = ctx.new_page()
        display.goto(r.json()["display_url"])
        expect(display.locator(".screen-tree [data-node-id]")).to_have_count(len(nodes), timeout=WAIT_MS)
        settle(display)
        assert_no_scrolling(display, "large tree")
        assert_in_view(display, ".screen-tree [data-node-id]", "large tree")
        sizes = display.eval_on_selector_all(
            ".screen-tree .screen-node__text", "(els) => els.map((el) => parseFloat(getComputedStyle(el).fontSize))"
        )
        assert 12 <= min(sizes) < 24, sizes
        display.screenshot(path=str(artifacts_dir / "display-fit-large-tree-1920.png"))
    finally:
        ctx.close()


def test_a_round_with_many_options_stays_on_the_display(browser, make_server, make_api, artifacts_dir):
    """Nine alternatives: the open round shrinks as a whole to stay on the
    screen; its results take the whole width at full size, legible (labels of
    24 px or more), with the participation in a compact band below."""
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(problem_statement=PROBLEM)
    seed_big_tree(api, w)
    base = f"/api/workshops/{w['id']}"
    fac = auth(w["facilitator_token"])
    people = [api.join(w, name, sector) for name, sector in (("Ana", "sociedad_civil"), ("Luis", "academia"))]
    api.set_phase(w, "alternativas")
    titles = [
        f"Alternativa {i + 1}: {text[:60]}" for i, text in enumerate(DEMO_CAUSES + DEMO_EFFECTS + DEMO_CAUSES[:3])
    ]
    options = [propose(api, w, people[0]["token"], title, []) for title in titles]
    api.set_phase(w, "votacion")
    r = api.http.post(f"{base}/displays", headers=fac)
    ctx = browser.new_context(viewport=PROJECTOR)
    try:
        display = ctx.new_page()
        display.goto(r.json()["display_url"])
        expect(display.get_by_text("Conectado", exact=True)).to_be_visible(timeout=WAIT_MS)
        round_open(api, w, options)
        expect(display.locator(".screen-main .projector-options li")).to_have_count(len(options), timeout=WAIT_MS)
        settle_stage(display)
        assert float(display.locator(".screen-stage").get_attribute("data-scale")) < 1
        assert_in_view(display, ".screen-main .projector-options li", "many options")
        assert_in_view(display, ".screen-main .participation-total", "participation under many options")
        assert_no_scrolling(display, "many options")
        display.screenshot(path=str(artifacts_dir / "display-fit-many-options-1920.png"))

        round_id = api.http.get(f"{base}/rounds", headers=fac).json()["rounds"][-1]["id"]
        for person in people:
            r = api.http.put(
                f"{base}/rounds/{round_id}/ballot", json={"approve": options[:3]}, headers=auth(person["token"])
            )
            assert r.status_code == 200, r.text
        assert api.http.post(f"{base}/rounds/{round_id}/close", headers=fac).status_code == 200
        expect(display.locator(".screen-main .results")).to_be_visible(timeout=WAIT_MS)
        settle_stage(display)
        display.screenshot(path=str(artifacts_dir / "display-fit-many-results-1920.png"))
        assert_in_view(display, ".screen-main .results .chart--totals .chart-row", "many results")
        assert_no_scrolling(display, "many results")
        # The results take the whole width at full size: labels and values of at
        # least 24 px, bars as tall, the participation in a band of its own.
        assert display.locator(".screen-stage").get_attribute("data-scale") == "1"
        texts = display.eval_on_selector_all(
            ".screen-main .results .chart--totals :is(.chart-label, .chart-value)",
            "(els) => els.map((el) => parseFloat(getComputedStyle(el).fontSize))",
        )
        assert len(texts) == 2 * len(options) and min(texts) >= 24, texts
        bars = display.eval_on_selector_all(
            ".screen-main .results .chart--totals .chart-track", "(els) => els.map((el) => el.offsetHeight)"
        )
        assert len(bars) == len(options) and min(bars) >= 24, bars
        assert_in_view(display, ".screen-main .results-more .participation-total", "participation under the results")
    finally:
        ctx.close()


def settle_stage(page: Page) -> None:
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    expect(page.locator(".screen-stage[data-scale]")).to_have_count(1, timeout=WAIT_MS)


def test_in_the_objective_tree_phase_the_display_shows_the_objectives(browser, make_server, make_api, artifacts_dir):
    """Árbol de objetivos: each box says its objective once written (the
    problem's words, dimmed, until then); the bands are fines, medios."""
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(problem_statement=PROBLEM)
    seed_objective_tree(api, w)  # leaves the mesa in «Árbol de objetivos»
    r = api.http.post(f"/api/workshops/{w['id']}/displays", headers=auth(w["facilitator_token"]))
    ctx = browser.new_context(viewport=PROJECTOR)
    try:
        display = ctx.new_page()
        display.goto(r.json()["display_url"])
        tree = display.locator(".screen-tree")
        expect(tree.locator('[data-node-id="c1"]')).to_have_text(MEANS_1, timeout=WAIT_MS)
        expect(tree.locator('[data-node-id="c2"]')).to_have_text(MEANS_2)
        expect(tree.locator('[data-node-id="c3"]')).to_contain_text("Fuera del alcance")
        expect(tree.locator('[data-node-id="p"]')).to_contain_text("(sin redactar)")
        expect(tree.locator('[data-node-id="p"]')).to_contain_text(PROBLEM)
        expect(tree.locator(".screen-band--causes .screen-band__label")).to_have_text("Medios")
        settle(display)
        assert_no_scrolling(display, "objective tree")
        display.screenshot(path=str(artifacts_dir / "display-fit-objectives-1920.png"))
    finally:
        ctx.close()
