"""A plan's follow-up in headless Chromium (docs/follow-up.md): the editor
publishes the plan from its page (after the confirmation) and makes a
responsable's link and the organismo garante's; the responsable, in a fresh
browser through the link, is refused an executable called .pdf (the
server's message next to the form, the note kept), then reports the
activity with a real PDF and measures an indicator; the verifier, in
another fresh browser, verifies it and records the six-month monitoring;
the editor's page shows the verified progress. Screenshots at 360 and
1280 px; axe-core on each view."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, FilePayload, Page, expect

from tests.browser.test_accessibility import assert_accessible
from tests.browser.test_plan_browser import DESKTOP, PHONE
from tests.browser.test_voting import fits_the_phone, screenshot
from tests.server.test_follow_up_api import EXE, import_plan
from tests.support.refusals import sqlite_file

pytestmark = pytest.mark.browser

NOTE = "Se instaló la mesa con 40 personas de 12 colonias"


def tiny_pdf() -> bytes:
    """A small, well-formed one-page PDF (header, objects, xref, trailer)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length 22 >>\nstream\n0 0 m 100 100 l S\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def at_both_sizes(page: Page, name: str, artifacts_dir: Any) -> None:
    """Screenshots at 1280 and 360 px; at 360 nothing is wider than the screen."""
    page.set_viewport_size(DESKTOP)
    screenshot(page, artifacts_dir / f"{name}-desktop.png")
    page.set_viewport_size(PHONE)
    fits_the_phone(page)
    screenshot(page, artifacts_dir / f"{name}-phone.png")
    page.set_viewport_size(DESKTOP)


def make_link(page: Page, scope: Any, summary: str, name: str, organization: str, button: str) -> str:
    scope.locator("summary", has_text=summary).click()
    form = scope.locator("form.tracking-link-form")
    form.get_by_label("Nombre").fill(name)
    form.get_by_label("Organización o institución").fill(organization)
    form.get_by_role("button", name=button).click()
    field = form.get_by_label(f"Enlace privado de {name}")
    expect(field).to_be_visible()
    return field.input_value()


def fresh_context(browser: Browser) -> BrowserContext:
    # The pages send a strict CSP; axe-core is injected as a script the page did not ask for.
    return browser.new_context(viewport=DESKTOP, locale="es-MX", bypass_csp=True)


