"""Two people with the same plan page open (two browser contexts, one editor
link): a change of different fields keeps both (and is pushed to the other
page); a field the other saved first while this page was typing in it is
not overwritten: the page keeps what the person typed, says beside
the field what is stored now (role="alert"), and saves after «Conservar lo
mío»; «Usar lo guardado» takes the stored value instead (docs/plans.md,
«Two editors at once»)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from tests.browser.test_graph_editor import DESKTOP as DESKTOP_SIZE
from tests.browser.test_plan_browser import commitment_of_a_mesa, entry_titles
from tests.server.test_voting_api import auth
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.browser

WAIT_MS = 10_000
DESKTOP = ViewportSize(width=DESKTOP_SIZE["width"], height=DESKTOP_SIZE["height"])
SAVE = "Guardar los datos del plan"


def stored(server: LiveServer, plan_id: str, token: str) -> dict[str, Any]:
    r = httpx.get(f"{server.url}/api/plans/{plan_id}", headers=auth(token), timeout=10)
    assert r.status_code == 200, r.text
    return dict(r.json())


def editor_page(browser: Browser, server: LiveServer, plan_id: str, token: str) -> tuple[BrowserContext, Page]:
    ctx = browser.new_context(viewport=DESKTOP, locale="es-MX")
    ctx.add_cookies([{"name": f"cocrea_p_{plan_id}", "value": token, "url": server.url}])
    page = ctx.new_page()
    page.goto(f"{server.url}/planes/{plan_id}")
    expect(page.get_by_label("Título del plan")).to_be_visible(timeout=WAIT_MS)
    return ctx, page


def save(page: Page) -> None:
    page.locator(".plan-details").get_by_role("button", name=SAVE).click()


def test_two_pages_of_one_plan_never_overwrite_each_other_silently(
    browser: Browser, make_server: Any, make_api: Any, artifacts_dir: Any
) -> None:
    server = make_server()
    api = make_api(server)
    w = api.create_workshop()
    r = api.http.post(
        "/api/plans",
        json={"workshop_id": w["id"], "entity": "Toluca", "type": "municipal", "start": "2026-01-01"},
        headers=auth(w["facilitator_token"]),
    )
    assert r.status_code == 201, r.text
    plan_id, token = r.json()["plan"]["id"], r.json()["editor_url"].split("clave=", 1)[1]

    ana_ctx, ana = editor_page(browser, server, plan_id, token)
    beto_ctx, beto = editor_page(browser, server, plan_id, token)
    try:
        # Different fields: both changes stay, and Beto's page shows Ana's title afterwards.
        ana.get_by_label("Título del plan").fill("Plan de Ana")
        save(ana)
        expect(ana.locator(".plan-details .save")).to_have_text("Guardado", timeout=WAIT_MS)
        beto.get_by_label("Ente o municipio").fill("Ayuntamiento de Toluca")
        save(beto)
        expect(beto.locator(".plan-details .save")).to_have_text("Guardado", timeout=WAIT_MS)
        plan = stored(server, plan_id, token)
        assert (plan["title"], plan["entity"]) == ("Plan de Ana", "Ayuntamiento de Toluca")
        expect(beto.get_by_label("Título del plan")).to_have_value("Plan de Ana")

        # The same field, both typing at once: Ana saves first. The push of her
        # save does not replace what Beto is typing, and his save is refused
        # with his text kept.
        guarantor = beto.locator("#plan-guarantor")
        guarantor.fill("Instituto de Transparencia del Estado de México")
        beto.get_by_label("Fecha de aprobación").fill("2026-02-01")
        ana.get_by_label("Organismo garante").fill("Infoem")
        save(ana)
        expect(ana.locator(".plan-details .save")).to_have_text("Guardado", timeout=WAIT_MS)
        expect(beto.locator(".plan-details .save")).not_to_have_text("Guardado")
        expect(guarantor).to_have_value("Instituto de Transparencia del Estado de México")
        save(beto)
        alert = beto.locator("#plan-guarantor-conflict")
        expect(alert).to_have_attribute("role", "alert", timeout=WAIT_MS)
        expect(alert).to_contain_text("alguien más guardó aquí: «Infoem»")
        expect(guarantor).to_have_value("Instituto de Transparencia del Estado de México")
        expect(guarantor).to_be_focused()
        assert "plan-guarantor-conflict" in (guarantor.get_attribute("aria-describedby") or "")
        expect(beto.locator("#plan-details-error")).to_contain_text("alguien más cambió «organismo garante»")
        expect(beto.locator(".plan-details .save")).to_have_text(
            "Sin guardar: elige qué conservar en los datos marcados."
        )
        plan = stored(server, plan_id, token)
        assert (plan["guarantor"], plan["approved_on"]) == ("Infoem", None)  # nothing of Beto's save
        beto.locator(".plan-details").scroll_into_view_if_needed()
        beto.locator(".plan-details").screenshot(path=str(artifacts_dir / "plan-edit-conflict-desktop.png"))

        beto.get_by_role("button", name="Conservar lo mío (Organismo garante)").click()
        expect(beto.locator(".plan-details .save")).to_have_text("Guardado", timeout=WAIT_MS)
        expect(alert).to_have_count(0)
        plan = stored(server, plan_id, token)
        assert (plan["guarantor"], plan["approved_on"]) == (
            "Instituto de Transparencia del Estado de México",
            "2026-02-01",
        )

        # Taking the stored value instead: Ana's title replaces what Beto typed.
        ana.reload()
        beto.get_by_label("Título del plan").fill("Plan de Beto")
        ana.get_by_label("Título del plan").fill("Plan de Acción Municipal de Toluca")
        save(ana)
        expect(ana.locator(".plan-details .save")).to_have_text("Guardado", timeout=WAIT_MS)
        save(beto)
        expect(beto.locator("#plan-title-conflict")).to_contain_text(
            "«Plan de Acción Municipal de Toluca»", timeout=WAIT_MS
        )
        beto.get_by_role("button", name="Usar lo guardado (Título del plan)").click()
        expect(beto.locator("#plan-title")).to_have_value("Plan de Acción Municipal de Toluca")
        expect(beto.locator(".plan-details .save")).to_have_text("Guardado", timeout=WAIT_MS)
        assert stored(server, plan_id, token)["title"] == "Plan de Acción Municipal de Toluca"
        events = api.http.get(f"/api/plans/{plan_id}/events", headers=auth(token)).json()["events"]
        assert [e["payload"]["fields"] for e in events if e["kind"] == "plan_updated"] == [
            ["title"],
            ["entity"],
            ["guarantor"],
            ["approved_on", "guarantor"],
            ["title"],
        ]
    finally:
        ana_ctx.close()
        beto_ctx.close()


def test_a_move_from_a_list_someone_else_reordered_is_refused_and_the_list_read_again(
    browser: Browser, make_server: Any, make_api: Any, artifacts_dir: Any
) -> None:
    server = make_server()
    api = make_api(server)
    mesas = [commitment_of_a_mesa(api, title) for title in ("Primero", "Segundo", "Tercero")]
    fac = auth(mesas[0][0]["facilitator_token"])
    r = api.http.post(
        "/api/plans",
        json={"workshop_id": mesas[0][0]["id"], "entity": "Toluca", "type": "local", "start": "2026-01-01"},
        headers=fac,
    )
    assert r.status_code == 201, r.text
    plan_id, token = r.json()["plan"]["id"], r.json()["editor_url"].split("clave=", 1)[1]
    for w, commitment in mesas:
        r = api.http.post(
            f"/api/plans/{plan_id}/commitments",
            json={"workshop_id": w["id"], "commitment_id": commitment["id"]},
            headers=auth(token) | {"X-Workshop-Token": w["facilitator_token"]},
        )
        assert r.status_code == 201, r.text

    ana_ctx, ana = editor_page(browser, server, plan_id, token)
    beto_ctx = browser.new_context(viewport=DESKTOP, locale="es-MX")
    beto_ctx.add_cookies([{"name": f"cocrea_p_{plan_id}", "value": token, "url": server.url}])
    beto = beto_ctx.new_page()
    # Beto's page hears no push (its live socket opens but never reaches the
    # server), as when the push of Ana's move is still on its way.
    beto.route_web_socket("**/ws/plans/**", lambda ws: None)
    beto.goto(f"{server.url}/planes/{plan_id}")
    try:
        expect(beto.locator(".plan-entry")).to_have_count(3, timeout=WAIT_MS)
        ana.get_by_role("button", name="Subir «Tercero»").click()
        expect(ana.locator(".plan-entry").nth(1)).to_contain_text("Tercero", timeout=WAIT_MS)
        # Beto's page still shows the old order; his move would undo Ana's.
        beto.get_by_role("button", name="Subir «Segundo»").click()
        alert = beto.locator(".plan-order-error")
        expect(alert).to_contain_text("Alguien más cambió el orden de los compromisos", timeout=WAIT_MS)
        expect(alert).to_have_attribute("role", "alert")
        expect(beto.locator(".plan-entry").nth(1)).to_contain_text("Tercero", timeout=WAIT_MS)
        assert entry_titles(beto) == ["Primero", "Tercero", "Segundo"]
        titles = [e["commitment"]["sheet"]["title"] for e in stored(server, plan_id, token)["commitments"]]
        assert titles == ["Primero", "Tercero", "Segundo"]
        beto.locator(".plan-commitments").screenshot(path=str(artifacts_dir / "plan-order-conflict-desktop.png"))
        # From the list read again, the move works.
        beto.get_by_role("button", name="Subir «Segundo»").click()
        expect(beto.locator(".plan-entry").nth(1)).to_contain_text("Segundo", timeout=WAIT_MS)
        expect(alert).to_be_empty()
    finally:
        ana_ctx.close()
        beto_ctx.close()
