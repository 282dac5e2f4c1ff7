"""The Plan de Acción in headless Chromium: a facilitator creates a plan from
the room's «Compromiso» tab, lands on the plan page, fixes a date the server
refuses (the message shows next to the input), fills the details and the
Secretariado Técnico, adds a second mesa's commitment from that room, moves
it, removes it after a confirmation, marks the first one proactivo, sees the
commitment's title in the preview, downloads the DOCX (read back with
python-docx), is refused a broken template with the server's reason and
uploads a good one; the page is shown at 1280 and 360 px, and in English."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import docx
import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, FilePayload, Page, ViewportSize, expect

from tests.browser.test_graph_editor import DESKTOP as DESKTOP_SIZE
from tests.browser.test_graph_editor import PHONE as PHONE_SIZE
from tests.browser.test_voting import fits_the_phone, screenshot
from tests.server.test_voting_api import auth, mesa
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.browser

WAIT_MS = 10_000
DESKTOP = ViewportSize(width=DESKTOP_SIZE["width"], height=DESKTOP_SIZE["height"])
PHONE = ViewportSize(width=PHONE_SIZE["width"], height=PHONE_SIZE["height"])
TITLE_1 = "Red de enlaces ciudadanos por colonia"
TITLE_2 = "Portal de convocatorias abiertas"
PLAN_TITLE = "Plan de Acción Municipal de Toluca 2026"
GUARANTOR = "Instituto de Transparencia del Estado"


def commitment_of_a_mesa(api: Any, title: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A mesa whose majority decision made a commitment, renamed `title`."""
    w, people, a1, a2 = mesa(api)
    fac = auth(w["facilitator_token"])
    base = f"/api/workshops/{w['id']}"
    r = api.http.post(f"{base}/rounds", json={"method": "approval", "options": [a1, a2]}, headers=fac)
    assert r.status_code == 201, r.text
    round_id = r.json()["id"]
    for person in people[:2]:
        r = api.http.put(f"{base}/rounds/{round_id}/ballot", json={"approve": [a1]}, headers=auth(person["token"]))
        assert r.status_code == 200, r.text
    assert api.http.post(f"{base}/rounds/{round_id}/close", headers=fac).status_code == 200
    r = api.http.post(
        f"{base}/decisions", json={"round_id": round_id, "kind": "majority", "alternative_id": a1}, headers=fac
    )
    assert r.status_code == 201, r.text
    commitment = api.http.get(f"{base}/commitments", headers=fac).json()["commitments"][0]
    r = api.http.put(f"{base}/commitments/{commitment['id']}", json={"title": title}, headers=fac)
    assert r.status_code == 200, r.text
    return w, commitment


def open_commitments_tab(page: Page, server: LiveServer, w: dict[str, Any]) -> None:
    page.goto(f"{server.url}/w/{w['id']}")
    expect(page.get_by_text("Conectado", exact=True)).to_be_visible(timeout=WAIT_MS)
    page.locator('.stage-tab[data-tab="commitments"]').click()
    expect(page.locator(".commitment")).to_have_count(1, timeout=WAIT_MS)


def entry_titles(page: Page) -> list[str]:
    return [text.split(".", 1)[-1].strip() for text in page.locator(".plan-entry h3").all_inner_texts()]


def plan_json(server: LiveServer, ctx: BrowserContext, plan_id: str) -> dict[str, Any]:
    """The plan as the server holds it, read with this browser's editor cookie."""
    cookies = {c["name"]: c["value"] for c in ctx.cookies() if c["name"] == f"cocrea_p_{plan_id}"}
    assert cookies, "the browser holds the plan's editor cookie"
    r = httpx.get(f"{server.url}/api/plans/{plan_id}", cookies=cookies, timeout=10)
    assert r.status_code == 200, r.text
    return dict(r.json())


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def blank_docx() -> bytes:
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Membrete del Ayuntamiento")
    document.save(out)
    return out.getvalue()