def test_publish_report_with_a_pdf_verify_and_see_the_progress(
    browser: Browser, make_server: Any, make_api: Any, artifacts_dir: Any
) -> None:
    server = make_server()
    api = make_api(server)
    plan = import_plan(api, sqlite_file(server.env["COCREA_DATABASE_URL"]))
    contexts: list[BrowserContext] = []
    try:
        # The editor publishes the plan: a confirmation first, then its public link.
        editor = fresh_context(browser)
        contexts.append(editor)
        editor.add_cookies([{"name": f"cocrea_p_{plan.id}", "value": plan.tokens["editor"], "url": server.url}])
        page = editor.new_page()
        page.goto(f"{server.url}/planes/{plan.id}")
        section = page.locator("section.plan-follow-up")
        expect(section.get_by_role("heading", name="Seguimiento")).to_be_visible()
        section.get_by_role("button", name="Publicar el plan").click()
        dialog = page.get_by_role("alertdialog")
        expect(dialog).to_contain_text("Un plan publicado sigue público")
        dialog.get_by_role("button", name="Publicar el plan").click()
        public = section.get_by_label("Página pública del plan")
        expect(public).to_have_value(f"{server.url}/publico/planes/{plan.id}")
        expect(section.get_by_role("button", name="Publicar el plan")).to_have_count(0)

        # A responsable's link for the first commitment, and the verifier's.
        commitment = section.locator('.tracking-commitment[data-commitment-id="k-infoem"]')
        reporter_url = make_link(
            page, commitment, "Enlaces de quienes reportan", "Laura Méndez", "Infoem", "Crear enlace de reporte"
        )
        assert reporter_url.startswith(f"{server.url}/planes/{plan.id}/seguimiento?clave=")
        verifier_url = make_link(
            page,
            section.locator(".tracking-verifier"),
            "Enlace del organismo garante",
            "Rosa Camacho",
            "Organismo garante",
            "Crear enlace del organismo garante",
        )
        assert verifier_url.startswith(f"{server.url}/planes/{plan.id}/seguimiento?clave=")
        expect(commitment.locator(".tracking-links")).to_contain_text("Laura Méndez (Infoem)")
        section.scroll_into_view_if_needed()
        assert_accessible(page, "the plan page's follow-up section")
        at_both_sizes(page, "follow-up-editor-links", artifacts_dir)

        # The responsable, in a fresh browser: the key leaves the address bar.
        reporter = fresh_context(browser)
        contexts.append(reporter)
        page = reporter.new_page()
        page.goto(reporter_url)
        expect(page).to_have_url(f"{server.url}/planes/{plan.id}/seguimiento")
        expect(page.locator(".plan-meta")).to_contain_text("Persona servidora pública responsable")
        expect(page.locator("section.tracking-commitment")).to_have_count(1)
        expect(page.locator(".tracking-awaiting")).to_have_count(0)
        first = page.locator(".tracking-activity").first
        activity_id = first.get_attribute("data-activity-id")
        first.locator("summary", has_text="Reportar avance").click()
        first.get_by_label("Estado").select_option("por_verificar")
        first.get_by_label("Nota").fill(NOTE)
        first.get_by_label("Enlaces de evidencia (opcional)").fill("https://infoem.example.mx/minuta")

        # An executable renamed .pdf: the server's refusal, and nothing typed is lost.
        first.get_by_label("Archivos de evidencia (opcional)").set_input_files(
            FilePayload(name="minuta.pdf", mimeType="application/pdf", buffer=EXE)
        )
        first.get_by_role("button", name="Enviar el reporte").click()
        expect(first.locator(".tracking-form-error")).to_contain_text("El contenido de «minuta.pdf» no es PDF")
        expect(first.get_by_label("Nota")).to_have_value(NOTE)
        expect(first.get_by_label("Archivos de evidencia (opcional)")).to_have_attribute("aria-invalid", "true")
        expect(first.get_by_label("Enlaces de evidencia (opcional)")).to_have_value("https://infoem.example.mx/minuta")
        expect(first.locator(".tracking-update")).to_have_count(0)
        assert_accessible(page, "the follow-up page with a refused report")
        at_both_sizes(page, "follow-up-reporter-refused", artifacts_dir)

        first.get_by_label("Archivos de evidencia (opcional)").set_input_files(
            FilePayload(name="minuta.pdf", mimeType="application/pdf", buffer=tiny_pdf())
        )
        first.get_by_role("button", name="Enviar el reporte").click()
        expect(first.locator(".tracking-update")).to_have_count(1)
        expect(first.locator(".tracking-status")).to_have_text("Por verificar")
        expect(first.locator(".tracking-update")).to_contain_text(NOTE)
        expect(first.locator(".tracking-evidence")).to_contain_text("https://infoem.example.mx/minuta")
        expect(first.locator(".tracking-evidence a")).to_have_text("minuta.pdf")
        expect(first.locator(".tracking-sha")).to_contain_text(re.compile(r"SHA-256 [0-9a-f]{64}"))
        expect(first.locator(".tracking-evidence a[href^='javascript']")).to_have_count(0)
        # An indicator's measurement: a period in the past, a number.
        indicator = page.locator(".tracking-indicator").first
        indicator.locator("summary", has_text="Registrar una medición").click()
        period = str(dt.date.today().year - 1)
        indicator.get_by_label("Periodo").fill(period)
        indicator.get_by_label("Valor").fill("37.5")
        indicator.get_by_label("Nota", exact=True).fill("Respondieron 47 de 125 municipios")
        indicator.get_by_role("button", name="Registrar la medición").click()
        expect(indicator.locator(".tracking-table tbody tr")).to_have_count(1)
        expect(indicator.locator(".tracking-table tbody tr")).to_contain_text(f"{period}37.5Respondieron")
        assert_accessible(page, "the follow-up page of a responsable")
        at_both_sizes(page, "follow-up-reporter", artifacts_dir)

        # A second activity reported by the same link (over HTTP), to be returned.
        second_id = page.locator(".tracking-activity").nth(1).get_attribute("data-activity-id")
        r = httpx.post(
            f"{server.url}/api/plans/{plan.id}/commitments/k-infoem/activities/{second_id}/updates",
            json={"status": "por_verificar", "note": "Formulario listo", "links": []},
            headers={"Authorization": f"Bearer {reporter_url.split('clave=', 1)[1]}"},
            timeout=10,
        )
        assert r.status_code == 201, r.text

        # The organismo garante, in another fresh browser, verifies the first.
        verifier = fresh_context(browser)
        contexts.append(verifier)
        page = verifier.new_page()
        page.goto(verifier_url)
        expect(page).to_have_url(f"{server.url}/planes/{plan.id}/seguimiento")
        expect(page.locator(".plan-meta")).to_contain_text("Organismo garante")
        waiting = page.locator(f'.tracking-verification[data-activity-id="{activity_id}"]')
        expect(waiting).to_contain_text(NOTE)
        expect(waiting.locator(".tracking-evidence a")).to_have_text("minuta.pdf")
        assert_accessible(page, "the follow-up page of the verifier")
        at_both_sizes(page, "follow-up-verifier", artifacts_dir)
        waiting.get_by_role("button", name="Marcar verificada").click()
        expect(waiting).to_have_count(0)
        done = page.locator(f'.tracking-activity[data-activity-id="{activity_id}"]')
        expect(done.locator(".tracking-status")).to_have_text("Verificada")
        expect(done.locator("summary", has_text="Reportar avance")).to_have_count(0)

        # Returning the second needs a reason: the server says so, then it is returned with one.
        returned = page.locator(f'.tracking-verification[data-activity-id="{second_id}"]')
        returned.get_by_role("button", name="Devolver").click()
        expect(returned.get_by_role("alert")).to_contain_text("El campo «razón» es obligatorio.")
        expect(returned.get_by_label("Motivo (necesario para devolver)")).to_be_focused()
        returned.get_by_label("Motivo (necesario para devolver)").fill("Falta el acta firmada")
        returned.get_by_role("button", name="Devolver").click()
        back = page.locator(f'.tracking-activity[data-activity-id="{second_id}"]')
        expect(back.locator(".tracking-status")).to_have_text("Devuelta")
        expect(back.locator(".tracking-update").first).to_contain_text("Falta el acta firmada")
        expect(page.locator(".tracking-awaiting")).to_contain_text("Nada espera verificación.")

        # The six-month monitoring, after its confirmation.
        reviews = page.locator("section.tracking-reviews")
        reviews.get_by_label("Nivel de cumplimiento").first.select_option("limitado")
        reviews.get_by_label("¿Abrió el gobierno?").first.select_option("marginal")
        reviews.get_by_label("Notas").first.fill("Avanza con la primera actividad verificada")
        reviews.get_by_role("button", name="Registrar la revisión").click()
        page.get_by_role("alertdialog").get_by_role("button", name="Registrar la revisión").click()
        expect(reviews.locator(".tracking-review")).to_contain_text("Seguimiento semestral")
        expect(reviews.locator(".tracking-review")).to_contain_text("Limitado · Marginal")
        expect(reviews.locator(".tracking-review")).to_contain_text("Notas: Avanza con la primera actividad verificada")
        expect(reviews.get_by_label("Revisión")).to_have_value("evaluacion_final")
        at_both_sizes(page, "follow-up-verifier-reviewed", artifacts_dir)

        # The editor's page shows the verified progress.
        page = editor.pages[0]
        page.reload()
        commitment = page.locator('section.plan-follow-up .tracking-commitment[data-commitment-id="k-infoem"]')
        progress = commitment.locator(".tracking-progress")
        expect(progress).not_to_have_attribute("data-verified", "0")
        expect(progress).to_contain_text(re.compile(r"[1-9]\d* % verificado"))
        at_both_sizes(page, "follow-up-editor-progress", artifacts_dir)

        # English too.
        page.goto(f"{server.url}/planes/{plan.id}?lang=en")
        section = page.locator("section.plan-follow-up")
        expect(section.get_by_role("heading", name="Follow-up")).to_be_visible()
        expect(section.locator(".tracking-progress").first).to_contain_text("verified")
        page = verifier.pages[0]
        page.goto(f"{server.url}/planes/{plan.id}/seguimiento?lang=en")
        expect(page.locator(".plan-meta")).to_contain_text("You are: Guarantor body")
        expect(page.locator(f'.tracking-activity[data-activity-id="{activity_id}"] .tracking-status')).to_have_text(
            "Verified"
        )

        # Anyone, with no cookies, at both sizes: the public page shows the
        # verified activity with its PDF's digest and the commitment's progress.
        for width in (PHONE["width"], DESKTOP["width"]):
            stranger = browser.new_context(viewport={"width": width, "height": 900}, locale="es-MX")
            contexts.append(stranger)
            assert stranger.cookies() == []
            page = stranger.new_page()
            response = page.goto(f"{server.url}/publico/planes/{plan.id}")
            assert response is not None and response.status == 200
            public_activity = page.locator(f"#actividad-{activity_id}")
            expect(public_activity.locator(".badge").first).to_have_text("Verificada")
            expect(public_activity).to_contain_text(hashlib.sha256(tiny_pdf()).hexdigest())
            expect(public_activity.get_by_text("minuta.pdf").first).to_be_visible()
            expect(page.locator("#avance-plan .figure")).to_have_text(re.compile(r"^[1-9]"))
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            page.screenshot(path=str(artifacts_dir / f"follow-up-public-{width}.png"), full_page=True)
    finally:
        for context in contexts:
            context.close()
