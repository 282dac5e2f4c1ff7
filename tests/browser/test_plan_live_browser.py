"""Pushed, not polled: a plan's pages follow changes made elsewhere (the
plan's ``live`` document, docs/realtime.md). Two editors on the plan's page:
one moves a commitment, the other's page shows the new order without a
reload, and what that other editor was typing in the details stays. The
responsable reports an activity from their page; the organismo garante's
open page lists it to verify, and the editor's page shows it in the
history, without a reload. Screenshots of the pages that were pushed to."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.test_follow_up_browser import fresh_context
from tests.browser.test_voting import screenshot
from tests.server.test_follow_up_api import import_plan
from tests.support.refusals import sqlite_file

pytestmark = pytest.mark.browser

NOTE = "Se instaló la mesa con 40 personas de 12 colonias"
TYPED = "Plan de Acción Local 2027 (borrador sin guardar)"
WAIT_MS = 10_000


def editor_page(browser: Browser, server: Any, plan: Any, contexts: list[BrowserContext]) -> Page:
    context = fresh_context(browser)
    contexts.append(context)
    context.add_cookies([{"name": f"cocrea_p_{plan.id}", "value": plan.tokens["editor"], "url": server.url}])
    page = context.new_page()
    page.goto(f"{server.url}/planes/{plan.id}")
    expect(page.locator(".plan-entry")).to_have_count(2)
    return page


def link_page(browser: Browser, url: str, contexts: list[BrowserContext]) -> Page:
    context = fresh_context(browser)
    contexts.append(context)
    page = context.new_page()
    page.goto(url)
    expect(page.locator("section.tracking-commitment").first).to_be_visible()
    return page


def order(page: Page) -> list[str | None]:
    return [e.get_attribute("data-commitment-id") for e in page.locator(".plan-entry").all()]


def test_the_other_pages_show_a_change_without_reloading(
    browser: Browser, make_server: Any, make_api: Any, artifacts_dir: Any
) -> None:
    server = make_server()
    api = make_api(server)
    plan = import_plan(api, sqlite_file(server.env["COCREA_DATABASE_URL"]))
    links = {}
    for who, path, body in (
        ("responsable", "/commitments/k-infoem/reporters", {"role": "responsable", "name": "Laura Méndez"}),
        ("verifier", "/verifiers", {"name": "Rosa Camacho", "organization": "Organismo garante"}),
    ):
        answer = plan.ok("POST", path, "editor", json=body)
        links[who] = answer.get("reporter_url") or answer["verifier_url"]
    contexts: list[BrowserContext] = []
    try:
        # Two editors on the plan's page; the second has typed a title, unsaved.
        first = editor_page(browser, server, plan, contexts)
        second = editor_page(browser, server, plan, contexts)
        assert order(second) == ["k-infoem", "k-red"]
        second.get_by_label("Título del plan").fill(TYPED)

        first.locator('.plan-entry[data-commitment-id="k-infoem"]').get_by_role("button", name="↓ Bajar").click()
        expect(first.locator(".plan-entry").first).to_have_attribute("data-commitment-id", "k-red")
        # Pushed to the second page: the new order, with the typed title kept.
        expect(second.locator(".plan-entry").first).to_have_attribute("data-commitment-id", "k-red", timeout=WAIT_MS)
        expect(second.get_by_label("Título del plan")).to_have_value(TYPED)
        expect(second.locator(".plan-history-item").first).to_have_attribute("data-kind", "plan_commitments_reordered")
        screenshot(second, artifacts_dir / "plan-live-other-editor.png")

        # The organismo garante's page is open; the responsable reports from theirs.
        verifier = link_page(browser, links["verifier"], contexts)
        expect(verifier.locator(".tracking-verification")).to_have_count(0)
        reporter = link_page(browser, links["responsable"], contexts)
        activity = reporter.locator(".tracking-activity").first
        activity_id = activity.get_attribute("data-activity-id")
        activity.locator("summary", has_text="Reportar avance").click()
        activity.get_by_label("Estado").select_option("por_verificar")
        activity.get_by_label("Nota").fill(NOTE)
        activity.get_by_role("button", name="Enviar el reporte").click()
        expect(activity.locator(".tracking-update")).to_have_count(1)

        waiting = verifier.locator(f'.tracking-verification[data-activity-id="{activity_id}"]')
        expect(waiting).to_contain_text(NOTE, timeout=WAIT_MS)
        screenshot(verifier, artifacts_dir / "plan-live-verifier.png")
        # The editors' pages too: the report is in the history.
        expect(second.locator(".plan-history-item").first).to_have_attribute(
            "data-kind", "follow_up_update", timeout=WAIT_MS
        )
        expect(second.get_by_label("Título del plan")).to_have_value(TYPED)
    finally:
        for context in contexts:
            context.close()


def test_the_public_page_shows_a_report_without_reloading(
    browser: Browser, make_server: Any, make_api: Any, artifacts_dir: Any
) -> None:
    server = make_server()
    api = make_api(server)
    plan = import_plan(api, sqlite_file(server.env["COCREA_DATABASE_URL"]))
    link = plan.ok("POST", "/commitments/k-infoem/reporters", "editor", json={"role": "responsable", "name": "Laura"})
    plan.ok("POST", "/publish", "editor")
    activity_id = plan.activities["k-infoem"][0]
    stranger = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-MX")
    try:
        page = stranger.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{server.url}/publico/planes/{plan.id}")
        public_activity = page.locator(f"#actividad-{activity_id}")
        expect(public_activity.locator(".badge").first).to_have_text("Sin iniciar")
        page.evaluate("window.notReloaded = true")
        r = plan.api.http.post(
            f"/api/plans/{plan.id}/commitments/k-infoem/activities/{activity_id}/updates",
            json={"status": "por_verificar", "note": NOTE, "links": []},
            headers={"Authorization": f"Bearer {link['token']}"},
        )
        assert r.status_code == 201, r.text
        expect(public_activity.locator(".badge").first).to_have_text("Por verificar", timeout=WAIT_MS)
        expect(public_activity).to_contain_text(NOTE)
        assert page.evaluate("window.notReloaded") is True
        assert errors == []  # the page's CSP lets its one script and its socket through
        screenshot(page, artifacts_dir / "plan-live-public.png")
    finally:
        stranger.close()