def test_plan_from_the_room_to_the_downloaded_docx(
    browser: Browser, make_server: Any, make_api: Any, artifacts_dir: Any
) -> None:
    server = make_server()
    api = make_api(server)
    w1, _ = commitment_of_a_mesa(api, TITLE_1)
    w2, _ = commitment_of_a_mesa(api, TITLE_2)

    ctx = browser.new_context(viewport=DESKTOP, locale="es-MX", accept_downloads=True)
    ctx.add_cookies(
        [{"name": f"cocrea_s_{w['id']}", "value": w["facilitator_token"], "url": server.url} for w in (w1, w2)]
    )
    try:
        page = ctx.new_page()

        # The room: create a plan with the commitment.
        open_commitments_tab(page, server, w1)
        room_downloads = page.locator(".plan-room-downloads")
        expect(room_downloads.locator("a[data-format]")).to_have_count(10)
        actions = page.locator(".plan-actions")
        actions.get_by_role("button", name="Crear Plan de Acción con este compromiso").click()
        form = actions.locator("form.plan-create")
        expect(form.get_by_label("Ente o municipio")).to_have_value("Toluca", timeout=WAIT_MS)
        form.get_by_label("Tipo de plan").select_option("municipal")
        form.get_by_label("Título del plan").fill(PLAN_TITLE)
        form.get_by_role("button", name="Crear el plan").click()
        expect(actions.locator(".plan-result .notice").first).to_contain_text(PLAN_TITLE, timeout=WAIT_MS)
        editor_link = actions.get_by_label("Enlace privado para editar el plan").input_value()
        assert editor_link.startswith(f"{server.url}/planes/") and "clave=" in editor_link
        actions.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts_dir / "plan-room-created-desktop.png"), full_page=False)
        actions.get_by_role("link", name="Abrir el Plan de Acción").click()

        # The plan page.
        page.wait_for_url(f"{server.url}/planes/*")
        plan_id = page.url.rsplit("/", 1)[-1]
        expect(page.locator("#plan-heading")).to_have_text(PLAN_TITLE, timeout=WAIT_MS)
        expect(page.locator(".plan-entry")).to_have_count(1)
        expect(page.locator(".plan-entry h3")).to_contain_text(TITLE_1)
        issues = page.locator(".plan-issues")
        expect(issues).to_contain_text("Al Secretariado Técnico le falta representación")
        issues.get_by_role("button", name=re.compile(r"^Ir ahí\W+Datos del plan$")).click()
        expect(page.get_by_label("Fecha de aprobación")).to_be_focused()  # «Falta la fecha de aprobación»

        # A term that ends before it starts: the server's message next to «Fin».
        details = page.locator(".plan-details")
        details.get_by_label("Fin de la vigencia").fill("2020-01-01")
        details.get_by_role("button", name="Guardar los datos del plan").click()
        expect(page.locator("#plan-end-error")).to_contain_text("termina antes de empezar", timeout=WAIT_MS)
        expect(details.get_by_label("Fin de la vigencia")).to_have_attribute("aria-invalid", "true")
        expect(details.get_by_label("Fin de la vigencia")).to_be_focused()

        start = details.get_by_label("Inicio de la vigencia").input_value()
        details.get_by_label("Fin de la vigencia").fill(f"{int(start[:4]) + 1}{start[4:]}")
        details.get_by_label("Organismo garante").fill(GUARANTOR)
        details.get_by_label("Fecha de aprobación").fill(start)
        members = [
            ("Ana Pérez", "Colectivo Vecinal", "sociedad_civil"),
            ("Luis Gómez", "Ayuntamiento de Toluca", "servicio_publico"),
            ("Marta Ruiz", GUARANTOR, "organismo_garante"),
        ]
        for i, (name, organization, sector) in enumerate(members):
            details.get_by_role("button", name="Agregar integrante").click()
            expect(page.locator(f"#plan-secretariat-{i}-name")).to_be_focused()
            page.locator(f"#plan-secretariat-{i}-name").fill(name)
            page.locator(f"#plan-secretariat-{i}-organization").fill(organization)
            expect(page.locator(f"#plan-secretariat-{i}-sector")).to_have_value(sector)
        details.get_by_role("button", name="Guardar los datos del plan").click()
        expect(details.locator(".plan-save .save")).to_have_text("Guardado", timeout=WAIT_MS)
        expect(page.locator("#plan-end-error")).to_have_count(0)
        expect(issues).not_to_contain_text("Al Secretariado Técnico le falta representación", timeout=WAIT_MS)
        saved = plan_json(server, ctx, plan_id)
        assert saved["guarantor"] == GUARANTOR and saved["approved_on"] == start
        assert [(m["name"], m["organization"], m["sector"]) for m in saved["secretariat"]] == members

        # A second mesa's commitment, added from its room to the plan this browser edits.
        open_commitments_tab(page, server, w2)
        actions = page.locator(".plan-actions")
        actions.get_by_role("button", name="Agregar a un plan que editas").click()
        expect(actions.get_by_label("Plan")).to_contain_text(PLAN_TITLE, timeout=WAIT_MS)
        actions.get_by_role("button", name="Agregar al plan").click()
        expect(actions.locator(".plan-result .notice")).to_contain_text(PLAN_TITLE, timeout=WAIT_MS)
        actions.get_by_role("link", name="Abrir el Plan de Acción").click()
        expect(page.locator(".plan-entry")).to_have_count(2, timeout=WAIT_MS)
        assert entry_titles(page) == [TITLE_1, TITLE_2]

        # Move the second up: the focus stays on the moved commitment's button.
        page.get_by_role("button", name=f"Subir «{TITLE_2}»").click()
        expect(page.locator(".plan-entry").first).to_contain_text(TITLE_2, timeout=WAIT_MS)
        assert entry_titles(page) == [TITLE_2, TITLE_1]
        expect(page.get_by_role("button", name=f"Bajar «{TITLE_2}»")).to_be_focused()
        assert [e["commitment"]["sheet"]["title"] for e in plan_json(server, ctx, plan_id)["commitments"]] == [
            TITLE_2,
            TITLE_1,
        ]

        # Remove it, after a confirmation (cancelling first keeps it).
        second = page.locator(".plan-entry", has_text=TITLE_2)
        second.get_by_role("button", name=f"Quitar del plan… «{TITLE_2}»").click()
        second.get_by_role("button", name="Cancelar").click()
        expect(page.locator(".plan-entry")).to_have_count(2)
        second.get_by_role("button", name=f"Quitar del plan… «{TITLE_2}»").click()
        expect(second.locator(".plan-confirm")).to_contain_text(f"¿Quitar «{TITLE_2}» del plan?")
        second.get_by_role("button", name="Sí, quitar del plan").click()
        expect(page.locator(".plan-entry")).to_have_count(1, timeout=WAIT_MS)
        assert entry_titles(page) == [TITLE_1]

        # The origin, and taking in the mesa's data again.
        entry = page.locator(".plan-entry").first
        entry.get_by_label("Origen").select_option("proactivo")
        expect(entry.locator(".save")).to_have_text("Origen: Proactivo.", timeout=WAIT_MS)
        assert plan_json(server, ctx, plan_id)["commitments"][0]["origin"] == "proactivo"
        entry.get_by_role("button", name=f"Actualizar desde la mesa «{TITLE_1}»").click()
        expect(entry.locator(".save")).to_have_text("Actualizado con los datos de la mesa.", timeout=WAIT_MS)
        expect(entry.get_by_label("Origen")).to_have_value("proactivo")

        # The preview shows the document with the commitment.
        preview = page.frame_locator("iframe.plan-preview-frame")
        expect(preview.locator("h1")).to_have_text(PLAN_TITLE, timeout=WAIT_MS)
        expect(preview.get_by_text(TITLE_1).first).to_be_visible()
        expect(preview.get_by_text(GUARANTOR).first).to_be_visible()
        page.get_by_role("radio", name="Formato de compromiso OGP").check()
        expect(page.locator("iframe.plan-preview-frame")).to_have_attribute(
            "title", "Vista previa en el formato de compromiso OGP", timeout=WAIT_MS
        )
        expect(preview.get_by_text(TITLE_1).first).to_be_visible(timeout=WAIT_MS)
        page.get_by_role("radio", name="Plan de Acción").check()
        expect(preview.locator("h1")).to_have_text(PLAN_TITLE, timeout=WAIT_MS)

        # Every format and the OGP layout are offered; the DOCX downloads whole.
        downloads = page.locator(".plan-downloads")
        expect(downloads.locator("a[data-format]:not([data-layout])")).to_have_count(7)
        expect(downloads.locator('a[data-layout="ogp"]')).to_have_count(3)
        with page.expect_download() as info:
            downloads.locator('a[data-format="docx"]:not([data-layout])').click()
        download = info.value
        assert download.suggested_filename.endswith(".docx")
        text = docx_text(Path(download.path()).read_bytes())
        assert TITLE_1 in text and PLAN_TITLE in text and GUARANTOR in text

        screenshot(page, artifacts_dir / "plan-page-desktop.png")
        # The preview on its own, at a readable size.
        page.locator(".plan-preview").scroll_into_view_if_needed()
        expect(preview.locator("h1")).to_be_visible()
        page.locator(".plan-preview").screenshot(path=str(artifacts_dir / "plan-preview-desktop.png"))

        # The institution's template: a broken file is refused with the server's reason.
        template = page.locator(".plan-template")
        template.get_by_label("Subir una plantilla (.docx)").set_input_files(
            files=[FilePayload(name="roto.docx", mimeType="application/octet-stream", buffer=b"esto no es un docx")]
        )
        expect(template.locator(".form-message--error")).not_to_be_empty(timeout=WAIT_MS)
        expect(template.locator(".plan-template-current")).to_have_count(0)
        template.get_by_label("Subir una plantilla (.docx)").set_input_files(
            files=[FilePayload(name="membrete.docx", mimeType="application/octet-stream", buffer=blank_docx())]
        )
        expect(template.locator(".plan-template-current")).to_contain_text("membrete.docx", timeout=WAIT_MS)
        expect(template.locator(".form-message--error")).to_be_empty()
        assert plan_json(server, ctx, plan_id)["template"]["filename"] == "membrete.docx"

        # The history tells every change, newest first.
        history = page.locator(".plan-history")
        expect(history.locator(".plan-history-item").first).to_contain_text(
            "Se subió la plantilla de la institución «membrete.docx».", timeout=WAIT_MS
        )
        expect(history).to_contain_text(f"Se quitó del plan el compromiso «{TITLE_2}».")
        expect(history).to_contain_text(f"Se agregó el compromiso «{TITLE_1}» como co-creado.")
        history.scroll_into_view_if_needed()
        history.screenshot(path=str(artifacts_dir / "plan-history-desktop.png"))

        # A phone.
        page.set_viewport_size(PHONE)
        expect(page.locator(".plan-entry")).to_have_count(1)
        fits_the_phone(page)
        expect(page.locator(".plan-preview .save")).to_be_empty(timeout=WAIT_MS)  # no fetch under way
        expect(preview.get_by_text(TITLE_1).first).to_be_visible(timeout=WAIT_MS)
        # The document itself fits the phone's preview: nothing wider than its frame.
        width = "f => [f.contentDocument.documentElement.scrollWidth, f.contentDocument.documentElement.clientWidth]"
        scroll_width, client_width = page.locator("iframe.plan-preview-frame").evaluate(width)
        assert scroll_width <= client_width, (scroll_width, client_width)
        page.locator(".plan-preview").scroll_into_view_if_needed()
        preview.locator("h1").scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts_dir / "plan-preview-phone.png"))
        screenshot(page, artifacts_dir / "plan-page-phone.png")

        # English.
        page.goto(f"{server.url}/planes/{plan_id}?lang=en")
        expect(page.get_by_role("heading", name="Plan details")).to_be_visible(timeout=WAIT_MS)
        expect(page.get_by_role("button", name="Save the plan details")).to_be_visible()
        # What keeps the plan from publication reads in English too.
        issues = page.locator(".plan-issues")
        expect(issues).to_contain_text("Commitment 1 is not definitive yet.")
        expect(issues).to_contain_text("Commitment 1: Missing «Responsible public servant: Name».")
        expect(issues.locator(".plan-issue-list").first).not_to_contain_text("Falta")
        page.goto(f"{server.url}/planes/{plan_id}?lang=es")
    finally:
        ctx.close()


