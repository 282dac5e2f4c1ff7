"""The minuta's draft in headless Chromium (docs/minutes.md «The draft»): the
facilitator rewords a passage in place and adds an acuerdo (who, what, by
when), a participant sees both
live and cannot edit, «Actualizar desde el registro» reports what it did,
and once approved and sealed the sealed text and the document carry them."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_voting import PUSH_WAIT_MS, WAIT_MS, auth, clipped_fields, open_page, screenshot

pytestmark = pytest.mark.browser

EDIT = " Asistieron tres sectores."
LONG = (
    " La mesa acordó revisar los tiempos de cada fase, publicar el orden del día con una semana de anticipación"
    " y pedir a cada sector que nombre a una persona de enlace para el seguimiento del compromiso."
)
WHO = "Enlace de transparencia municipal"
WHAT = "Publicar los datos de movilidad en formato abierto"


def test_the_facilitator_edits_the_draft_a_participant_sees_it_live_and_the_seal_carries_it(
    browser, make_server, make_api, artifacts_dir
):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(title="Mesa de movilidad")
    ana = api.join(w, "Ana", "sociedad_civil")
    assert api.set_phase(w, "cierre").status_code == 200
    base = f"/api/workshops/{w['id']}"

    fac_ctx, fac = open_page(browser, server, w, w["facilitator_token"])
    ana_ctx, ana_page = open_page(browser, server, w, ana["token"])
    try:
        draft = fac.locator(".minuta-draft")
        expect(draft).to_have_attribute("data-editable", "true", timeout=WAIT_MS)
        first = draft.locator(".minuta-passage").first
        field = first.locator("textarea")
        expect(field).to_be_visible(timeout=WAIT_MS)
        original = field.input_value()
        field.click()
        field.press("End")
        field.type(EDIT)

        draft.get_by_role("button", name="Agregar acuerdo").click()
        draft.get_by_label("Acuerdo 1: quién").fill(WHO)
        draft.get_by_label("Acuerdo 1: qué").fill(WHAT)
        when = draft.get_by_label("Acuerdo 1: para cuándo")
        when.fill("2027-03-01")

        # Ana reads it live, and cannot edit it.
        ana_draft = ana_page.locator(".minuta-draft")
        expect(ana_draft).to_have_attribute("data-editable", "false", timeout=WAIT_MS)
        expect(ana_draft.locator(".minuta-passage").first).to_contain_text(original + EDIT, timeout=PUSH_WAIT_MS)
        expect(ana_draft.locator(".minuta-acuerdo")).to_contain_text(WHO, timeout=PUSH_WAIT_MS)
        expect(ana_draft.locator(".minuta-acuerdo")).to_contain_text("2027-03-01")
        expect(ana_draft.locator("textarea")).to_have_count(0)
        # A long passage shows its whole text: no field is cut to its first lines.
        second = draft.locator(".minuta-passage").nth(1).locator("textarea")
        second.fill(second.input_value() + LONG)
        expect(second).to_have_value(re.compile(re.escape(LONG) + "$"))
        assert clipped_fields(fac, ".minuta-draft") == []
        screenshot(fac, artifacts_dir / "minuta-draft-editing.png")

        # Regenerating keeps the edit and says so.
        draft.get_by_role("button", name="Actualizar desde el registro").click()
        expect(draft.locator(".minuta-refresh-report")).to_contain_text("Ediciones conservadas: 2", timeout=WAIT_MS)
        expect(first.locator("textarea")).to_have_value(original + EDIT)

        # Approve (Ana attended and agrees) and seal from the room.
        ana_page.locator(".minuta").get_by_role("button", name="Confirmar asistencia").click()
        expect(ana_page.locator(".minuta-confirmed")).to_be_visible(timeout=WAIT_MS)
        fac.get_by_role("button", name="Abrir aprobación").click()
        expect(fac.locator(".minuta-status")).to_have_text("En aprobación", timeout=WAIT_MS)
        expect(draft).to_have_attribute("data-editable", "false", timeout=PUSH_WAIT_MS)  # frozen
        round_id = api.http.get(f"{base}/minutes", headers=auth(ana["token"])).json()["approval_round"]["round_id"]
        r = api.http.put(
            f"{base}/rounds/{round_id}/ballot", json={"consent": {"minuta-v1": "agree"}}, headers=auth(ana["token"])
        )
        assert r.status_code == 200, r.text
        r = api.http.post(f"{base}/rounds/{round_id}/close", headers=auth(w["facilitator_token"]))
        assert r.status_code == 200, r.text
        panel = fac.locator(".minuta")
        expect(panel.locator(".minuta-status")).to_have_text("Aprobada", timeout=PUSH_WAIT_MS)
        panel.get_by_role("button", name="Sellar").click()
        expect(panel.locator(".minuta-status")).to_have_text("Sellada", timeout=WAIT_MS)
        digest = panel.locator(".minuta-digest").inner_text().strip()
        screenshot(fac, artifacts_dir / "minuta-draft-sealed.png")
    finally:
        fac_ctx.close()
        ana_ctx.close()

    canonical = api.http.get(f"/api/minutes/{digest}/canonical")
    assert hashlib.sha256(canonical.content).hexdigest() == digest
    record = json.loads(canonical.content)
    assert record["minutes"][0]["text"] == original + EDIT
    assert record["acuerdos"] == [{"who": WHO, "what": WHAT, "by": "2027-03-01"}]
    md = api.http.get(f"{base}/minutes/export/md", headers=auth(ana["token"])).content.decode("utf-8")
    assert digest in md and EDIT.strip() in md and WHAT in md
