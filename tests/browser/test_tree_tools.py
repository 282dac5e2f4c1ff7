"""The tree tools in headless Chromium: the live checks panel and its badges,
the objectives view (suggestions, out-of-scope causes), the facilitator's lock,
merge, import and silent-ideation round, and the export links; screenshots at
desktop and phone width."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_graph_editor import DESKTOP, PHONE, open_room, wait_until

pytestmark = pytest.mark.browser

WAIT_MS = 10_000
# The ideation round is pushed (the live document): a margin for a loaded machine.
PUSH_WAIT_MS = 5_000

PROBLEM = "Falta de participación ciudadana en los ejercicios de gobierno abierto"
CAUSE_1 = "Desconocimiento de los mecanismos de participación"
CAUSE_2 = "desconocimiento de los mecanismos de participacion"
CAUSE_3 = "Poca difusión de las convocatorias"
EFFECT = "Baja confianza en las instituciones"


def seed_tree(api: Any, w: dict[str, Any], *, duplicate: bool = True, author: str | None = None) -> None:
    """Puts a small tree in place through the import route (facilitator);
    `author` wrote the duplicate."""
    nodes = [
        {"id": "p", "kind": "problem", "text": PROBLEM},
        {"id": "c1", "kind": "cause", "text": CAUSE_1},
        {"id": "c3", "kind": "cause", "text": CAUSE_3},
        {"id": "e1", "kind": "effect", "text": EFFECT},
    ]
    edges = [
        {"id": "l1", "source": "c1", "target": "p"},
        {"id": "l3", "source": "c3", "target": "p"},
        {"id": "l4", "source": "p", "target": "e1"},
    ]
    if duplicate:
        nodes.insert(2, {"id": "c2", "kind": "cause", "text": CAUSE_2, "created_by": author})
        edges.insert(1, {"id": "l2", "source": "c2", "target": "p"})
    body = json.dumps({"schema": "cocrea.tree/1", "nodes": nodes, "edges": edges})
    r = api.http.post(
        f"/api/workshops/{w['id']}/tree/import",
        content=body,
        headers={"Authorization": f"Bearer {w['facilitator_token']}", "Content-Type": "application/json"},
    )
    assert r.status_code == 200, r.text


def node_of(api: Any, w: dict[str, Any], node_id: str) -> dict[str, Any] | None:
    return next((n for n in api.tree(w)["nodes"] if n["id"] == node_id), None)


def focused_attribute(page: Page, name: str, value: str) -> None:
    page.wait_for_function(
        "([n, v]) => document.activeElement && document.activeElement.getAttribute(n) === v",
        arg=[name, value],
        timeout=WAIT_MS,
    )


def field_has_value(page: Page, text: str) -> None:
    page.wait_for_function(
        "t => [...document.querySelectorAll('textarea')].some(e => e.value === t)", arg=text, timeout=WAIT_MS
    )


def in_viewport(page: Page, selector: str) -> bool:
    return bool(
        page.evaluate(
            """s => {
                const v = document.querySelector('.graph-viewport').getBoundingClientRect();
                const b = document.querySelector(s).getBoundingClientRect();
                return b.left >= v.left && b.right <= v.right && b.top >= v.top && b.bottom <= v.bottom;
            }""",
            selector,
        )
    )


def fits_the_phone(page: Page) -> None:
    """Nothing wider than the 360 px screen: no sideways scrolling."""
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


def test_checks_panel_points_at_duplicates_and_absence_of_solution(browser, make_server, make_api, artifacts_dir):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(problem_statement=PROBLEM)
    api.set_phase(w, "arbol_de_problemas")
    seed_tree(api, w)
    ana = api.join(w, "Ana", "sociedad_civil")
    ctx, page = open_room(browser, server, w, ana["token"], "outline")
    phone_ctx, phone = open_room(browser, server, w, ana["token"], "outline", PHONE, phone=True)
    try:
        checks = page.locator(".checks")
        duplicate = checks.locator('.check[data-rule="likely_duplicate"]')
        absence = checks.locator('.check[data-rule="absence_of_solution"]')
        expect(duplicate).to_have_count(1, timeout=WAIT_MS)
        expect(absence).to_have_count(1)
        expect(checks.locator(".check-count--warning")).to_contain_text("advertencia")
        expect(checks.locator(".check-count--error")).to_have_text("0 errores")
        # The messages name their ideas; a participant sees no «Fusionar».
        expect(duplicate).to_contain_text(f"«{CAUSE_1}»")
        expect(duplicate.get_by_role("button", name="Fusionar…")).to_have_count(0)
        # Badges on the ideas concerned, with a text for screen readers.
        expect(page.locator('[data-item-id="c1"] .check-badge').first).to_contain_text("Revisión: 1 advertencia")
        expect(page.locator('[data-item-id="p"] .check-badge').first).to_be_visible()
        expect(page.locator('[data-item-id="c3"] .check-badge')).to_have_count(0)

        # Clicking the duplicate focuses the first idea and marks both.
        duplicate.locator(".check-link").click()
        focused_attribute(page, "data-item-id", "c1")
        expect(page.locator(".node--target")).to_have_count(2)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=artifacts_dir / "checks-desktop.png", full_page=True)

        # In the graph, the absence-of-solution message brings the problem's box into sight.
        page.get_by_role("button", name="Grafo").click()
        expect(page.locator(".gnode")).to_have_count(5)
        expect(page.locator('.gnode[data-node-id="p"] .check-badge')).to_be_visible()
        page.locator(".graph-viewport").hover()
        page.mouse.down()
        page.mouse.move(100, 900, steps=4)  # pan the problem out of sight first
        page.mouse.up()
        absence.locator(".check-link").click()
        focused_attribute(page, "data-node-id", "p")
        expect(page.locator('.gnode[data-node-id="p"]')).to_have_class(re.compile(r"\bgnode--target\b"))
        wait_until(lambda: in_viewport(page, '.gnode[data-node-id="p"]'), "the problem in the viewport")

        # Removing the central problem makes errors: the count changes and is announced.
        page.get_by_role("button", name="Esquema").click()
        problem_item = page.locator('[data-item-id="p"]')
        problem_item.get_by_text("Opciones").click()
        problem_item.get_by_role("button", name="Eliminar").click()
        # An imported idea has no author here: deleting it is confirmed and goes on the trail.
        page.get_by_role("alertdialog").get_by_role("button", name="Eliminar", exact=True).click()
        expect(checks.locator('[role="status"]')).to_contain_text("La revisión encontró", timeout=WAIT_MS)
        expect(checks.locator(".check-count--error")).not_to_have_text("0 errores")

        # On a phone the list starts closed; the counts show, and it opens.
        expect(phone.locator(".check-count--error")).not_to_have_text("0 errores", timeout=WAIT_MS)
        expect(phone.locator("#checks-list")).to_be_hidden()
        phone.get_by_role("button", name="Ver la revisión").click()
        expect(phone.locator('#checks-list .check[data-rule="likely_duplicate"]')).to_be_visible()
        fits_the_phone(phone)
        phone.screenshot(path=artifacts_dir / "checks-phone.png", full_page=True)

        # In English the checks read in English, worded from the server's rule and facts.
        page.goto(f"{server.url}/w/{w['id']}?lang=en")
        checks = page.locator(".checks")
        expect(checks.locator('.check[data-rule="one_central_problem"]')).to_contain_text(
            "The central problem is missing.", timeout=WAIT_MS
        )
        expect(checks.locator('.check[data-rule="likely_duplicate"]')).to_contain_text(
            "These two items seem to say the same."
        )
        expect(checks.locator(".check-message").first).not_to_contain_text("Falta")
    finally:
        ctx.close()
        phone_ctx.close()


def test_objectives_suggestion_and_out_of_scope_reach_everyone(browser, make_server, make_api, artifacts_dir):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(problem_statement=PROBLEM)
    api.set_phase(w, "arbol_de_problemas")
    seed_tree(api, w, duplicate=False)
    ana = api.join(w, "Ana", "sociedad_civil")
    luis = api.join(w, "Luis", "servicio_publico")
    ana_ctx, a = open_room(browser, server, w, ana["token"], "objectives")
    luis_ctx, b = open_room(browser, server, w, luis["token"], "objectives", PHONE, phone=True)
    try:
        expect(a.get_by_role("button", name="Objetivos")).to_have_attribute("aria-pressed", "true")
        # Fines on top, the objective, means below, as the method draws it.
        order = a.locator(".obj-row").evaluate_all("rows => rows.map(r => r.dataset.nodeId)")
        assert order[0] == "e1" and order[1] == "p" and set(order[2:]) == {"c1", "c3"}

        # Ana takes the server's suggestion for the first cause; Luis sees it.
        row = a.locator('.obj-row[data-node-id="c1"]')
        suggestion = row.locator(".obj-suggestion")
        expect(suggestion).to_contain_text("Conocimiento de los mecanismos de participación", timeout=WAIT_MS)
        row.get_by_role("button", name="Usar sugerencia").click()
        expect(row.locator("textarea")).to_have_value("Conocimiento de los mecanismos de participación")
        expect(b.locator("#objective-c1")).to_have_value("Conocimiento de los mecanismos de participación")
        expect(b.locator('.obj-row[data-node-id="c1"] .obj-suggestion')).to_have_count(0)

        # Luis writes the central objective himself (its Y.Text is created as he types).
        b.locator("#objective-p").fill("Participación ciudadana amplia")
        expect(a.locator("#objective-p")).to_have_value("Participación ciudadana amplia")

        # Ana marks the third cause out of scope: no means, struck, for everyone.
        a.locator('.obj-row[data-node-id="c3"]').get_by_label("Fuera del alcance (supuesto)").check()
        luis_row = b.locator('.obj-row[data-node-id="c3"]')
        expect(luis_row).to_have_class(re.compile(r"\bobj-row--out\b"))
        expect(luis_row).to_contain_text("no genera un medio")
        seeds = b.locator(".seed-list li")
        expect(seeds).to_have_count(1)
        expect(seeds).to_have_text("Conocimiento de los mecanismos de participación")
        expect(b.locator(".given-list")).to_contain_text(CAUSE_3)
        wait_until(lambda: (node_of(api, w, "c3") or {}).get("out_of_scope") is True, "out_of_scope on the server")
        wait_until(
            lambda: (node_of(api, w, "c1") or {}).get("objective") == "Conocimiento de los mecanismos de participación",
            "the objective on the server",
        )
        b.locator(".obj-seeds").scroll_into_view_if_needed()
        a.evaluate("window.scrollTo(0, 0)")
        a.screenshot(path=artifacts_dir / "objectives-desktop.png", full_page=True)
        b.evaluate("window.scrollTo(0, 0)")
        fits_the_phone(b)
        b.screenshot(path=artifacts_dir / "objectives-phone.png", full_page=True)

        # The other views show it too: dashed and struck in the outline and the graph.
        b.get_by_role("button", name="Esquema").click()
        expect(b.locator('[data-item-id="c3"]')).to_have_class(re.compile(r"\bnode--out\b"))
        expect(b.locator('[data-item-id="c3"] .out-tag')).to_have_text("Fuera del alcance")
        b.get_by_role("button", name="Grafo").click()
        expect(b.locator('.gnode[data-node-id="c3"]')).to_have_class(re.compile(r"\bgnode--out\b"))
        expect(b.locator('.gnode[data-node-id="c3"] .gnode-note')).to_have_text("Fuera del alcance")

        # Back in scope.
        a.locator('.obj-row[data-node-id="c3"]').get_by_label("Fuera del alcance (supuesto)").uncheck()
        expect(b.locator('.gnode[data-node-id="c3"]')).not_to_have_class(re.compile(r"\bgnode--out\b"))
    finally:
        ana_ctx.close()
        luis_ctx.close()


def test_facilitator_locks_the_tree_and_imports_json(browser, make_server, make_api, artifacts_dir, tmp_path):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(problem_statement=PROBLEM)
    api.set_phase(w, "arbol_de_problemas")
    seed_tree(api, w, duplicate=False)
    ana = api.join(w, "Ana", "sociedad_civil")
    fac_ctx, fac = open_room(browser, server, w, w["facilitator_token"], "outline")
    ana_ctx, a = open_room(browser, server, w, ana["token"], "outline", PHONE, phone=True)
    try:
        tools = fac.locator(".facilitator-tools")
        expect(tools.get_by_role("heading", name="Herramientas de facilitación")).to_be_visible()
        expect(a.locator(".facilitator-tools")).to_have_count(0)
        expect(a.get_by_role("button", name="Agregar causa directa")).to_be_visible()

        tools.get_by_role("button", name="Bloquear árbol").click()
        expect(a.get_by_text("La facilitación bloqueó el árbol", exact=False)).to_be_visible()
        expect(a.get_by_role("button", name="Agregar causa directa")).to_have_count(0)
        expect(a.get_by_role("button", name="Deshacer")).to_have_count(0)
        assert all(a.locator(".node-text").evaluate_all("els => els.map(e => e.readOnly)"))
        expect(fac.get_by_text("Bloqueaste el árbol", exact=False)).to_be_visible()
        expect(tools.get_by_role("button", name="Desbloquear árbol")).to_have_attribute("aria-pressed", "true")
        # The facilitator still edits.
        expect(fac.get_by_role("button", name="Agregar causa directa")).to_be_visible()
        fits_the_phone(a)
        a.screenshot(path=artifacts_dir / "locked-phone.png", full_page=True)

        # Import: a broken file is refused with the server's message; a good one replaces the tree.
        broken = tmp_path / "roto.json"
        unknown_kind = {"id": "x", "kind": "idea", "text": "?"}
        broken.write_text(json.dumps({"schema": "cocrea.tree/1", "nodes": [unknown_kind], "edges": []}))
        tools.get_by_label("Archivo JSON").set_input_files(broken)
        expect(fac.get_by_role("alertdialog", name="¿Reemplazar el árbol?")).to_contain_text("roto.json")
        tools.get_by_role("button", name="Reemplazar el árbol").click()
        expect(tools.locator('[role="alert"]').filter(has_text="Tipo desconocido")).to_be_visible()
        assert len(api.tree(w)["nodes"]) == 4

        good = tmp_path / "arbol.json"
        good.write_text(
            json.dumps(
                {
                    "schema": "cocrea.tree/1",
                    "nodes": [
                        {"id": "np", "kind": "problem", "text": "Opacidad en el uso de los recursos"},
                        {"id": "nc", "kind": "cause", "text": "Información pública incompleta"},
                    ],
                    "edges": [{"id": "ne", "source": "nc", "target": "np"}],
                }
            )
        )
        tools.get_by_label("Archivo JSON").set_input_files(good)
        tools.get_by_role("button", name="Reemplazar el árbol").click()
        expect(tools.get_by_text("Árbol importado: 2 ideas.")).to_be_visible()
        field_has_value(a, "Opacidad en el uso de los recursos")
        expect(a.locator('[role="treeitem"]')).to_have_count(2)
        fac.evaluate("window.scrollTo(0, 0)")
        fac.screenshot(path=artifacts_dir / "facilitator-tools-desktop.png", full_page=True)

        # The facilitator's tools fit a phone as well.
        fac.set_viewport_size(PHONE)
        fits_the_phone(fac)
        fac.screenshot(path=artifacts_dir / "facilitator-tools-phone.png", full_page=True)
        fac.set_viewport_size(DESKTOP)

        tools.get_by_role("button", name="Desbloquear árbol").click()
        expect(a.get_by_text("La facilitación bloqueó el árbol", exact=False)).to_have_count(0)
        expect(a.get_by_role("button", name="Agregar causa directa")).to_be_visible()
    finally:
        fac_ctx.close()
        ana_ctx.close()


def test_silent_ideation_cards_stay_private_until_revealed(browser, make_server, make_api, artifacts_dir):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(problem_statement=PROBLEM)
    api.set_phase(w, "arbol_de_problemas")
    ana = api.join(w, "Ana", "sociedad_civil")
    luis = api.join(w, "Luis", "servicio_publico")
    fac_ctx, fac = open_room(browser, server, w, w["facilitator_token"], "outline")
    ana_ctx, a = open_room(browser, server, w, ana["token"], "outline")
    luis_ctx, b = open_room(browser, server, w, luis["token"], "outline", PHONE, phone=True)
    try:
        tools = fac.locator(".facilitator-tools")
        expect(a.get_by_role("heading", name="Idea en silencio")).to_have_count(0)
        tools.get_by_label("Pregunta para la ronda (opcional)").fill("¿Por qué no participa la gente?")
        tools.get_by_role("button", name="Abrir lluvia de ideas").click()
        expect(tools.get_by_text("0 tarjetas de 0 personas hasta ahora.")).to_be_visible()

        # The participants learn of the round from the live document.
        for page in (a, b):
            expect(page.get_by_role("heading", name="Idea en silencio")).to_be_visible(timeout=PUSH_WAIT_MS)
            expect(page.locator(".ideation-prompt")).to_have_text("¿Por qué no participa la gente?")

        a.get_by_label("Tu idea").fill("Horarios de las sesiones <b>incompatibles</b>")
        a.get_by_role("button", name="Agregar tarjeta").click()
        b.get_by_label("Tu idea").fill("Desinterés en los asuntos públicos")
        b.get_by_role("radio", name="Efecto").check()
        b.get_by_role("button", name="Agregar tarjeta").click()

        # Each sees only their own card, as text.
        expect(a.locator(".idea-card")).to_have_count(1)
        expect(a.locator(".idea-card-text")).to_have_text("Horarios de las sesiones <b>incompatibles</b>")
        expect(a.get_by_text("Desinterés en los asuntos públicos")).to_have_count(0)
        expect(b.locator(".idea-card")).to_have_count(1)
        expect(b.locator(".idea-card--effect")).to_contain_text("Desinterés en los asuntos públicos")
        expect(b.get_by_text("Horarios de las sesiones", exact=False)).to_have_count(0)
        expect(a.get_by_role("heading", name="Tus tarjetas (1 de 20)")).to_be_visible()
        assert api.tree(w)["nodes"] == []
        b.evaluate("window.scrollTo(0, 0)")
        fits_the_phone(b)
        b.screenshot(path=artifacts_dir / "ideation-phone.png", full_page=True)

        # The facilitator sees how many, not what.
        expect(tools.get_by_text("2 tarjetas de 2 personas hasta ahora.")).to_be_visible(timeout=PUSH_WAIT_MS)
        expect(fac.get_by_text("Desinterés en los asuntos públicos")).to_have_count(0)
        fac.evaluate("window.scrollTo(0, 0)")
        fac.screenshot(path=artifacts_dir / "ideation-facilitator-desktop.png", full_page=True)

        tools.get_by_role("button", name="Revelar tarjetas").click()
        fac.get_by_role("alertdialog").get_by_role("button", name="Revelar tarjetas").click()
        expect(tools.get_by_text("Se revelaron 2 tarjetas", exact=False)).to_be_visible()
        # Everyone has both cards in the tree, unlinked, live.
        for page in (fac, a, b):
            field_has_value(page, "Horarios de las sesiones <b>incompatibles</b>")
            field_has_value(page, "Desinterés en los asuntos públicos")
            expect(page.locator(".tree-section--unlinked [role='treeitem']")).to_have_count(2)
        expect(a.get_by_text("La facilitación reveló las tarjetas", exact=False)).to_be_visible(timeout=PUSH_WAIT_MS)
        expect(a.locator(".ideation-form")).to_have_count(0)
        kinds = sorted(n["kind"] for n in api.tree(w)["nodes"])
        assert kinds == ["cause", "effect"]
    finally:
        fac_ctx.close()
        ana_ctx.close()
        luis_ctx.close()


def test_facilitator_merges_duplicates_from_the_checks_panel(browser, make_server, make_api, artifacts_dir):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(problem_statement=PROBLEM)
    api.set_phase(w, "arbol_de_problemas")
    # Ana wrote the duplicate: her name must survive the merge.
    ana = api.join(w, "Ana", "sociedad_civil")
    seed_tree(api, w, author=ana["participant_id"])
    ana_ctx, a = open_room(browser, server, w, ana["token"], "outline")
    fac_ctx, fac = open_room(browser, server, w, w["facilitator_token"], "graph")
    try:
        duplicate = fac.locator('.checks .check[data-rule="likely_duplicate"]')
        duplicate.get_by_role("button", name="Fusionar…").click()
        form = duplicate.locator(".merge-form")
        expect(form.get_by_label(CAUSE_1)).to_be_checked()
        expect(form).to_contain_text("se quitará")
        form.get_by_role("button", name="Fusionar", exact=True).click()
        expect(fac.locator(".tree-status")).to_contain_text("Fusionado")
        expect(fac.locator(".gnode")).to_have_count(4)
        expect(fac.locator(".checks .check[data-rule='likely_duplicate']")).to_have_count(0, timeout=WAIT_MS)
        kept = node_of(api, w, "c1")
        assert kept and [m["id"] for m in kept["merged_from"]] == ["c2"]
        assert node_of(api, w, "c2") is None

        # The kept idea says what was merged into it, in every view.
        marker = fac.locator('.gnode[data-node-id="c1"] .merged-from')
        marker.locator("summary").click()
        expect(marker).to_contain_text(CAUSE_2)
        fac.screenshot(path=artifacts_dir / "merge-desktop.png", full_page=True)
        merged = a.locator('[data-item-id="c1"] .merged-from')
        expect(merged).to_contain_text("Fusionado de:")
        expect(merged).to_contain_text(CAUSE_2)
        expect(merged).to_contain_text("Propuesto por ti")
        # Ana is told that her idea was merged.
        expect(a.locator(".author-notices")).to_contain_text(f"Tu idea «{CAUSE_2}» se fusionó con «{CAUSE_1}».")
    finally:
        fac_ctx.close()
        ana_ctx.close()


def test_export_links_download_the_tree(browser, make_server, make_api, tmp_path):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(problem_statement=PROBLEM)
    api.set_phase(w, "arbol_de_problemas")
    seed_tree(api, w, duplicate=False)
    ana = api.join(w, "Ana", "sociedad_civil")
    ctx, page = open_room(browser, server, w, ana["token"], "outline", DESKTOP)
    try:
        links = page.locator(".tree-export a")
        expect(links).to_have_text(["SVG", "PNG", "JSON"])
        with page.expect_download() as info:
            page.get_by_role("link", name="SVG").click()
        path = Path(tmp_path / "tree.svg")
        info.value.save_as(path)
        svg = path.read_text(encoding="utf-8")
        assert svg.lstrip().startswith("<svg") or svg.lstrip().startswith("<?xml")
        assert PROBLEM in " ".join(re.sub(r"<[^>]+>", " ", svg).split())
        assert info.value.suggested_filename.endswith(".svg")
        with page.expect_download() as info:
            page.get_by_role("link", name="JSON").click()
        info.value.save_as(tmp_path / "tree.json")
        data = json.loads((tmp_path / "tree.json").read_text(encoding="utf-8"))
        assert {n["text"] for n in data["nodes"]} >= {PROBLEM, CAUSE_1}
    finally:
        ctx.close()
