"""Splitting an alternative and the feasibility and viability review in
headless Chromium: the facilitator splits an alternative that holds two
proposals (dialog with titles and per-part means), records two assessments
in the review's matrix and adds a criterion; a participant's page shows all
of it when it is pushed, on a desktop and on a phone, and the projector
shows the review read-only."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_graph_editor import PHONE, wait_until
from tests.browser.test_voting import (
    MEANS_1,
    MEANS_2,
    PUSH_WAIT_MS,
    WAIT_MS,
    alternatives,
    auth,
    fits_the_phone,
    open_page,
    screenshot,
    seed_objective_tree,
)

pytestmark = pytest.mark.browser

ORIGINAL = "Red y capacitación de enlaces ciudadanos"
PART_1 = "Red de enlaces ciudadanos"
PART_2 = "Capacitación de enlaces"
NOTE_1 = "Ya existe un padrón de enlaces en 40 colonias."
NOTE_2 = "Sin partida en el presupuesto de este año."


def review_view(page: Page) -> None:
    page.get_by_role("button", name="Revisión de factibilidad y viabilidad").click()
    expect(page.locator(".assessment-matrix")).to_be_visible(timeout=WAIT_MS)


def row(page: Page, title: str):
    return page.locator(".assessment-matrix tbody tr", has=page.locator("th", has_text=title))


def cell(page: Page, title: str, criterion: str):
    return row(page, title).locator(f'td[data-criterion="{criterion}"]')


def assess_in_ui(page: Page, title: str, criterion_label: str, level: str, note: str) -> None:
    page.get_by_role("button", name=f"Valorar «{title}» en {criterion_label}, ahora: Sin valorar").click()
    dialog = page.locator("dialog.cell-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading")).to_have_text(f"«{title}»: {criterion_label}")
    dialog.get_by_label("Nivel").select_option(label=level)
    dialog.get_by_label("Nota (por qué)").fill(note)
    dialog.get_by_role("button", name="Guardar la valoración").click()
    expect(page.locator(".assessment-saved")).to_have_text(f"Se guardó: «{title}», {criterion_label}: {level}.")
    expect(dialog).to_have_count(0)


def test_split_then_review_seen_by_a_participant(browser, make_server, make_api, artifacts_dir):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop()
    seed_objective_tree(api, w)
    api.set_phase(w, "alternativas")
    ana = api.join(w, "Ana", "sociedad_civil")
    r = api.http.post(
        f"/api/workshops/{w['id']}/alternatives",
        json={"title": ORIGINAL, "addresses": ["c1", "c2"], "description": "Enlaces en cada colonia, capacitados."},
        headers=auth(ana["token"]),
    )
    assert r.status_code == 201, r.text
    original = r.json()["id"]
    contexts: list[Any] = []
    try:
        fac_ctx, fac = open_page(browser, server, w, w["facilitator_token"])
        ana_ctx, ana_page = open_page(browser, server, w, ana["token"])
        contexts += [fac_ctx, ana_ctx]

        # The participant is not offered «Dividir»; the facilitator is.
        card = fac.locator(f'[data-alternative-id="{original}"]')
        expect(card.get_by_role("button", name="Dividir…")).to_be_visible(timeout=WAIT_MS)
        expect(ana_page.locator(f'[data-alternative-id="{original}"]')).to_be_visible(timeout=WAIT_MS)
        expect(ana_page.get_by_role("button", name="Dividir…")).to_have_count(0)

        card.get_by_role("button", name="Dividir…").click()
        dialog = fac.locator("dialog.split-dialog")
        expect(dialog).to_be_visible()
        # A part without a title is told before anything is sent.
        dialog.get_by_role("button", name="Dividir en 2").click()
        expect(dialog.locator(".form-message--error")).to_have_text("Escribe el título de la parte 1.")
        expect(dialog.get_by_label("Título de la parte 1")).to_be_focused()
        dialog.get_by_label("Título de la parte 1").fill(PART_1)
        dialog.get_by_label("Título de la parte 2").fill(PART_2)
        first = dialog.locator(".split-part").nth(0)
        expect(first.locator(".choice")).to_have_text([MEANS_1, MEANS_2])
        first.get_by_label(MEANS_2).uncheck()
        dialog.get_by_label("Razón").fill("Son dos acciones con responsables distintos.")
        screenshot(fac, artifacts_dir / "split-dialog-desktop.png")
        dialog.get_by_role("button", name="Dividir en 2").click()
        fac.get_by_role("alertdialog").get_by_role("button", name="Dividir en 2").click()
        expect(dialog).to_have_count(0, timeout=WAIT_MS)

        expect(card.locator(".disposition")).to_have_text("Dividida", timeout=WAIT_MS)
        expect(card.locator(".alternative-split-into")).to_have_text(f"Dividida en «{PART_1}», «{PART_2}»")
        wait_until(lambda: len(alternatives(api, w)) == 3, "the two parts")
        parts = {a["title"]: a for a in alternatives(api, w) if a["id"] != original}
        assert parts[PART_1]["addresses"] == ["c1"] and parts[PART_2]["addresses"] == ["c1", "c2"]
        assert all(a["authors"] == [ana["participant_id"]] for a in parts.values())
        part_card = fac.locator(f'[data-alternative-id="{parts[PART_1]["id"]}"]')
        expect(part_card.locator(".alternative-origin")).to_have_text(f"Surge de dividir «{ORIGINAL}»")
        expect(part_card.locator(".alternative-description-field")).to_have_value(
            "Enlaces en cada colonia, capacitados."
        )
        expect(card.get_by_role("button", name="Dividir…")).to_have_count(0)
        expect(card.locator(".disposition-form")).to_have_count(0)
        # Everyone sees the result.
        expect(ana_page.locator(f'[data-alternative-id="{original}"] .alternative-split-into')).to_have_text(
            f"Dividida en «{PART_1}», «{PART_2}»", timeout=PUSH_WAIT_MS
        )
        screenshot(fac, artifacts_dir / "split-result-desktop.png")

        # The review: the split original is left out, its parts are in.
        review_view(fac)
        expect(fac.locator(".assessment-matrix tbody th")).to_have_text([PART_1, PART_2])  # in the order given
        expect(row(fac, ORIGINAL)).to_have_count(0)
        assess_in_ui(fac, PART_1, "Factibilidad técnica", "Alta", NOTE_1)
        assess_in_ui(fac, PART_2, "Factibilidad presupuestal", "Baja", NOTE_2)
        expect(cell(fac, PART_1, "factibilidad_tecnica").locator(".level-chip")).to_have_text("Alta")
        expect(row(fac, PART_1).locator(".assessment-summary")).to_contain_text("Alta: 1")

        # The facilitator adds a criterion.
        editor = fac.locator("details.criteria-editor")
        editor.locator("summary").click()
        editor.get_by_role("button", name="Agregar un criterio").click()
        editor.get_by_label("Criterio 7").fill("Sostenibilidad")
        editor.get_by_role("button", name="Guardar los criterios").click()
        expect(editor.locator(".form-message--done")).to_have_text("Criterios guardados.")
        expect(fac.locator('.assessment-matrix thead th[data-criterion="sostenibilidad"]')).to_have_text(
            "Sostenibilidad"
        )

        # The participant reads it when it is pushed: no editing offered.
        review_view(ana_page)
        tech = cell(ana_page, PART_1, "factibilidad_tecnica")
        expect(tech.locator(".level-chip")).to_have_text("Alta", timeout=PUSH_WAIT_MS)
        expect(tech.locator(".assessment-note")).to_have_text(NOTE_1)
        budget = cell(ana_page, PART_2, "factibilidad_presupuestal")
        expect(budget.locator(".level-chip")).to_have_text("Baja")
        expect(budget.locator(".assessment-note")).to_have_text(NOTE_2)
        expect(ana_page.locator('.assessment-matrix thead th[data-criterion="sostenibilidad"]')).to_be_visible(
            timeout=PUSH_WAIT_MS
        )
        expect(ana_page.locator(".assessment-cell-button, details.criteria-editor")).to_have_count(0)
        expect(ana_page.locator(".assessment .notice--readonly")).to_contain_text("La persona facilitadora registra")
        screenshot(fac, artifacts_dir / "assessment-facilitator-desktop.png")
        screenshot(ana_page, artifacts_dir / "assessment-participant-desktop.png")

        phone_ctx, phone = open_page(browser, server, w, ana["token"], PHONE, phone=True)
        contexts.append(phone_ctx)
        review_view(phone)
        expect(cell(phone, PART_2, "factibilidad_presupuestal").locator(".level-chip")).to_have_text("Baja")
        fits_the_phone(phone)
        screenshot(phone, artifacts_dir / "assessment-participant-phone.png")

        fac_phone_ctx, fac_phone = open_page(browser, server, w, w["facilitator_token"], PHONE, phone=True)
        contexts.append(fac_phone_ctx)
        review_view(fac_phone)
        fac_phone.get_by_role("button", name=f"Valorar «{PART_2}» en Impacto esperado, ahora: Sin valorar").click()
        expect(fac_phone.locator("dialog.cell-dialog")).to_be_visible()
        fits_the_phone(fac_phone)
        fac_phone.screenshot(path=str(artifacts_dir / "assessment-dialog-phone.png"))

        proj_ctx, proj = open_page(browser, server, w, w["facilitator_token"], query="?proyector=1")
        contexts.append(proj_ctx)
        review_view(proj)
        expect(cell(proj, PART_1, "factibilidad_tecnica").locator(".level-chip")).to_have_text("Alta")
        expect(proj.locator(".assessment-cell-button, details.criteria-editor")).to_have_count(0)
        screenshot(proj, artifacts_dir / "assessment-projector.png")
    finally:
        for ctx in contexts:
            ctx.close()
