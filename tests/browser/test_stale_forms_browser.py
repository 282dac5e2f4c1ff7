"""Two tabs of the facilitator edit the same form: the second save, made
from a page loaded before the first, is refused; the page keeps what was
typed, says so, and lets the person see the current version or save theirs
over it (docs/api.md «Stale writes»)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_voting import auth, open_page

pytestmark = pytest.mark.browser

WAIT_MS = 10_000


def agenda_titles(api: Any, w: dict[str, Any]) -> list[str]:
    r = api.http.get(f"/api/workshops/{w['id']}/moderation", headers=auth(w["facilitator_token"]))
    return [s["title"] for s in r.json()["agenda"]["steps"]]


def edit_first_title(page: Page, title: str) -> None:
    panel = page.locator(".agenda-panel")
    panel.get_by_role("button", name="Editar el orden del día").click()
    panel.get_by_label("Título").first.fill(title)


def test_a_stale_agenda_keeps_the_edit_and_lets_the_facilitator_choose(browser, make_server, make_api):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop()
    contexts = []
    try:
        ctx_a, tab_a = open_page(browser, server, w, w["facilitator_token"])
        ctx_b, tab_b = open_page(browser, server, w, w["facilitator_token"])
        contexts += [ctx_a, ctx_b]
        edit_first_title(tab_a, "Bienvenida con café")
        edit_first_title(tab_b, "Encuadre de la mesa")

        tab_a.locator(".agenda-panel").get_by_role("button", name="Guardar el orden del día").click()
        expect(tab_a.locator(".agenda-panel .agenda-steps")).to_contain_text("Bienvenida con café", timeout=WAIT_MS)

        panel_b = tab_b.locator(".agenda-panel")
        panel_b.get_by_role("button", name="Guardar el orden del día").click()
        expect(panel_b.locator(".edit-conflict")).to_contain_text("Alguien guardó otro orden del día", timeout=WAIT_MS)
        # Nothing of B's was stored, and B's edit is still in the form.
        assert agenda_titles(api, w)[0] == "Bienvenida con café"
        expect(panel_b.get_by_label("Título").first).to_have_value("Encuadre de la mesa")

        # B keeps theirs: saved over A's change, on the current revision.
        panel_b.get_by_role("button", name="Guardar lo mío sobre ese cambio").click()
        expect(panel_b.locator(".agenda-steps")).to_contain_text("Encuadre de la mesa", timeout=WAIT_MS)
        expect(panel_b.locator(".edit-conflict")).to_have_count(0)
        assert agenda_titles(api, w)[0] == "Encuadre de la mesa"

        # A edits again from a page that is now stale, and chooses the current version.
        panel_a = tab_a.locator(".agenda-panel")
        expect(panel_a.locator(".agenda-steps")).to_contain_text("Encuadre de la mesa", timeout=WAIT_MS)
        edit_first_title(tab_a, "Tercera versión")
        api.http.put(
            f"/api/workshops/{w['id']}/agenda",
            json={"steps": [{"title": "Solo un paso", "phase": "preparacion", "planned_minutes": 5}]},
            headers=auth(w["facilitator_token"]),
        )
        panel_a.get_by_role("button", name="Guardar el orden del día").click()
        expect(panel_a.locator(".edit-conflict")).to_be_visible(timeout=WAIT_MS)
        panel_a.get_by_role("button", name="Descartar lo mío y ver lo actual").click()
        expect(panel_a.locator(".agenda-steps")).to_contain_text("Solo un paso", timeout=WAIT_MS)
        assert agenda_titles(api, w) == ["Solo un paso"]
    finally:
        for ctx in contexts:
            ctx.close()


def test_a_stale_assessment_keeps_the_note_and_a_stale_criteria_list_too(browser, make_server, make_api):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop()
    api.set_phase(w, "alternativas")
    ana = api.join(w, "Ana", "sociedad_civil")
    fac_token = w["facilitator_token"]
    alt = api.http.post(
        f"/api/workshops/{w['id']}/alternatives", json={"title": "Red de enlaces"}, headers=auth(ana["token"])
    ).json()
    url = f"/api/workshops/{w['id']}"
    contexts = []
    try:
        ctx, page = open_page(browser, server, w, fac_token)
        contexts.append(ctx)
        page.get_by_role("button", name="Revisión de factibilidad y viabilidad").click()
        expect(page.locator(".assessment-matrix")).to_be_visible(timeout=WAIT_MS)

        # The dialog opens on an empty cell; another tab saves it meanwhile.
        page.get_by_role("button", name="Valorar «Red de enlaces» en Impacto esperado, ahora: Sin valorar").click()
        dialog = page.locator("dialog.cell-dialog")
        dialog.get_by_label("Nivel").select_option(label="Baja")
        dialog.get_by_label("Nota (por qué)").fill("Poco alcance fuera de la capital.")
        other = {"criterion": "impacto", "level": "alta", "note": "Llega a 40 municipios", "base_revision": 0}
        r = api.http.put(f"{url}/alternatives/{alt['id']}/assessment", json=other, headers=auth(fac_token))
        assert r.status_code == 200, r.text
        dialog.get_by_role("button", name="Guardar la valoración").click()
        conflict = dialog.locator(".edit-conflict")
        expect(conflict).to_contain_text("Alguien guardó otra valoración de esta celda", timeout=WAIT_MS)
        expect(conflict).to_contain_text("Llega a 40 municipios", timeout=WAIT_MS)
        expect(dialog.get_by_label("Nota (por qué)")).to_have_value("Poco alcance fuera de la capital.")
        cells = api.http.get(f"{url}/assessment", headers=auth(fac_token)).json()["alternatives"][0]["cells"]
        assert cells["impacto"]["note"] == "Llega a 40 municipios"
        dialog.get_by_role("button", name="Guardar lo mío sobre ese cambio").click()
        expect(dialog).to_have_count(0, timeout=WAIT_MS)
        cells = api.http.get(f"{url}/assessment", headers=auth(fac_token)).json()["alternatives"][0]["cells"]
        assert cells["impacto"]["note"] == "Poco alcance fuera de la capital." and cells["impacto"]["level"] == "baja"

        # The criteria: a draft typed while another tab saved other criteria.
        editor = page.locator("details.criteria-editor")
        editor.locator("summary").click()
        editor.get_by_role("button", name="Agregar un criterio").click()
        editor.get_by_label("Criterio 7").fill("Sostenibilidad")
        theirs = {"criteria": [{"label": "Urgencia"}, {"label": "Alcance"}], "base_revision": 0}
        assert api.http.put(f"{url}/assessment/criteria", json=theirs, headers=auth(fac_token)).status_code == 200
        editor.get_by_role("button", name="Guardar los criterios").click()
        expect(editor.locator(".edit-conflict")).to_contain_text("Alguien guardó otros criterios", timeout=WAIT_MS)
        expect(editor.get_by_label("Criterio 7")).to_have_value("Sostenibilidad")
        criteria = api.http.get(f"{url}/assessment/criteria", headers=auth(fac_token)).json()["criteria"]
        assert [c["label"] for c in criteria] == ["Urgencia", "Alcance"]
        editor.get_by_role("button", name="Descartar lo mío y ver lo actual").click()
        expect(editor.locator(".criteria-item input")).to_have_count(2, timeout=WAIT_MS)
        expect(editor.get_by_label("Criterio 1")).to_have_value("Urgencia")
    finally:
        for ctx in contexts:
            ctx.close()


def test_a_stale_reasoned_response_keeps_the_reason(browser, make_server, make_api):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop()
    api.set_phase(w, "alternativas")
    ana = api.join(w, "Ana", "sociedad_civil")
    fac_token = w["facilitator_token"]
    url = f"/api/workshops/{w['id']}/alternatives"
    alt = api.http.post(url, json={"title": "Red de enlaces"}, headers=auth(ana["token"])).json()
    contexts = []
    try:
        ctx, page = open_page(browser, server, w, fac_token)
        contexts.append(ctx)
        page.locator('.stage-tab[data-tab="alternatives"]').click()
        card = page.locator(f'[data-alternative-id="{alt["id"]}"]')
        card.locator("summary", has_text="Respuesta razonada").click()
        card.get_by_label("No adoptada").check()
        card.get_by_label("Razón (obligatoria)").fill("Ya existe un programa igual.")
        # Another tab records a response meanwhile.
        theirs = {"disposition": "adopted", "reason": "Consenso de la mesa.", "base_decided_at": None}
        assert api.http.put(f"{url}/{alt['id']}/disposition", json=theirs, headers=auth(fac_token)).status_code == 200
        card.get_by_role("button", name="Registrar la respuesta").click()
        page.get_by_role("alertdialog").get_by_role("button", name="Registrar la respuesta").click()
        conflict = card.locator(".edit-conflict")
        expect(conflict).to_contain_text("Alguien registró otra respuesta", timeout=WAIT_MS)
        expect(conflict).to_contain_text("Consenso de la mesa.", timeout=WAIT_MS)
        expect(card.get_by_label("Razón (obligatoria)")).to_have_value("Ya existe un programa igual.")
        expect(card.locator(".disposition")).to_have_text("Adoptada", timeout=WAIT_MS)

        card.get_by_role("button", name="Guardar lo mío sobre ese cambio").click()
        expect(card.locator(".disposition")).to_have_text("No adoptada", timeout=WAIT_MS)
        now = next(a for a in api.http.get(url, headers=auth(fac_token)).json()["alternatives"] if a["id"] == alt["id"])
        assert now["disposition"] == "not_adopted" and now["reason"] == "Ya existe un programa igual."
    finally:
        for ctx in contexts:
            ctx.close()
