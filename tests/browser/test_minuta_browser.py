"""The minuta in headless Chromium (docs/minutes.md): three attendees confirm
attendance with one tap, two propose amendments to passages of the
relatoría, the facilitator accepts one and rejects the other with reasons,
opens the approval, the attendees answer the consent round in «Votación»
(one «Puedo vivir con ello» with a comment), the facilitator closes it and
seals, and the minuta downloads from the room with its digest; then the
public verification page opens in a fresh browser context with no cookies,
and the canonical text it links to hashes to the digest."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_graph_editor import DESKTOP, PHONE
from tests.browser.test_voting import PUSH_WAIT_MS, WAIT_MS, auth, fits_the_phone, open_page, screenshot, tab

pytestmark = pytest.mark.browser

TITLE = "Mesa de transparencia presupuestaria"


def test_three_attendees_amend_approve_and_seal_then_anyone_verifies(browser, make_server, make_api, artifacts_dir):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(title=TITLE)
    ana = api.join(w, "Ana", "sociedad_civil", organization="Colectivo Abierto")
    beto = api.join(w, "Beto", "servicio_publico")
    carla = api.join(w, "Carla", "academia")
    assert api.set_phase(w, "cierre").status_code == 200  # the closing phase opens «Decisiones»
    minutes = f"/api/workshops/{w['id']}/minutes"

    fac_ctx, fac = open_page(browser, server, w, w["facilitator_token"])
    ana_ctx, ana_page = open_page(browser, server, w, ana["token"])
    beto_ctx, beto_page = open_page(browser, server, w, beto["token"])
    try:
        # One tap each (Ana agrees to be named); Carla confirms from her phone's API client.
        for page, named in ((ana_page, True), (beto_page, False)):
            panel = page.locator(".minuta")
            expect(panel.locator(".minuta-status")).to_have_text("Borrador", timeout=WAIT_MS)
            expect(panel.locator(".minuta-version")).to_have_text("Versión 1")
            if named:
                panel.get_by_label("Aparecer con mi nombre en la minuta").check()
            panel.get_by_role("button", name="Confirmar asistencia").click()
            expect(panel.locator(".minuta-confirmed")).to_contain_text("Asistencia confirmada")
        r = api.http.post(f"/api/workshops/{w['id']}/attendance/me", json={}, headers=auth(carla["token"]))
        assert r.status_code == 201, r.text
        # Attendance by sector reaches the facilitator's page without a reload (pushed).
        attendance = fac.locator(".minuta-attendance")
        expect(attendance).to_contain_text("Sociedad civil (1): Colectivo Abierto · Ana", timeout=PUSH_WAIT_MS)
        expect(attendance).to_contain_text("Academia (1)")
        expect(attendance).not_to_contain_text("Beto")

        # Amendments to passages of the relatoría.
        for page, text, reason in (
            (ana_page, "La mesa pasó al cierre a las 13:00 h.", "Falta la hora"),
            (beto_page, "La mesa no llegó al cierre.", "No estoy de acuerdo"),
        ):
            page.locator(".minutes-list .minuta-amend").first.click()
            form = page.locator(".minuta-amendment-form")
            form.get_by_label("Texto propuesto").fill(text)
            form.get_by_label("Razón").fill(reason)
            form.get_by_role("button", name="Proponer enmienda").click()
            expect(page.locator(".minuta-amendment")).to_have_count(1 if page is ana_page else 2, timeout=PUSH_WAIT_MS)
        items = fac.locator(".minuta-amendment")
        expect(items).to_have_count(2, timeout=PUSH_WAIT_MS)
        expect(fac.get_by_role("button", name="Abrir aprobación")).to_be_disabled()
        first, second = items.nth(0), items.nth(1)
        first.get_by_label("Razón de la respuesta").fill("Se añade la hora del cierre")
        first.get_by_role("button", name="Aceptar").click()
        expect(first.locator(".minuta-decision")).to_have_text("Aceptada")
        second.get_by_label("Razón de la respuesta").fill("El registro muestra que la mesa llegó al cierre")
        second.get_by_role("button", name="Rechazar").click()
        expect(second.locator(".minuta-decision")).to_have_text("Rechazada")
        expect(beto_page.locator(".minuta-amendment--rejected .minuta-amendment__response")).to_contain_text(
            "El registro muestra", timeout=PUSH_WAIT_MS
        )

        # The approval: a consent round answered in «Votación».
        fac.get_by_role("button", name="Abrir aprobación").click()
        expect(fac.locator(".minuta-status")).to_have_text("En aprobación")
        for page, answer in ((ana_page, "De acuerdo"), (beto_page, "Puedo vivir con ello")):
            expect(page.locator(".minuta-status")).to_have_text("En aprobación", timeout=PUSH_WAIT_MS)
            tab(page, "voting")
            ballot = page.locator("form.ballot")
            expect(ballot.locator("legend", has_text="Minuta, versión 1")).to_be_visible(timeout=WAIT_MS)
            ballot.get_by_label(answer, exact=True).check()
            if page is beto_page:
                ballot.get_by_label("Comentario (opcional)").fill("Faltan los nombres de las dependencias")
            ballot.get_by_role("button", name="Enviar mi boleta").click()
            expect(ballot.locator(".form-message--done")).to_have_text("Tu boleta quedó registrada.")
        round_id = api.http.get(minutes, headers=auth(w["facilitator_token"])).json()["approval_round"]["round_id"]
        option = "minuta-v1"
        r = api.http.put(
            f"/api/workshops/{w['id']}/rounds/{round_id}/ballot",
            json={"consent": {option: "agree"}},
            headers=auth(carla["token"]),
        )
        assert r.status_code == 200, r.text
        tab(fac, "voting")
        expect(fac.locator(".participation-total")).to_have_text(
            "Han votado 3 de 3 personas con voto.", timeout=PUSH_WAIT_MS
        )
        fac.get_by_role("button", name="Cerrar la votación").click()
        fac.get_by_role("button", name="Sí, cerrar").click()
        expect(fac.locator(".results .outcome-line")).to_be_visible()
        expect(fac.locator(".decision-form")).to_have_count(0)  # nothing to decide on the minuta's round
        screenshot(fac, artifacts_dir / "minuta-approval-results.png")

        # Seal, in «Decisiones».
        tab(fac, "decisions")
        panel = fac.locator(".minuta")
        expect(panel.locator(".minuta-status")).to_have_text("Aprobada", timeout=PUSH_WAIT_MS)
        expect(panel.locator(".minuta-approval")).to_contain_text("Puedo vivir con ello: 1")
        panel.get_by_role("button", name="Sellar").click()
        expect(panel.locator(".minuta-status")).to_have_text("Sellada")
        digest = panel.locator(".minuta-digest").inner_text().strip()
        assert re.fullmatch(r"[0-9a-f]{64}", digest), digest
        link = panel.get_by_role("link", name="Página pública de verificación")
        expect(link).to_have_attribute("href", f"/verificar/{digest}")
        tab(ana_page, "decisions")  # Ana voted in «Votación»; the seal reached her page
        expect(ana_page.locator(".minuta-digest")).to_have_text(digest, timeout=PUSH_WAIT_MS)
        screenshot(fac, artifacts_dir / "minuta-sealed-room.png")
        # The minuta as a document: five links; the Markdown saves with the digest and the link.
        downloads = panel.locator(".minuta-downloads")
        expect(downloads.locator("a[data-format]")).to_have_count(5)
        with fac.expect_download() as info:
            downloads.locator('a[data-format="md"]').click()
        assert info.value.suggested_filename.endswith("-v1.md")
        saved = Path(info.value.path()).read_text(encoding="utf-8")
        assert digest in saved and f"/verificar/{digest}" in saved
        pdf = fac.request.get(server.url + str(downloads.locator('a[data-format="pdf"]').get_attribute("href")))
        assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
        assert api.http.get(minutes, headers=auth(ana["token"])).json()["sha256"] == digest
        # Carla's phone: the sealed minuta, its digest and link fit the screen.
        phone_ctx, phone = open_page(browser, server, w, carla["token"], PHONE, phone=True)
        try:
            expect(phone.locator(".minuta-digest")).to_have_text(digest, timeout=WAIT_MS)
            expect(phone.locator(".minuta-confirmed")).to_contain_text("Asistencia confirmada")
            fits_the_phone(phone)
            phone.locator(".minuta").screenshot(path=str(artifacts_dir / "minuta-sealed-phone.png"))
        finally:
            phone_ctx.close()
    finally:
        for ctx in (fac_ctx, ana_ctx, beto_ctx):
            ctx.close()

    # A citizen, with no session: a fresh context, no cookies.
    citizen = browser.new_context(viewport=DESKTOP)
    try:
        assert citizen.cookies() == []
        page = citizen.new_page()
        response = page.goto(f"{server.url}/verificar/{digest}")
        assert response is not None and response.status == 200
        expect(page.locator("h1")).to_have_text("Verificación de minuta")
        expect(page.locator("body")).to_contain_text(TITLE)
        expect(page.locator("[data-sha256]")).to_have_text(digest)
        expect(page.locator("code.cmd")).to_have_text(re.compile(r"^sha256sum minuta-\S+-v1\.json$"))
        expect(page.locator("pre")).to_contain_text("La mesa pasó al cierre a las 13:00 h.")
        screenshot(page, artifacts_dir / "minuta-verification-page.png")
        href = page.get_by_role("link", name="Descargar el texto canónico").get_attribute("href")
        assert href is not None
        download = page.request.get(href)
        assert download.status == 200 and hashlib.sha256(download.body()).hexdigest() == digest
        page.get_by_role("link", name="English").click()
        expect(page.locator("h1")).to_have_text("Minutes verification")
        screenshot(page, artifacts_dir / "minuta-verification-page-en.png")
        assert citizen.cookies() == [] or all(c["name"] == "cocrea_lang" for c in citizen.cookies())
    finally:
        citizen.close()
