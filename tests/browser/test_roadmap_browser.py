"""The hoja de ruta in headless Chromium: two participants fill it in at the
same time from two pages and each sees the other's text live; the live issue
about the activities' weights appears at 90 % and goes at 100 %; the
facilitator records the agreement and everyone sees it, then a later change
shows «Hay cambios posteriores al acuerdo»; outside the «Hoja de ruta» phase
the same sections are read-only; an observer reads it in English on a phone;
the facilitator downloads the DOCX (the agreed version, read back with
python-docx), creates a Plan de Acción and sees it in the plan's preview."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.test_graph_editor import PHONE
from tests.browser.test_plan_browser import docx_text
from tests.browser.test_voting import auth, clipped_fields, fits_the_phone, open_page, screenshot, tab
from tests.server.test_roadmap_api import roadmap_url, with_commitment

pytestmark = pytest.mark.browser

WAIT_MS = 10_000
# The agreement state is pushed (the live document): a margin for a loaded machine.
PUSH_WAIT_MS = 5_000

WEIGHT_ISSUE = "Los pesos de las actividades suman 90 %; deben sumar 100 %."


def section(page: Page, name: str) -> Locator:
    return page.locator(f".roadmap-section--{name}")


def card(page: Page, kind: str, n: int) -> Locator:
    return section(page, kind).locator(".roadmap-card").nth(n - 1)


def add_card(page: Page, kind: str, button: str, n: int) -> Locator:
    section(page, kind).get_by_role("button", name=button).click()
    item = card(page, kind, n)
    expect(item).to_be_visible()
    return item


def fill_activity(page: Page, n: int, values: dict[str, str]) -> None:
    item = card(page, "activities", n)
    for label, value in values.items():
        item.get_by_label(f"Actividad {n}: {label}", exact=True).fill(value)


def saved(page: Page) -> None:
    expect(page.locator(".roadmap .doc-status .save")).to_have_text("Guardado", timeout=WAIT_MS)


def test_two_participants_fill_the_roadmap_and_the_facilitator_agrees_it(browser, make_server, make_api, artifacts_dir):
    server = make_server()
    api = make_api(server)
    w, people, commitment_id = with_commitment(api)
    olga = api.join(w, "Olga", "academia", role="observer")
    assert api.set_phase(w, "hoja_de_ruta").status_code == 200
    ana_token, beto_token = people[0]["token"], people[1]["token"]
    contexts = []
    try:
        ana_ctx, ana = open_page(browser, server, w, ana_token)
        beto_ctx, beto = open_page(browser, server, w, beto_token)
        fac_ctx, fac = open_page(browser, server, w, w["facilitator_token"])
        contexts += [ana_ctx, beto_ctx, fac_ctx]

        # Agreeing too early: asked first (what cannot be undone is said),
        # then refused while errors remain, with the server's list.
        expect(fac.locator(".roadmap-summary-line")).to_contain_text("Pendientes:", timeout=WAIT_MS)
        fac.get_by_role("button", name="Registrar acuerdo de la hoja de ruta").click()
        asked = fac.get_by_role("alertdialog", name="¿Registrar el acuerdo de la hoja de ruta?")
        expect(asked).to_contain_text("No se puede deshacer:")
        asked.get_by_role("button", name="Registrar acuerdo de la hoja de ruta").click()
        refusal = fac.locator(".roadmap-agreement .form-message--error")
        expect(refusal).not_to_be_empty(timeout=WAIT_MS)

        # The phase opens the «Hoja de ruta» tab with the Guía's eight sections.
        for page in (ana, beto):
            expect(page.locator('.stage-tab[data-tab="roadmap"]')).to_have_attribute("aria-pressed", "true")
            expect(page.locator(".roadmap-section-title")).to_have_count(8, timeout=WAIT_MS)
        expect(ana.locator(".roadmap-section-title").first).to_have_text("1 Persona servidora pública responsable")
        expect(ana.locator(".roadmap-section-title").last).to_have_text("8 Fechas de inicio y conclusión")
        expect(ana.locator(".roadmap-commitment")).to_contain_text("Red de enlaces")
        expect(ana.locator(".roadmap-summary-line")).to_contain_text("Pendientes:", timeout=WAIT_MS)

        # Both write at once; each sees the other's text live.
        ana_name = section(ana, "responsible").get_by_label("Nombre", exact=True)
        beto_position = section(beto, "responsible").get_by_label("Cargo", exact=True)
        ana_name.click()
        ana_name.press_sequentially("Laura Méndez")
        beto_position.click()
        beto_position.press_sequentially("Directora de Transparencia")
        expect(section(beto, "responsible").get_by_label("Nombre", exact=True)).to_have_value(
            "Laura Méndez", timeout=WAIT_MS
        )
        expect(section(ana, "responsible").get_by_label("Cargo", exact=True)).to_have_value(
            "Directora de Transparencia", timeout=WAIT_MS
        )
        section(ana, "responsible").get_by_label("Institución", exact=True).fill("Ayuntamiento de Toluca")
        # A name is one line: Enter adds none.
        ana_name.press("Enter")
        expect(ana_name).to_have_value("Laura Méndez")

        # Each adds an activity; both cards show on both pages.
        add_card(ana, "activities", "Agregar actividad", 1)
        expect(card(beto, "activities", 1)).to_be_visible(timeout=WAIT_MS)
        add_card(beto, "activities", "Agregar actividad", 2)
        expect(card(ana, "activities", 2)).to_be_visible(timeout=WAIT_MS)
        fill_activity(
            ana,
            1,
            {
                "Descripción": "Diagnóstico de la información publicada",
                "Responsable": "Unidad de Transparencia",
                "Peso": "50",
                "Fecha de inicio": "2026-02-01",
                "Fecha de término": "2026-05-31",
                "Productos": "Diagnóstico\nInforme",
                "Medios de verificación": "Informe publicado en el portal",
            },
        )
        fill_activity(
            beto,
            2,
            {
                "Descripción": "Publicación del portal de datos abiertos",
                "Responsable": "Dirección de Innovación",
                "Peso": "40",
                "Fecha de inicio": "2026-06-01",
                "Fecha de término": "2026-11-30",
                "Productos": "Portal en línea",
                "Medios de verificación": "Liga al portal",
            },
        )
        expect(card(ana, "activities", 2).get_by_label("Actividad 2: Descripción", exact=True)).to_have_value(
            "Publicación del portal de datos abiertos", timeout=WAIT_MS
        )
        expect(card(beto, "activities", 1).get_by_label("Actividad 1: Peso", exact=True)).to_have_value(
            "50", timeout=WAIT_MS
        )

        # The weights add up to 90: the live issue shows beside the activities, on both pages.
        for page in (ana, beto):
            expect(section(page, "activities").locator(".roadmap-weights")).to_have_text(
                "Suma de pesos: 90 % de 100 %", timeout=WAIT_MS
            )
            expect(section(page, "activities").locator(".roadmap-issues--list")).to_contain_text(
                WEIGHT_ISSUE, timeout=WAIT_MS
            )
        # A word where a number goes is said locally and nothing is written.
        weight_2 = card(beto, "activities", 2).get_by_label("Actividad 2: Peso", exact=True)
        weight_2.fill("cuarenta")
        expect(card(beto, "activities", 2).locator(".roadmap-issue--local")).to_contain_text("Escribe un número")
        expect(weight_2).to_have_attribute("aria-invalid", "true")
        weight_2.fill("50")
        weight_2.blur()
        for page in (ana, beto):
            expect(section(page, "activities").locator(".roadmap-weights")).to_have_text(
                "Suma de pesos: 100 % de 100 %", timeout=WAIT_MS
            )
            expect(section(page, "activities").locator(".roadmap-issue", has_text="suman")).to_have_count(
                0, timeout=WAIT_MS
            )

        # An activity that ends before it starts: the issue sits at its end date, described by it.
        end_1 = card(ana, "activities", 1).get_by_label("Actividad 1: Fecha de término", exact=True)
        end_1.fill("2026-01-15")
        expect(card(ana, "activities", 1)).to_contain_text("termina", timeout=WAIT_MS)
        issues_id = end_1.get_attribute("aria-describedby")
        assert issues_id
        expect(ana.locator(f"#{issues_id}")).to_contain_text("antes de empezar")
        end_1.fill("2026-05-31")
        expect(end_1).not_to_have_attribute("aria-describedby", issues_id, timeout=WAIT_MS)

        # The rest, split between the two.
        org = add_card(beto, "organizations", "Agregar organización", 1)
        org.get_by_label("Organización 1: Nombre", exact=True).fill("Colectivo Ciudadano Toluca")
        org.get_by_label("Organización 1: Persona de contacto", exact=True).fill("Rosa Díaz")
        section(ana, "result").get_by_label("Resultado final", exact=True).fill(
            "Un portal de datos abiertos en operación"
        )
        section(ana, "products").get_by_label("Productos esperados", exact=True).fill("Portal\nManual de uso")
        section(beto, "verification").get_by_label("Medios de verificación", exact=True).fill("Liga al portal")
        section(beto, "dates").get_by_label("Fecha de inicio del compromiso", exact=True).fill("2026-01-15")
        section(beto, "dates").get_by_label("Fecha de conclusión del compromiso", exact=True).fill("2026-12-15")
        indicator = add_card(ana, "indicators", "Agregar indicador", 1)
        for label, value in (
            ("Nombre del indicador", "Conjuntos de datos publicados"),
            ("Definición", "Conjuntos de datos publicados en el portal"),
            ("Método de cálculo", "Conteo de conjuntos publicados"),
            ("Unidad de medida", "Conjuntos de datos"),
            ("Frecuencia de medición", "Trimestral"),
            ("Línea base (valor)", "0"),
            ("Línea base (año)", "2025"),
            ("Meta", "20"),
            ("Medios de verificación", "Reporte trimestral"),
        ):
            indicator.get_by_label(f"Indicador 1: {label}", exact=True).fill(value)
        indicator.get_by_label("Indicador 1: Sentido del indicador", exact=True).select_option("ascendente")
        for page in (ana, beto):
            expect(page.locator(".roadmap-summary-line")).to_have_text(
                "Sin pendientes: la hoja de ruta está completa y puede acordarse.", timeout=WAIT_MS
            )
            saved(page)

        # The refusal's list of errors, all fixed since, is gone.
        expect(fac.locator(".roadmap-summary-line")).to_have_text(
            "Sin pendientes: la hoja de ruta está completa y puede acordarse.", timeout=WAIT_MS
        )
        expect(refusal).to_be_empty()

        # The facilitator records the agreement; participants see it.
        expect(fac.locator(".roadmap-summary-line")).to_have_text(
            "Sin pendientes: la hoja de ruta está completa y puede acordarse.", timeout=WAIT_MS
        )
        assert ana.get_by_role("button", name="Registrar acuerdo de la hoja de ruta").count() == 0
        fac.get_by_role("button", name="Registrar acuerdo de la hoja de ruta").click()
        fac.get_by_role("alertdialog").get_by_role("button", name="Registrar acuerdo de la hoja de ruta").click()
        expect(fac.locator(".roadmap-agreement-done")).to_contain_text("Acuerdo registrado el", timeout=WAIT_MS)
        expect(fac.locator(".roadmap-agreed")).to_contain_text("Hoja de ruta acordada el", timeout=WAIT_MS)
        expect(fac.get_by_role("button", name="Registrar acuerdo de la hoja de ruta")).to_have_count(0)
        expect(ana.locator(".roadmap-agreed")).to_contain_text("Hoja de ruta acordada el", timeout=PUSH_WAIT_MS)
        # Agreed: no longer «puede acordarse», on every page.
        for page in (ana, fac):
            expect(page.locator(".roadmap-summary-line")).to_have_text(
                "Sin pendientes: la hoja de ruta está completa y acordada.", timeout=PUSH_WAIT_MS
            )
        view = api.http.get(roadmap_url(w, commitment_id), headers=auth(ana_token)).json()
        assert view["agreed"]["responsible"]["name"] == "Laura Méndez"
        assert [a["weight"] for a in view["agreed"]["activities"]] == [50, 50]
        assert view["agreed_matches_draft"] is True
        screenshot(fac, artifacts_dir / "roadmap-agreed-desktop.png")

        # A later change: everyone is told, and the facilitator may agree again.
        section(beto, "result").get_by_label("Resultado final", exact=True).press("End")
        section(beto, "result").get_by_label("Resultado final", exact=True).press_sequentially(" y en uso")
        for page in (beto, fac):
            expect(page.locator(".roadmap-agreed")).to_contain_text(
                "Hay cambios posteriores al acuerdo", timeout=WAIT_MS
            )
        expect(fac.get_by_role("button", name="Registrar acuerdo de la hoja de ruta")).to_be_visible()

        # An observer reads it in English on a phone, without any field to type in.
        phone_ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        contexts.append(phone_ctx)
        phone_ctx.add_cookies([{"name": f"cocrea_s_{w['id']}", "value": olga["token"], "url": server.url}])
        phone = phone_ctx.new_page()
        phone.goto(f"{server.url}/w/{w['id']}?lang=en")
        expect(phone.locator(".roadmap-section-title").first).to_have_text(
            "1 Responsible public servant", timeout=WAIT_MS
        )
        expect(section(phone, "activities").locator(".roadmap-weights")).to_have_text("Sum of weights: 100 % of 100 %")
        expect(phone.locator(".roadmap")).to_contain_text("Laura Méndez")
        expect(phone.locator(".roadmap-summary-line")).to_have_text(
            "Nothing pending: the roadmap is complete and can be agreed.", timeout=WAIT_MS
        )
        expect(phone.locator(".roadmap textarea, .roadmap input")).to_have_count(0)
        expect(phone.locator(".roadmap .notice--readonly")).to_contain_text("observer")
        fits_the_phone(phone)
        screenshot(phone, artifacts_dir / "roadmap-observer-phone-en.png")

        # Outside «Hoja de ruta» the same sections are read-only.
        assert api.set_phase(w, "cierre").status_code == 200
        tab(ana, "roadmap")
        expect(ana.locator(".roadmap .notice--readonly")).to_contain_text(
            "La hoja de ruta se escribe en la fase «Hoja de ruta»", timeout=WAIT_MS
        )
        expect(ana.locator(".roadmap textarea, .roadmap input")).to_have_count(0)
        expect(section(ana, "activities")).to_contain_text("Diagnóstico de la información publicada")
        expect(ana.get_by_role("button", name="Agregar actividad")).to_have_count(0)

        # Exported: the documents carry the agreed hoja de ruta, not the change made after it.
        tab(fac, "commitments")
        downloads = fac.locator(".plan-room-downloads")
        with fac.expect_download() as info:
            downloads.locator('a[data-format="docx"]:not([data-layout="ogp"])').first.click()
        text = docx_text(Path(info.value.path()).read_bytes())
        for value in (
            "Laura Méndez",
            "Directora de Transparencia",
            "Colectivo Ciudadano Toluca",
            "Diagnóstico de la información publicada",
            "Conjuntos de datos publicados",
            "Un portal de datos abiertos en operación",
        ):
            assert value in text, value
        assert "y en uso" not in text
        # A plan with this commitment, and its preview on the plan page.
        actions = fac.locator(".plan-actions")
        actions.get_by_role("button", name="Crear Plan de Acción con este compromiso").click()
        actions.get_by_role("button", name="Crear el plan").click()
        actions.get_by_role("link", name="Abrir el Plan de Acción").click()
        preview = fac.frame_locator("iframe.plan-preview-frame")
        expect(preview.get_by_text("Laura Méndez").first).to_be_visible(timeout=WAIT_MS)
        expect(preview.get_by_text("Diagnóstico de la información publicada").first).to_be_visible()
        preview.get_by_role("heading", name="Hoja de ruta").first.scroll_into_view_if_needed()
        fac.locator(".plan-preview").screenshot(path=str(artifacts_dir / "roadmap-plan-preview-desktop.png"))
    finally:
        for ctx in contexts:
            ctx.close()


def test_the_form_fits_a_phone_while_participants_edit(browser, make_server, make_api, artifacts_dir):
    server = make_server()
    api = make_api(server)
    w, people, _ = with_commitment(api)
    assert api.set_phase(w, "hoja_de_ruta").status_code == 200
    ctx, phone = open_page(browser, server, w, people[0]["token"], PHONE, phone=True)
    try:
        expect(phone.locator(".roadmap-section-title")).to_have_count(8, timeout=WAIT_MS)
        activity = add_card(phone, "activities", "Agregar actividad", 1)
        expect(activity.get_by_label("Actividad 1: Descripción", exact=True)).to_be_focused()
        activity.get_by_label("Actividad 1: Descripción", exact=True).fill(
            "Taller con vecinas y vecinos de las cinco delegaciones para revisar el diagnóstico y acordar prioridades"
        )
        activity.get_by_label("Actividad 1: Peso", exact=True).fill("60")
        add_card(phone, "indicators", "Agregar indicador", 1)
        expect(section(phone, "activities").locator(".roadmap-issues--list")).to_contain_text(
            "suman 60 %", timeout=WAIT_MS
        )
        # The summary lists every issue as a link to its field.
        phone.locator(".roadmap-summary summary").click()
        phone.locator(".roadmap-summary-list a", has_text="El indicador 1 no tiene meta").click()
        expect(card(phone, "indicators", 1).get_by_label("Indicador 1: Meta", exact=True)).to_be_focused()
        fits_the_phone(phone)
        assert clipped_fields(phone) == []
        screenshot(phone, artifacts_dir / "roadmap-editing-phone.png")
        # Removing a card is asked once more.
        card(phone, "activities", 1).get_by_role("button", name="Quitar Actividad 1").click()
        card(phone, "activities", 1).get_by_role("button", name="Sí, quitar").click()
        expect(section(phone, "activities").locator(".roadmap-card")).to_have_count(0)
        expect(section(phone, "activities")).to_contain_text("Todavía no hay actividades.")
        # In English the check's findings read in English, made from the server's facts.
        phone.goto(f"{server.url}/w/{w['id']}?lang=en")
        expect(phone.locator(".roadmap-summary-line")).to_contain_text("Pending:", timeout=WAIT_MS)
        phone.locator(".roadmap-summary summary").click()
        summary = phone.locator(".roadmap-summary-list")
        expect(summary).to_contain_text("At least one activity is missing.")
        expect(summary).to_contain_text("Missing «Responsible public servant: Name».")
        expect(summary).to_contain_text("Indicator 1 has no goal.")
        expect(summary).not_to_contain_text("Falta")
        screenshot(phone, artifacts_dir / "roadmap-issues-phone-en.png")
    finally:
        ctx.close()