def test_the_room_offers_the_commitment_downloads_to_every_member(
    browser: Browser, make_server: Any, make_api: Any, artifacts_dir: Any
) -> None:
    server = make_server()
    api = make_api(server)
    w, _ = commitment_of_a_mesa(api, TITLE_1)
    person = api.join(w, "Rosa", "ciudadania")
    ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, accept_downloads=True)
    ctx.add_cookies([{"name": f"cocrea_s_{w['id']}", "value": person["token"], "url": server.url}])
    try:
        page = ctx.new_page()
        open_commitments_tab(page, server, w)
        downloads = page.locator(".plan-room-downloads")
        expect(downloads.get_by_role("heading")).to_have_text("Descargar este compromiso")
        expect(page.locator(".plan-actions")).to_have_count(0)  # creating plans is the facilitator's
        with page.expect_download() as info:
            downloads.locator('a[data-format="csv"]').click()
        assert TITLE_1 in Path(info.value.path()).read_text(encoding="utf-8-sig")
        ogp = downloads.locator('a[data-format="html"][data-layout="ogp"]')
        assert ogp.get_attribute("href") == f"/api/workshops/{w['id']}/export/html?layout=ogp"
        fits_the_phone(page)
        downloads.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts_dir / "plan-room-downloads-phone.png"), full_page=False)
    finally:
        ctx.close()


