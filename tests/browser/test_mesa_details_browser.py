"""The mesa's details in the browser: the home page's form takes the place;
the facilitator corrects title and place from «Datos de la mesa» and a
participant's page shows the new title without a reload; a refusal is said
at its field and keeps what the person typed; a tab that saved from a stale
value is told the current one (409 edit_conflict)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_room_browser import DESKTOP, PHONE, join_through_the_page
from tests.server.test_voting_api import auth

pytestmark = pytest.mark.browser


def test_facilitator_corrects_the_details_and_participants_see_them_pushed(
    browser, make_server, make_api, artifacts_dir
):
    server = make_server()
    api = make_api(server)
    fac_ctx = browser.new_context(viewport=DESKTOP)
    ana_ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        # Created from the home page, with its place.
        fac = fac_ctx.new_page()
        fac.goto(f"{server.url}/")
        fac.get_by_label("Título de la mesa").fill("Mesa de movilidd")
        fac.get_by_label("Problema público").fill("Las personas tardan horas en llegar a su trabajo")
        fac.get_by_label("Ente público o municipio").fill("Toluca")
        fac.get_by_label("Lugar (sede)").fill("Casa de Cultura")
        fac.get_by_role("button", name="Crear mesa").click()
        code = fac.locator(".join-code").inner_text().strip()
        fac.get_by_role("link", name="Entrar a la mesa como facilitador(a)").click()
        fac.wait_for_url("**/w/*")
        workshop_id = fac.url.split("/w/")[1].split("?")[0].split("/")[0]
        expect(fac.get_by_text("Conectado", exact=True)).to_be_visible()
        token = fac_ctx.cookies() and next(c["value"] for c in fac_ctx.cookies() if c["name"].startswith("cocrea_s_"))
        stored = api.http.get(f"/api/workshops/{workshop_id}", headers=auth(token)).json()
        assert (stored["title"], stored["place"]) == ("Mesa de movilidd", "Casa de Cultura")

        ana = ana_ctx.new_page()
        join_through_the_page(ana, f"{server.url}/j/{code}", "Ana", "Sociedad civil")
        expect(ana.get_by_role("heading", level=1)).to_have_text("Mesa de movilidd")

        # A second tab of the facilitator opens the form before the first saves.
        other = fac_ctx.new_page()
        other.set_viewport_size(DESKTOP)
        other.goto(f"{server.url}/w/{workshop_id}")
        expect(other.get_by_text("Conectado", exact=True)).to_be_visible()
        other.get_by_role("button", name="Datos de la mesa").click()
        other_dialog = other.get_by_role("dialog", name="Datos de la mesa")
        other_dialog.get_by_label("Título").fill("Mesa sobre movilidad")
        other_dialog.get_by_label("Lugar (sede)").fill("Biblioteca municipal")

        # The first tab corrects the title and the place.
        fac.get_by_role("button", name="Datos de la mesa").click()
        dialog = fac.get_by_role("dialog", name="Datos de la mesa")
        expect(dialog.get_by_label("Título")).to_have_value("Mesa de movilidd")
        dialog.get_by_label("Título").fill("Mesa de movilidad")
        dialog.get_by_label("Lugar (sede)").fill("Sala de cabildo")
        dialog.get_by_role("button", name="Guardar los datos").click()
        expect(dialog).to_be_hidden()

        # Pushed: the participant's header changes without a reload.
        expect(ana.get_by_role("heading", level=1)).to_have_text("Mesa de movilidad")
        expect(ana).to_have_title(re.compile("Mesa de movilidad"))
        expect(fac.get_by_role("heading", level=1)).to_have_text("Mesa de movilidad")
        expect(fac.locator(".room-meta").first).to_contain_text("Sala de cabildo")
        ana.screenshot(path=artifacts_dir / "mesa-details-participant-pushed.png", full_page=True)

        # The stale tab is told, at each field the other changed, what it is
        # now; its text stays. Nothing of its save was stored.
        other_dialog.get_by_role("button", name="Guardar los datos").click()
        title_field = other_dialog.get_by_label("Título")
        place_field = other_dialog.get_by_label("Lugar (sede)")
        expect(title_field).to_have_attribute("aria-invalid", "true")
        expect(place_field).to_have_attribute("aria-invalid", "true")
        title_alert, place_alert = other_dialog.locator("#mesa-title-error"), other_dialog.locator("#mesa-place-error")
        expect(title_alert).to_have_attribute("role", "alert")
        expect(title_alert).to_contain_text("Alguien más cambió «título»")
        expect(title_alert).to_contain_text("Valor actual: «Mesa de movilidad».")
        expect(place_alert).to_contain_text("Valor actual: «Sala de cabildo».")
        expect(title_field).to_have_value("Mesa sobre movilidad")
        expect(place_field).to_have_value("Biblioteca municipal")
        stored = api.http.get(f"/api/workshops/{workshop_id}", headers=auth(token)).json()
        assert (stored["title"], stored["place"]) == ("Mesa de movilidad", "Sala de cabildo")
        other.screenshot(path=artifacts_dir / "mesa-details-conflict.png")
        # The place: take what is stored. The title: keep the typed one.
        place_alert.get_by_role("button", name="Usar lo guardado").click()
        expect(place_field).to_have_value("Sala de cabildo")
        expect(place_alert).to_have_count(0)
        other_dialog.get_by_role("button", name="Guardar los datos").click()
        expect(other_dialog).to_be_hidden()
        expect(ana.get_by_role("heading", level=1)).to_have_text("Mesa sobre movilidad")
        stored = api.http.get(f"/api/workshops/{workshop_id}", headers=auth(token)).json()
        assert (stored["title"], stored["place"]) == ("Mesa sobre movilidad", "Sala de cabildo")

        # A refusal (an empty title) is said at the field and keeps the rest typed.
        fac.get_by_role("button", name="Datos de la mesa").click()
        dialog.get_by_label("Título").fill("")
        dialog.get_by_label("Lugar (sede)").fill("Auditorio municipal")
        dialog.get_by_role("button", name="Guardar los datos").click()
        expect(dialog.get_by_role("alert")).to_have_text("El campo «título» es obligatorio.")
        expect(dialog.get_by_label("Título")).to_have_attribute("aria-invalid", "true")
        expect(dialog.get_by_label("Lugar (sede)")).to_have_value("Auditorio municipal")
        fac.screenshot(path=artifacts_dir / "mesa-details-refusal.png")
        after = api.http.get(f"/api/workshops/{workshop_id}", headers=auth(token)).json()
        assert (after["title"], after["place"]) == ("Mesa sobre movilidad", "Sala de cabildo")  # nothing changed
    finally:
        ana_ctx.close()
        fac_ctx.close()
