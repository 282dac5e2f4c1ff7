"""What cannot be undone is asked first, and what the room shows is what
happened, in headless Chromium: closing a round, recording a decision and
making a commitment definitive open one confirmation dialog (focus on
«Cancelar», Escape or «Cancelar» change nothing); an objection switched to
«Puedo vivir con ello» publishes no text; the decision and the minutes give
the same central-Mexico 24-hour time; the author of the adopted alternative
gets a notice in the room."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.test_graph_editor import DESKTOP, PHONE
from tests.browser.test_voting import (
    ALT_1,
    PROBLEM,
    PUSH_WAIT_MS,
    WAIT_MS,
    auth,
    fits_the_phone,
    open_page,
    propose,
    screenshot,
    seed_objective_tree,
    tab,
)

pytestmark = pytest.mark.browser

MEXICO = dt.timezone(dt.timedelta(hours=-6))


def test_irreversible_actions_ask_first_and_what_is_shown_is_what_happened(
    browser, make_server, make_api, artifacts_dir
):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(problem_statement=PROBLEM)
    seed_objective_tree(api, w)
    api.set_phase(w, "alternativas")
    ana = api.join(w, "Ana", "sociedad_civil")
    beto = api.join(w, "Beto", "academia")
    alt1 = propose(api, w, ana["token"], ALT_1, ["c1"])
    api.set_phase(w, "votacion")
    r = api.http.post(
        f"/api/workshops/{w['id']}/rounds",
        json={"method": "consent", "options": [alt1], "secrecy": "public", "question": "¿Adoptamos la red?"},
        headers=auth(w["facilitator_token"]),
    )
    assert r.status_code == 201, r.text
    round_url = f"/api/workshops/{w['id']}/rounds/{r.json()['id']}"
    r = api.http.put(f"{round_url}/ballot", json={"consent": {alt1: "agree"}}, headers=auth(beto["token"]))
    assert r.status_code == 200, r.text

    def round_status() -> str:
        return str(api.http.get(round_url, headers=auth(w["facilitator_token"])).json()["status"])

    ana_ctx, ana_page = open_page(browser, server, w, ana["token"], PHONE, phone=True)
    fac_ctx, fac_page = open_page(browser, server, w, w["facilitator_token"], DESKTOP)
    try:
        # Ana objects, then changes her mind: the objection's text goes with the objection.
        ballot = ana_page.locator("form.ballot")
        expect(ballot.locator("legend", has_text=ALT_1)).to_be_visible(timeout=WAIT_MS)
        ballot.get_by_label("Objeción", exact=True).check()
        withdrawn = "Texto de una objeción que ya no sostengo."
        ballot.get_by_label("Razón de tu objeción (obligatoria)").fill(withdrawn)
        ballot.get_by_label("Puedo vivir con ello", exact=True).check()
        expect(ballot.locator(".consent-reason textarea")).to_have_value("")
        ballot.get_by_role("button", name="Enviar mi boleta").click()
        expect(ballot.locator(".form-message--done")).to_have_text("Tu boleta quedó registrada.")
        expect(ballot.locator(".ballot-summary")).not_to_contain_text(withdrawn)
        mine = api.http.get(round_url, headers=auth(ana["token"])).json()["my_ballot"]
        assert mine == {"consent": {alt1: "can_live_with"}, "reasons": {}, "comments": {}}

        # Closing the round asks first; Escape leaves it open.
        expect(fac_page.locator(".participation-total")).to_have_text(
            "Han votado 2 de 2 personas con voto.", timeout=PUSH_WAIT_MS
        )
        fac_page.get_by_role("button", name="Cerrar la votación").click()
        asked = fac_page.get_by_role("alertdialog", name="¿Cerrar la votación?")
        expect(asked).to_contain_text("No se puede deshacer: una ronda cerrada no se vuelve a abrir.")
        expect(asked.get_by_role("button", name="Cancelar")).to_be_focused()
        fac_page.set_viewport_size(PHONE)
        fac_page.screenshot(path=str(artifacts_dir / "confirm-close-round-phone.png"))
        fits_the_phone(fac_page)
        fac_page.set_viewport_size(DESKTOP)
        fac_page.keyboard.press("Escape")
        expect(asked).to_be_hidden()
        expect(fac_page.get_by_role("button", name="Cerrar la votación")).to_be_focused()
        assert round_status() == "open"
        fac_page.get_by_role("button", name="Cerrar la votación").click()
        asked.get_by_role("button", name="Sí, cerrar").click()
        results = fac_page.locator(".results")
        expect(results.locator(".outcome-line")).to_have_text(f"Gana «{ALT_1}»", timeout=WAIT_MS)
        assert round_status() == "closed"
        closed = api.http.get(round_url, headers=auth(w["facilitator_token"])).json()["results"]
        assert withdrawn not in str(closed)

        # Recording the decision asks first; «Cancelar» records nothing.
        decide = fac_page.locator(".decision-form")
        decide.get_by_role("button", name="Registrar la decisión").click()
        asked = fac_page.get_by_role("alertdialog", name="¿Registrar esta decisión?")
        expect(asked).to_contain_text("el registro de decisiones solo admite añadir")
        expect(asked).to_contain_text(ALT_1)
        screenshot(fac_page, artifacts_dir / "confirm-decision-desktop.png")
        asked.get_by_role("button", name="Cancelar").click()
        decisions_url = f"/api/workshops/{w['id']}/decisions"
        assert api.http.get(decisions_url, headers=auth(w["facilitator_token"])).json()["decisions"] == []
        decide.get_by_role("button", name="Registrar la decisión").click()
        asked.get_by_role("button", name="Registrar la decisión").click()
        expect(decide).to_contain_text("Decisión registrada", timeout=WAIT_MS)
        [decision] = api.http.get(decisions_url, headers=auth(w["facilitator_token"])).json()["decisions"]

        # One time, the mesa's, on a 24-hour clock, in the decision and in the minutes.
        hhmm = dt.datetime.fromisoformat(decision["decided_at"]).astimezone(MEXICO).strftime("%H:%M")
        tab(fac_page, "decisions")
        expect(fac_page.locator(".decision-facts time").first).to_contain_text(hhmm, timeout=WAIT_MS)
        expect(fac_page.locator(".decision-facts time").first).not_to_contain_text(".m.")
        expect(fac_page.locator(".minutes-list time", has_text=hhmm).first).to_be_visible(timeout=WAIT_MS)

        # «Hacer definitivo» asks first and says it is for good; «Cancelar» changes nothing.
        tab(fac_page, "commitments")
        sheet = fac_page.locator(".commitment")
        sheet.get_by_role("button", name="Pasar a revisión").click()
        expect(sheet.locator(".step--current")).to_have_text("2En revisión", timeout=WAIT_MS)
        sheet.get_by_role("button", name="Hacer definitivo").click()
        asked = fac_page.get_by_role("alertdialog", name="¿Hacer definitivo este compromiso?")
        expect(asked).to_contain_text("ya no se puede editar ni volver a preliminar")
        asked.get_by_role("button", name="Cancelar").click()
        expect(asked).to_be_hidden()
        commitments = api.http.get(f"/api/workshops/{w['id']}/commitments", headers=auth(w["facilitator_token"]))
        assert [c["status"] for c in commitments.json()["commitments"]] == ["en_revision"]

        # Ana, who proposed it, is told in the room that her alternative was answered.
        tab(ana_page, "alternatives")
        notice = ana_page.locator(".author-notices")
        expect(notice).to_contain_text(f"Tu alternativa «{ALT_1}» recibió respuesta: Adoptada.", timeout=WAIT_MS)
        fits_the_phone(ana_page)
        screenshot(ana_page, artifacts_dir / "notice-answered-phone.png")
        notice.get_by_role("button", name="Entendido").click()
        expect(notice).to_have_count(0)
    finally:
        ana_ctx.close()
        fac_ctx.close()