def test_a_plan_json_from_another_server_is_imported_from_the_room(
    browser: Browser, make_server: Any, make_api: Any, artifacts_dir: Any
) -> None:
    """A facilitator imports a plan's open-data file: the same plan again is
    refused with the server's reason; a plan another server made (another
    id) becomes a plan this browser edits, with its commitments."""
    server = make_server()
    api = make_api(server)
    w, commitment = commitment_of_a_mesa(api, TITLE_1)
    fac = auth(w["facilitator_token"])
    r = api.http.post(
        "/api/plans",
        json={
            "workshop_id": w["id"],
            "entity": "Toluca",
            "type": "municipal",
            "title": PLAN_TITLE,
            "start": "2026-01-01",
            "end": "2026-12-31",
        },
        headers=fac,
    )
    assert r.status_code == 201, r.text
    plan_id, token = r.json()["plan"]["id"], r.json()["editor_url"].split("clave=", 1)[1]
    r = api.http.post(
        f"/api/plans/{plan_id}/commitments",
        json={"workshop_id": w["id"], "commitment_id": commitment["id"], "origin": "co_creado"},
        headers=auth(token) | {"X-Workshop-Token": w["facilitator_token"]},
    )
    assert r.status_code == 201, r.text
    document = api.http.get(f"/api/plans/{plan_id}/export/json", headers=auth(token)).content
    elsewhere = document.replace(plan_id.encode(), b"plan-de-otro-servidor", 1)

    ctx = browser.new_context(viewport=DESKTOP, locale="es-MX")
    ctx.add_cookies([{"name": f"cocrea_s_{w['id']}", "value": w["facilitator_token"], "url": server.url}])
    try:
        page = ctx.new_page()
        open_commitments_tab(page, server, w)
        actions = page.locator(".plan-actions")
        actions.get_by_role("button", name="Importar un plan (JSON)").click()
        form = actions.locator("form.plan-import")
        form.get_by_role("button", name="Importar el plan").click()
        expect(form.get_by_role("alert")).to_have_text("Elige el archivo del plan.")

        field = form.get_by_label("Archivo del plan (.json)")
        field.set_input_files(FilePayload(name="plan.json", mimeType="application/json", buffer=document))
        form.get_by_role("button", name="Importar el plan").click()
        expect(form.get_by_role("alert")).to_contain_text(plan_id, timeout=WAIT_MS)  # already here
        expect(field).to_be_focused()

        field.set_input_files(FilePayload(name="plan.json", mimeType="application/json", buffer=elsewhere))
        form.get_by_role("button", name="Importar el plan").click()
        expect(actions.get_by_role("status")).to_have_text(
            f"Se importó «{PLAN_TITLE}» (compromisos: 1).", timeout=WAIT_MS
        )
        actions.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts_dir / "plan-room-imported-desktop.png"))
        imported = plan_json(server, ctx, "plan-de-otro-servidor")
        assert imported["title"] == PLAN_TITLE and len(imported["commitments"]) == 1

        actions.get_by_role("link", name="Abrir el Plan de Acción").click()
        expect(page.get_by_role("heading", name=PLAN_TITLE, level=1)).to_be_visible(timeout=WAIT_MS)
        expect(page.locator(".plan-entry")).to_have_count(1, timeout=WAIT_MS)
        assert entry_titles(page) == [TITLE_1]
    finally:
        ctx.close()
