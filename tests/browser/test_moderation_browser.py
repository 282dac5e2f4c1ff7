"""Running the room live (issue 12): a facilitator on a laptop, three phones
and the projector's display. The timer shows the same second everywhere, a
hand raised on a phone reaches the facilitator and the display by push, and
the facilitator brings everyone to the voting tab."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_voting import ALT_1, PROBLEM, auth, open_page, propose, seed_objective_tree

pytestmark = pytest.mark.browser

WAIT_MS = 10_000
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
PROJECTOR = {"width": 1920, "height": 1080}


def clock_seconds(page: Page) -> int:
    text = page.locator(".timer__clock").first.inner_text()
    parts = [int(p) for p in text.strip().split(":")]
    return parts[-1] + 60 * parts[-2] + (3600 * parts[-3] if len(parts) == 3 else 0)


def test_timer_hands_and_follow_reach_every_page(browser, make_server, make_api, artifacts_dir):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop(problem_statement=PROBLEM)
    seed_objective_tree(api, w)
    api.set_phase(w, "alternativas")
    people = [("Ana", "sociedad_civil"), ("Luis", "servicio_publico"), ("Irma", "organismo_garante")]
    joined = [api.join(w, name, sector) for name, sector in people]
    propose(api, w, joined[0]["token"], ALT_1, [])
    r = api.http.post(f"/api/workshops/{w['id']}/displays", headers=auth(w["facilitator_token"]))
    assert r.status_code == 201, r.text
    display_url = r.json()["display_url"]

    contexts = []
    try:
        fac_ctx, fac = open_page(browser, server, w, w["facilitator_token"], DESKTOP)
        contexts.append(fac_ctx)
        phones = []
        for person in joined:
            ctx, page = open_page(browser, server, w, person["token"], PHONE, phone=True)
            contexts.append(ctx)
            phones.append(page)
        display_ctx = browser.new_context(viewport=PROJECTOR)
        contexts.append(display_ctx)
        display = display_ctx.new_page()
        display.goto(display_url)
        expect(display.get_by_text("Conectado", exact=True)).to_be_visible(timeout=WAIT_MS)

        # The facilitator starts a 5-minute timer: every page counts it down
        # from the same instant, corrected for its own clock.
        panel = fac.locator(".moderation-panel")
        panel.get_by_role("button", name="5 min", exact=True).click()
        pages = [fac, *phones, display]
        for page in pages:
            expect(page.locator(".timer__clock").first).to_be_visible(timeout=WAIT_MS)
        seconds = [clock_seconds(page) for page in pages]
        assert max(seconds) - min(seconds) <= 1, seconds
        assert 240 < min(seconds) <= 300

        # A hand raised on a phone appears on the facilitator's page and the display.
        luis = phones[1]
        luis.locator(".moderation-bar select").select_option("point_of_order")
        luis.get_by_role("button", name="Pedir la palabra").click()
        expect(luis.get_by_text(re.compile(r"vas en el lugar 1"))).to_be_visible(timeout=WAIT_MS)
        expect(panel.locator(".speaker-list")).to_contain_text("Luis", timeout=WAIT_MS)
        expect(display.locator(".display-moderation__next")).to_contain_text("Luis", timeout=WAIT_MS)
        phones[0].get_by_role("button", name="Pedir la palabra").click()
        expect(panel.locator(".speaker-list__item").nth(1)).to_contain_text("Ana", timeout=WAIT_MS)

        # The facilitator gives the floor: every page says who has it.
        panel.get_by_role("button", name="Dar la palabra a quien sigue").click()
        for page in [*phones, display]:
            expect(page.get_by_text("Tiene la palabra: Luis (Servicio público)")).to_be_visible(timeout=WAIT_MS)
        expect(luis.get_by_text("Tienes la palabra.")).to_be_visible(timeout=WAIT_MS)

        # The facilitator brings everyone to the voting tab.
        fac.locator(".stage-tab[data-tab=voting]").click()
        panel.get_by_role("button", name=re.compile("Llevar a todas las personas a: Votación")).click()
        for page in [*phones, display]:
            expect(page.locator(".stage-tab[data-tab=voting]")).to_have_attribute(
                "aria-pressed", "true", timeout=WAIT_MS
            )
        # A phone that steps away gets one tap back.
        ana = phones[0]
        ana.locator(".stage-tab[data-tab=alternatives]").click()
        ana.get_by_role("button", name="Volver con la facilitación").click()
        expect(ana.locator(".stage-tab[data-tab=voting]")).to_have_attribute("aria-pressed", "true")
        expect(ana.get_by_role("button", name="Volver con la facilitación")).to_have_count(0)

        display.screenshot(path=str(artifacts_dir / "moderation-display-1920.png"))
        for i, page in enumerate(phones):
            page.screenshot(path=str(artifacts_dir / f"moderation-phone-{i + 1}.png"))
        fac.screenshot(path=str(artifacts_dir / "moderation-facilitator.png"), full_page=True)
        # Nothing is wider than a phone.
        for page in phones:
            assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    finally:
        for ctx in contexts:
            ctx.close()


def test_speaking_turns_reach_the_minutes_by_sector(make_server, make_api):
    server = make_server()
    api = make_api(server)
    w = api.create_workshop()
    ana = api.join(w, "Ana", "sociedad_civil")
    base = f"/api/workshops/{w['id']}"
    fac: dict[str, Any] = auth(w["facilitator_token"])
    api.http.post(f"{base}/speakers", json={}, headers=auth(ana["token"]))
    api.http.post(f"{base}/speakers/next", json={}, headers=fac)
    api.http.post(f"{base}/speakers/stop", json={}, headers=fac)
    texts = [m["text"] for m in api.http.get(f"{base}/minutes", headers=fac).json()["minutes"]]
    assert any(t.startswith("Intervino una persona de Sociedad civil (intervención,") for t in texts)
    assert texts[-1].startswith("Turnos de palabra por sector: Sociedad civil, 1 turno")
