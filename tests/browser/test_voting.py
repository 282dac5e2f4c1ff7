"""Alternatives, voting, decisions and the commitment sheet in headless
Chromium: two participants propose alternatives and write a description
together, the facilitator opens an approval round, both vote from their
pages, the facilitator closes it, the results chart shows on a desktop, a
projector and a phone, the majority decision is recorded and the commitment
sheet is filled in; a consent round with an objection shows the reason and
offers no consensus; the ballots of the other methods work (by keyboard too)
and a ballot sent after the close is refused with the server's message; a
round closed under an unsent ballot says it was not recorded."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from tests.browser.test_graph_editor import DESKTOP, PHONE, wait_until
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.browser

WAIT_MS = 10_000
# Rounds and alternatives are pushed (the live document): a margin for a loaded machine.
PUSH_WAIT_MS = 5_000

PROBLEM = "Baja participación ciudadana en los ejercicios de gobierno abierto"
MEANS_1 = "Amplia difusión de las convocatorias"
MEANS_2 = "Horarios accesibles para las mesas"
ALT_1 = "Red de enlaces ciudadanos"
ALT_2 = "Portal de convocatorias abiertas"


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def seed_objective_tree(api: Any, w: dict[str, Any]) -> None:
    """A small tree whose causes already have their objectives (the means)."""
    api.set_phase(w, "arbol_de_objetivos")
    nodes = [
        {"id": "p", "kind": "problem", "text": PROBLEM},
        {"id": "c1", "kind": "cause", "text": "Poca difusión de las convocatorias", "objective": MEANS_1},
        {"id": "c2", "kind": "cause", "text": "Horarios que excluyen a quien trabaja", "objective": MEANS_2},
        {"id": "c3", "kind": "cause", "text": "Falta de presupuesto", "out_of_scope": True},
    ]
    edges = [{"id": f"l{i}", "source": n["id"], "target": "p"} for i, n in enumerate(nodes[1:])]
    r = api.http.post(
        f"/api/workshops/{w['id']}/tree/import",
        content=json.dumps({"schema": "cocrea.tree/1", "nodes": nodes, "edges": edges}),
        headers={**auth(w["facilitator_token"]), "Content-Type": "application/json"},
    )
    assert r.status_code == 200, r.text


def open_page(
    browser: Browser,
    server: LiveServer,
    w: dict[str, Any],
    token: str,
    viewport: dict[str, int] = DESKTOP,
    *,
    phone: bool = False,
    query: str = "",
) -> tuple[BrowserContext, Page]:
    ctx = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone)
    ctx.add_cookies([{"name": f"cocrea_s_{w['id']}", "value": token, "url": server.url}])
    page = ctx.new_page()
    page.goto(f"{server.url}/w/{w['id']}{query}")
    expect(page.get_by_text("Conectado", exact=True)).to_be_visible(timeout=WAIT_MS)
    return ctx, page


def tab(page: Page, name: str) -> None:
    page.locator(f'.stage-tab[data-tab="{name}"]').click()


def alternatives(api: Any, w: dict[str, Any]) -> list[dict[str, Any]]:
    r = api.http.get(f"/api/workshops/{w['id']}/alternatives", headers=auth(w["facilitator_token"]))
    assert r.status_code == 200, r.text
    return list(r.json()["alternatives"])


def propose(api: Any, w: dict[str, Any], token: str, title: str, addresses: list[str]) -> str:
    r = api.http.post(
        f"/api/workshops/{w['id']}/alternatives", json={"title": title, "addresses": addresses}, headers=auth(token)
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def screenshot(page: Page, path: Path) -> None:
    """A full-page picture from the top (scrolled, the sticky status bar would cover the middle)."""
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=str(path), full_page=True)


def fits_the_phone(page: Page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


def clipped_fields(page: Page, scope: str = "body") -> list[str]:
    """The shown text fields whose text is taller than the field (cut to
    its first lines): none should be."""
    return page.eval_on_selector_all(
        f"{scope} textarea",
        "fields => fields.filter(f => f.offsetParent && f.scrollHeight > f.clientHeight + 2)"
        ".map(f => f.id || f.value.slice(0, 40))",
    )


def propose_in_ui(page: Page, title: str, means: str) -> None:
    form = page.locator("form.propose")
    form.get_by_label("Título de la alternativa").fill(title)
    form.locator(".choice", has_text=means).locator("input").check()
    form.get_by_role("button", name="Proponer").click()
    expect(form.locator(".form-message--done")).to_contain_text(title)


def alternatives_workshop(make_server: Any, make_api: Any) -> tuple[LiveServer, Any, dict[str, Any], dict[str, Any]]:
    """A server, its API client, a workshop in «alternativas» on the seeded
    objective tree, and Ana (sociedad civil) joined to it."""
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(problem_statement=PROBLEM)
    seed_objective_tree(api, w)
    api.set_phase(w, "alternativas")
    return server, api, w, api.join(w, "Ana", "sociedad_civil")


def rounds_url(w: dict[str, Any]) -> str:
    return f"/api/workshops/{w['id']}/rounds"


def open_round(api: Any, w: dict[str, Any], body: dict[str, Any]) -> str:
    """The facilitator opens a round through the API: its id."""
    r = api.http.post(rounds_url(w), json=body, headers=auth(w["facilitator_token"]))
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def close_round(api: Any, w: dict[str, Any], round_id: str) -> None:
    r = api.http.post(f"{rounds_url(w)}/{round_id}/close", headers=auth(w["facilitator_token"]))
    assert r.status_code == 200, r.text


def description_field(page: Page, alternative_id: str):
    return page.locator(f'[data-alternative-id="{alternative_id}"] .alternative-description-field')


def test_propose_vote_close_decide_and_fill_the_commitment(browser, make_server, make_api, artifacts_dir):
    server, api, w, ana = alternatives_workshop(make_server, make_api)
    beto = api.join(w, "Beto", "servicio_publico")
    contexts = []
    try:
        ana_ctx, ana_page = open_page(browser, server, w, ana["token"])
        beto_ctx, beto_page = open_page(browser, server, w, beto["token"])
        fac_ctx, fac_page = open_page(browser, server, w, w["facilitator_token"])
        contexts += [ana_ctx, beto_ctx, fac_ctx]

        # The alternativas phase opens its tab; the means come from the objective tree.
        form = ana_page.locator("form.propose")
        expect(form.locator(".means-objective")).to_have_text([MEANS_1, MEANS_2], timeout=WAIT_MS)
        expect(form).not_to_contain_text("Falta de presupuesto")  # out of scope: a given, no means
        propose_in_ui(ana_page, ALT_1, MEANS_1)
        propose_in_ui(beto_page, ALT_2, MEANS_2)
        wait_until(lambda: len(alternatives(api, w)) == 2, "two alternatives")
        by_title = {a["title"]: a for a in alternatives(api, w)}
        alt1, alt2 = by_title[ALT_1]["id"], by_title[ALT_2]["id"]
        assert by_title[ALT_1]["addresses"] == ["c1"]

        # Both see both, with what each addresses and who proposed it.
        card = beto_page.locator(f'[data-alternative-id="{alt1}"]')
        expect(card).to_contain_text(MEANS_1, timeout=PUSH_WAIT_MS)
        expect(card).to_contain_text("Ana")
        expect(card.locator(".disposition")).to_have_text("En discusión")

        # The description of the first one, written together.
        ana_field = description_field(ana_page, alt1)
        beto_field = description_field(beto_page, alt1)
        ana_field.click()
        ana_field.press_sequentially("Enlaces en cada colonia.")
        expect(beto_field).to_have_value("Enlaces en cada colonia.", timeout=WAIT_MS)
        beto_field.click()
        beto_field.press("End")
        beto_field.press_sequentially(" Con capacitación.")
        together = "Enlaces en cada colonia. Con capacitación."
        expect(ana_field).to_have_value(together, timeout=WAIT_MS)
        wait_until(lambda: by_id(alternatives(api, w), alt1)["description"] == together, "the shared description")
        expect(ana_page.locator(".doc-status .save")).to_have_text("Guardado", timeout=WAIT_MS)

        # The facilitator opens an approval round from the voting tab.
        tab(fac_page, "voting")
        fac_page.get_by_role("button", name="Abrir una votación").click()
        round_form = fac_page.locator("form.round-form")
        expect(round_form.get_by_label("Método")).to_have_value("approval")
        # The secret + live rule is said before the server refuses it.
        round_form.get_by_label("Resultados en vivo").check()
        expect(round_form).to_contain_text("elige voto público o resultados al cierre")
        expect(round_form.get_by_role("button", name="Abrir la votación")).to_be_disabled()
        round_form.get_by_label("Resultados al cierre").check()
        round_form.get_by_label("Pregunta").fill("¿Qué alternativas aprueba la mesa?")
        round_form.get_by_label("Quórum (número mínimo de boletas)").fill("2")
        round_form.get_by_role("button", name="Abrir la votación").click()
        expect(fac_page.locator(".round-question")).to_have_text("¿Qué alternativas aprueba la mesa?")
        expect(fac_page.locator(".voice-no-vote")).to_contain_text("Voz, pero sin voto")

        # Participants hear of it and vote from their pages.
        for page, approve in ((ana_page, [ALT_1]), (beto_page, [ALT_1, ALT_2])):
            page.get_by_role("button", name="Ir a votar").click(timeout=PUSH_WAIT_MS)
            ballot = page.locator("form.ballot")
            for title in approve:
                ballot.get_by_label(title).check()
            ballot.get_by_role("button", name="Enviar mi boleta").click()
            expect(ballot.locator(".form-message--done")).to_have_text("Tu boleta quedó registrada.")
            expect(ballot.locator(".ballot-summary")).to_contain_text(f"Apruebas «{ALT_1}»")
            expect(ballot.get_by_role("button", name="Reemplazar mi boleta")).to_be_visible()
        expect(fac_page.locator(".participation-total")).to_have_text(
            "Han votado 2 de 2 personas con voto.", timeout=PUSH_WAIT_MS
        )
        expect(fac_page.locator(".results")).to_have_count(0)  # hidden until the close

        fac_page.get_by_role("button", name="Cerrar la votación").click()
        fac_page.get_by_role("button", name="Sí, cerrar").click()
        results = fac_page.locator(".results")
        expect(results.locator(".outcome-line")).to_have_text(f"Gana «{ALT_1}»")
        totals = results.locator(".chart").first
        expect(totals.locator(".chart-rows")).to_have_attribute(
            "aria-label", f"Aprobaciones por alternativa: {ALT_1} 2, {ALT_2} 1"
        )
        expect(results.locator(".results-withheld")).to_contain_text("menos de 3 personas")
        expect(results.locator(".quorum")).to_have_text("Quórum alcanzado. Se requerían 2 boletas; hubo 2.")

        expect(ana_page.locator(".results .outcome-line")).to_have_text(f"Gana «{ALT_1}»", timeout=PUSH_WAIT_MS)
        expect(ana_page.locator("form.ballot")).to_have_count(0)
        screenshot(fac_page, artifacts_dir / "voting-results-desktop.png")

        proj_ctx, proj_page = open_page(browser, server, w, w["facilitator_token"], query="?proyector=1")
        contexts.append(proj_ctx)
        tab(proj_page, "voting")
        expect(proj_page.locator(".projector-round .outcome-line")).to_have_text(f"Gana «{ALT_1}»", timeout=WAIT_MS)
        expect(proj_page.locator(".ballot, .decision-form, .close-tool")).to_have_count(0)
        screenshot(proj_page, artifacts_dir / "voting-results-projector.png")

        phone_ctx, phone = open_page(browser, server, w, beto["token"], PHONE, phone=True)
        contexts.append(phone_ctx)
        tab(phone, "voting")
        expect(phone.locator(".results .outcome-line")).to_have_text(f"Gana «{ALT_1}»", timeout=WAIT_MS)
        fits_the_phone(phone)
        screenshot(phone, artifacts_dir / "voting-results-phone.png")

        # The facilitator records the majority decision: only the winner is offered.
        decide = fac_page.locator(".decision-form")
        expect(decide.locator("input[type=radio]")).to_have_count(1)
        expect(decide).to_contain_text(f"Mayoría: se adopta «{ALT_1}», la ganadora")
        decide.get_by_label("Nota para la minuta").fill("Tras amplia discusión.")
        decide.get_by_role("button", name="Registrar la decisión").click()
        fac_page.get_by_role("alertdialog").get_by_role("button", name="Registrar la decisión").click()
        expect(decide).to_contain_text("Decisión registrada")
        expect(decide).to_contain_text("ya está en el registro", timeout=WAIT_MS)

        tab(ana_page, "decisions")
        record = ana_page.locator(".decision")
        expect(record).to_have_count(1, timeout=WAIT_MS)
        expect(record).to_contain_text("Mayoría")
        expect(record).to_contain_text(ALT_1)
        expect(record).to_contain_text("Aprobación")
        expect(record).to_contain_text("Sociedad civil: 1 de 1")
        expect(record).to_contain_text("Tras amplia discusión.")
        # Below the record, the mesa's minutes tell every step, the decision included.
        minutes = ana_page.locator(".minutes-list li")
        expect(minutes.first).to_contain_text("Se abrió la mesa", timeout=WAIT_MS)
        expect(ana_page.locator(".minutes-list")).to_contain_text(
            f"La mesa decidió por mayoría adoptar la alternativa «{ALT_1}»", timeout=WAIT_MS
        )
        ana_page.locator(".minutes").scroll_into_view_if_needed()
        screenshot(ana_page, artifacts_dir / "decisions-minutes-desktop.png")

        # The commitment appears; a participant fills part of the sheet.
        tab(ana_page, "commitments")
        sheet = ana_page.locator(".commitment")
        expect(sheet).to_have_count(1, timeout=WAIT_MS)
        expect(sheet.get_by_label("Título del compromiso")).to_have_value(ALT_1)
        expect(sheet.locator(".step--current")).to_have_text("1Preliminar")
        sheet.get_by_label("¿En qué consiste el compromiso?").fill("Una red de enlaces en cada colonia.")
        sheet.get_by_label("Participación ciudadana").check()
        sheet.get_by_label("Paz, justicia e instituciones sólidas").check()
        expect(sheet.locator(".doc-status .save")).to_have_text("Guardado", timeout=WAIT_MS)
        commitment = api.http.get(f"/api/workshops/{w['id']}/commitments", headers=auth(ana["token"])).json()
        saved = commitment["commitments"][0]
        assert saved["sheet"]["description"] == "Una red de enlaces en cada colonia."
        assert saved["sheet"]["ogp_values"] == ["participacion"] and saved["sheet"]["sdgs"] == [16]

        # The facilitator's reasoned response to the other alternative.
        tab(fac_page, "alternatives")
        other = fac_page.locator(f'[data-alternative-id="{alt2}"]')
        other.locator("summary", has_text="Respuesta razonada").click()
        other.get_by_role("button", name="Registrar la respuesta").click()
        expect(other.locator(".form-message--error")).to_have_text(
            "Elige una respuesta: adoptada, fusionada o no adoptada."
        )
        other.get_by_label("No adoptada").check()
        other.get_by_role("button", name="Registrar la respuesta").click()
        expect(other.locator(".form-message--error")).to_have_text("La respuesta razonada necesita una razón.")
        other.get_by_label("Razón (obligatoria)").fill("La red de enlaces ya difunde las convocatorias.")
        other.get_by_role("button", name="Registrar la respuesta").click()
        fac_page.get_by_role("alertdialog").get_by_role("button", name="Registrar la respuesta").click()
        expect(other.locator(".disposition")).to_have_text("No adoptada", timeout=WAIT_MS)
        expect(fac_page.locator(f'[data-alternative-id="{alt1}"] .disposition')).to_have_text("Adoptada")
        tab(beto_page, "alternatives")
        expect(beto_page.locator(f'[data-alternative-id="{alt2}"] .alternative-reason')).to_contain_text(
            "La red de enlaces ya difunde las convocatorias.", timeout=PUSH_WAIT_MS
        )
        screenshot(fac_page, artifacts_dir / "alternatives-desktop.png")
        tab(phone, "alternatives")
        expect(phone.locator(f'[data-alternative-id="{alt2}"] .disposition')).to_have_text("No adoptada")
        fits_the_phone(phone)
        screenshot(phone, artifacts_dir / "alternatives-phone.png")

        # «Definitivo» is refused while fields are missing: the server's message shows.
        tab(fac_page, "commitments")
        fac_sheet = fac_page.locator(".commitment")
        expect(fac_sheet.get_by_label("¿En qué consiste el compromiso?")).to_have_value(
            "Una red de enlaces en cada colonia.", timeout=WAIT_MS
        )
        fac_sheet.get_by_role("button", name="Pasar a revisión").click()
        expect(fac_sheet.locator(".step--current")).to_have_text("2En revisión", timeout=WAIT_MS)
        fac_sheet.get_by_role("button", name="Hacer definitivo").click()
        fac_page.get_by_role("alertdialog").get_by_role("button", name="Hacer definitivo").click()
        expect(fac_sheet.locator(".commitment-advance + .form-message--error")).to_contain_text(
            "Antes de hacerlo definitivo, completa"
        )
        screenshot(ana_page, artifacts_dir / "commitment-desktop.png")
    finally:
        for ctx in contexts:
            ctx.close()


def by_id(items: list[dict[str, Any]], item_id: str) -> dict[str, Any]:
    return next(item for item in items if item["id"] == item_id)


def test_consent_round_with_an_objection_shows_the_reason_and_offers_no_consensus(
    browser, make_server, make_api, artifacts_dir
):
    server, api, w, ana = alternatives_workshop(make_server, make_api)
    beto = api.join(w, "Beto", "academia")
    alt1 = propose(api, w, ana["token"], ALT_1, ["c1"])
    api.set_phase(w, "votacion")
    round_id = open_round(api, w, {"method": "consent", "options": [alt1], "question": "¿Adoptamos la red de enlaces?"})
    r = api.http.put(
        f"{rounds_url(w)}/{round_id}/ballot",
        json={"consent": {alt1: "agree"}},
        headers=auth(beto["token"]),
    )
    assert r.status_code == 200, r.text

    ana_ctx, ana_page = open_page(browser, server, w, ana["token"], PHONE, phone=True)
    fac_ctx, fac_page = open_page(browser, server, w, w["facilitator_token"])
    try:
        # The votación phase opens the voting tab; an objection needs a reason.
        ballot = ana_page.locator("form.ballot")
        expect(ballot.locator("legend", has_text=ALT_1)).to_be_visible(timeout=WAIT_MS)
        ballot.get_by_label("Objeción", exact=True).check()
        ballot.get_by_role("button", name="Enviar mi boleta").click()
        expect(ballot.locator(".form-message--error").first).to_contain_text("Una objeción necesita su razón.")
        reason = "No hay presupuesto para capacitar a los enlaces este año."
        ballot.get_by_label("Razón de tu objeción (obligatoria)").fill(reason)
        ballot.get_by_role("button", name="Enviar mi boleta").click()
        expect(ballot.locator(".form-message--done")).to_have_text("Tu boleta quedó registrada.")
        fits_the_phone(ana_page)
        screenshot(ana_page, artifacts_dir / "voting-consent-ballot-phone.png")

        expect(fac_page.locator(".participation-total")).to_have_text(
            "Han votado 2 de 2 personas con voto.", timeout=PUSH_WAIT_MS
        )
        fac_page.get_by_role("button", name="Cerrar la votación").click()
        fac_page.get_by_role("button", name="Sí, cerrar").click()
        results = fac_page.locator(".results")
        expect(results.locator(".outcome-line")).to_have_text("Sin consenso: hubo objeciones")
        expect(results.locator(".reason-list--object")).to_have_text(reason)
        expect(results.locator(".chart").first).to_contain_text("sin consenso")
        decide = fac_page.locator(".decision-form")
        expect(decide.locator("input[type=radio]")).to_have_count(0)
        expect(decide).to_contain_text("Hubo objeciones: no hay consenso que registrar.")
        screenshot(fac_page, artifacts_dir / "voting-consent-desktop.png")
        expect(ana_page.locator(".results .reason-list--object")).to_have_text(reason, timeout=PUSH_WAIT_MS)
    finally:
        ana_ctx.close()
        fac_ctx.close()


def test_a_round_closed_under_unsent_changes_tells_the_person(browser, make_server, make_api, artifacts_dir):
    """The close is pushed and takes the ballot form away: what the person
    had not sent yet is said not to count, and whether an earlier ballot of
    theirs does."""
    server, api, w, ana = alternatives_workshop(make_server, make_api)
    ids = [propose(api, w, ana["token"], title, []) for title in (ALT_1, ALT_2)]
    api.set_phase(w, "votacion")
    approval = {"method": "approval", "options": ids}
    first = open_round(api, w, approval)
    ctx, page = open_page(browser, server, w, ana["token"], PHONE, phone=True)
    try:
        ballot = page.locator("form.ballot")
        ballot.get_by_label(ALT_1, exact=True).check()
        close_round(api, w, first)
        shown = page.locator(f'.round[data-round-id="{first}"]')
        expect(shown.locator(".round-status")).to_have_text("Cerrada", timeout=PUSH_WAIT_MS)
        expect(ballot).to_have_count(0)
        expect(shown.get_by_role("alert")).to_have_text(
            "La votación se cerró antes de que enviaras tu boleta: no se registró."
        )

        second = open_round(api, w, approval)
        expect(page.locator(f'.round[data-round-id="{second}"] form.ballot')).to_be_visible(timeout=PUSH_WAIT_MS)
        ballot.get_by_label(ALT_1, exact=True).check()
        ballot.get_by_role("button", name="Enviar mi boleta").click()
        expect(ballot.locator(".form-message--done")).to_have_text("Tu boleta quedó registrada.")
        ballot.get_by_label(ALT_1, exact=True).uncheck()
        ballot.get_by_label(ALT_2, exact=True).check()
        close_round(api, w, second)
        shown = page.locator(f'.round[data-round-id="{second}"]')
        expect(shown.locator(".round-status")).to_have_text("Cerrada", timeout=PUSH_WAIT_MS)
        expect(shown.get_by_role("alert")).to_have_text(
            "La votación se cerró antes de que enviaras tus cambios: no se registraron. "
            "Cuenta la boleta que ya habías enviado."
        )
        # What counts is shown with the results: the ballot the server recorded.
        expect(shown.locator(".ballot-summary")).to_contain_text("Tu boleta registrada:")
        expect(shown.locator(".ballot-summary li")).to_have_count(1)
        expect(shown.locator(".ballot-summary li")).to_contain_text(ALT_1)
        shown.screenshot(path=str(artifacts_dir / "voting-closed-under-changes-phone.png"))
        r = api.http.get(f"{rounds_url(w)}/{second}", headers=auth(ana["token"]))
        assert r.json()["my_ballot"] == {"approve": [ids[0]]}
    finally:
        ctx.close()


def test_dots_ranked_score_and_fist_ballots(browser, make_server, make_api, artifacts_dir):
    server, api, w, ana = alternatives_workshop(make_server, make_api)
    ids = [propose(api, w, ana["token"], title, []) for title in (ALT_1, ALT_2, "Mesas en horario vespertino")]
    api.set_phase(w, "votacion")
    base = rounds_url(w)
    fac = auth(w["facilitator_token"])

    def my_ballot(round_id: str) -> Any:
        return api.http.get(f"{base}/{round_id}", headers=auth(ana["token"])).json()["my_ballot"]

    dots_round = open_round(api, w, {"method": "dots", "options": ids, "config": {"budget": 3, "max_per_option": 2}})
    ctx, page = open_page(browser, server, w, ana["token"], PHONE, phone=True)
    try:
        ballot = page.locator("form.ballot")
        expect(ballot.locator(".dots-left")).to_have_text(
            "Te quedan 3 de 3 puntos (máximo 2 por alternativa).", timeout=WAIT_MS
        )
        add_first = ballot.get_by_role("button", name=f"Dar un punto a «{ALT_1}»")
        add_first.focus()
        page.keyboard.press("Enter")
        page.keyboard.press("Enter")
        expect(add_first).to_be_disabled()  # two is the most on one alternative
        ballot.get_by_role("button", name=f"Dar un punto a «{ALT_2}»").click()
        expect(ballot.locator(".dots-left")).to_contain_text("Te quedan 0 de 3")
        expect(ballot.get_by_role("button", name="Dar un punto a «Mesas en horario vespertino»")).to_be_disabled()
        ballot.get_by_role("button", name="Enviar mi boleta").click()
        expect(ballot.locator(".form-message--done")).to_have_text("Tu boleta quedó registrada.")
        assert my_ballot(dots_round) == {"dots": {ids[0]: 2, ids[1]: 1}}

        # The round closes while a new ballot is on its way: the page cannot
        # have heard of the close before the click, the server refuses the
        # ballot and the person is told, even after the pushed close has
        # taken the form away.
        closes: list[int] = []

        def close_then_send(route: Route) -> None:
            closes.append(api.http.post(f"{base}/{dots_round}/close", headers=fac).status_code)
            route.continue_()

        page.route("**/api/workshops/*/rounds/*/ballot", close_then_send)
        ballot.get_by_role("button", name=f"Quitar un punto a «{ALT_2}»").click()
        ballot.get_by_role("button", name="Reemplazar mi boleta").click()
        dots = page.locator(f'.round[data-round-id="{dots_round}"]')
        expect(dots.locator(".round-status")).to_have_text("Cerrada", timeout=PUSH_WAIT_MS)
        expect(ballot).to_have_count(0)
        refusal = dots.get_by_role("alert")
        # The server's message, once (the page added «La votación ya cerró.» before it).
        expect(refusal).to_have_text("La votación ya se cerró; no admite más boletas.")
        page.unroute("**/api/workshops/*/rounds/*/ballot")
        assert closes == [200]
        assert my_ballot(dots_round) == {"dots": {ids[0]: 2, ids[1]: 1}}

        ranked_round = open_round(api, w, {"method": "ranked", "options": ids})
        # The round closed and a new one opened: the page follows (pushed).
        expect(page.locator(".ranked")).to_be_visible(timeout=PUSH_WAIT_MS)
        ballot = page.locator("form.ballot")
        for title in (ALT_1, ALT_2, "Mesas en horario vespertino"):
            ballot.get_by_role("button", name=f"Agregar «{title}»").click()
        # Move the third one up twice with the keyboard: focus follows it.
        ballot.get_by_role("button", name="Subir «Mesas en horario vespertino»").focus()
        page.keyboard.press("Enter")
        page.keyboard.press("Enter")
        expect(ballot.locator(".ranked-title")).to_have_text(["Mesas en horario vespertino", ALT_1, ALT_2])
        expect(ballot.locator("[aria-live=polite]").last).to_contain_text("ahora está en el lugar 1 de 3")
        # At the top «Subir» is disabled, so the focus went to its «Bajar».
        expect(ballot.get_by_role("button", name="Bajar «Mesas en horario vespertino»")).to_be_focused()
        page.keyboard.press("Enter")
        expect(ballot.locator(".ranked-title")).to_have_text([ALT_1, "Mesas en horario vespertino", ALT_2])
        ballot.get_by_role("button", name=f"Quitar «{ALT_2}» del orden").click()
        ballot.get_by_role("button", name="Enviar mi boleta").click()
        expect(ballot.locator(".form-message--done")).to_have_text("Tu boleta quedó registrada.")
        assert my_ballot(ranked_round) == {"ranking": [ids[0], ids[2]]}
        fits_the_phone(page)
        screenshot(page, artifacts_dir / "voting-ranked-phone.png")
        close_round(api, w, ranked_round)

        # Score: every criterion of an option, or none.
        criteria = [{"id": "impact", "label": "Impacto", "weight": 2}, {"id": "time", "label": "Tiempo"}]
        score_round = open_round(api, w, {"method": "score", "options": ids[:2], "config": {"criteria": criteria}})
        expect(page.locator(".score-option")).to_have_count(2, timeout=PUSH_WAIT_MS)
        ballot = page.locator("form.ballot")
        first, second = ballot.locator(".score-option").nth(0), ballot.locator(".score-option").nth(1)
        first.get_by_label("Impacto").select_option("4")
        first.get_by_label("Tiempo").select_option("2")
        second.get_by_label("Impacto").select_option("5")
        ballot.get_by_role("button", name="Enviar mi boleta").click()
        expect(second.locator(".form-message--error")).to_have_text(
            "Califica todos los criterios de esta alternativa, o ninguno."
        )
        second.get_by_label("Impacto").select_option("")
        ballot.get_by_role("button", name="Enviar mi boleta").click()
        expect(ballot.locator(".form-message--done")).to_have_text("Tu boleta quedó registrada.")
        assert my_ballot(score_round) == {"scores": {ids[0]: {"impact": 4, "time": 2}}}
        close_round(api, w, score_round)

        # Fist to five: 0 or 1 fingers object and need a reason.
        fist_round = open_round(api, w, {"method": "fist_to_five", "options": ids[:2]})
        expect(page.locator(".fist-answers")).to_have_count(2, timeout=PUSH_WAIT_MS)
        ballot = page.locator("form.ballot")
        first, second = ballot.locator(".consent-option").nth(0), ballot.locator(".consent-option").nth(1)
        first.get_by_label("1 objeción").check()
        second.get_by_label("4 apoyo").check()
        ballot.get_by_role("button", name="Enviar mi boleta").click()
        expect(first.locator(".form-message--error")).to_have_text("Una objeción necesita su razón.")
        first.get_by_label("Razón de tu objeción (obligatoria)").fill("Duplica lo que ya hace el municipio.")
        ballot.get_by_role("button", name="Enviar mi boleta").click()
        expect(ballot.locator(".form-message--done")).to_have_text("Tu boleta quedó registrada.")
        assert my_ballot(fist_round) == {
            "fist": {ids[0]: 1, ids[1]: 4},
            "reasons": {ids[0]: "Duplica lo que ya hace el municipio."},
            "comments": {},
        }
        fits_the_phone(page)
        screenshot(page, artifacts_dir / "voting-fist-phone.png")
    finally:
        ctx.close()
