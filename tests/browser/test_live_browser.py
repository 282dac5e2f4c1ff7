"""The room follows the facilitator without polling, in headless Chromium: a
participant's page sits still (no request for the room's state while
nothing changes), then the facilitator changes the phase and opens a round
through the HTTP API and the page shows both at once, with no reload, and
asks for the rounds only because the server pushed a new version of them
(the live document, docs/realtime.md)."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_voting import auth, open_page, tab
from tests.server.test_voting_api import mesa

pytestmark = pytest.mark.browser

# Longer than any interval the room used to poll at (3, 5, 8, 10, 15 s... the
# shortest ones are what a poll would show within the window).
QUIET_S = 6.0
PUSH_WAIT_MS = 5_000

COUNT_FETCHES = """() => {
  window.__sameDocument = true;
  window.__asked = [];
  const original = window.fetch;
  window.fetch = (input, init) => {
    window.__asked.push(String((input && input.url) || input));
    return original(input, init);
  };
}"""


class Asked:
    """The room's state resources the page asked for since the last ``clear``."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def clear(self) -> None:
        self.page.evaluate("() => { window.__asked = []; }")

    def urls(self) -> list[str]:
        return [u for u in self.page.evaluate("() => window.__asked") if STATE_RESOURCES.search(u)]


STATE_RESOURCES = re.compile(
    r"/api/workshops/[^/]+/(rounds|alternatives|decisions|ideation|minutes|commitments|assessment)"
)


def test_a_participant_page_follows_the_facilitator_with_no_polling(browser, make_server, make_api):
    server = make_server()
    api = make_api(server)
    w, people, a1, a2 = mesa(api, voters=2)
    fac = auth(w["facilitator_token"])
    ctx, page = open_page(browser, server, w, people[0]["token"])
    try:
        # Counted in the page (its service worker answers some requests
        # where Playwright's network events do not see them).
        page.evaluate(COUNT_FETCHES)
        asked = Asked(page)
        tab(page, "alternatives")
        expect(page.locator(f'[data-alternative-id="{a1}"]')).to_be_visible()
        time.sleep(1.0)  # the page's first answers (and the live document's first sync)

        # Nothing changes: nothing is asked for.
        asked.clear()
        time.sleep(QUIET_S)
        assert asked.urls() == [], "the page asked for the room's state while nothing changed"

        # The facilitator moves the mesa back to «Alternativas»: the page follows.
        assert api.set_phase(w, "alternativas").status_code == 200
        expect(page.locator(".phase-current .badge--phase")).to_have_text("Alternativas", timeout=PUSH_WAIT_MS)
        assert api.set_phase(w, "votacion").status_code == 200
        expect(page.locator(".phase-current .badge--phase")).to_have_text("Votación", timeout=PUSH_WAIT_MS)
        tab(page, "alternatives")
        expect(page.locator(f'[data-alternative-id="{a1}"]')).to_be_visible()

        # The facilitator opens a round: the page hears of it at once.
        asked.clear()
        opened_at = time.monotonic()
        request = {"method": "approval", "options": [a1, a2], "question": "¿Cuál aprobamos?"}
        r = api.http.post(f"/api/workshops/{w['id']}/rounds", json=request, headers=fac)
        assert r.status_code == 201, r.text
        go = page.get_by_role("button", name="Ir a votar")
        expect(go).to_be_visible(timeout=PUSH_WAIT_MS)
        print(f"\nround banner shown {1000 * (time.monotonic() - opened_at):.0f} ms after the round opened")
        assert any("/rounds" in url for url in asked.urls()), "the rounds were asked for after the push"
        go.click()
        expect(page.locator(".round-question")).to_have_text("¿Cuál aprobamos?", timeout=PUSH_WAIT_MS)

        # Another person votes: the participation on show follows.
        ballot = f"/api/workshops/{w['id']}/rounds/{r.json()['id']}/ballot"
        assert api.http.put(ballot, json={"approve": [a2]}, headers=auth(people[1]["token"])).status_code == 200
        expect(page.locator(".participation-total")).to_contain_text("Han votado 1 de 2", timeout=PUSH_WAIT_MS)

        # Settled again: no request while nothing changes, and never a reload.
        time.sleep(1.0)
        asked.clear()
        time.sleep(QUIET_S)
        assert asked.urls() == [], "the page asked for the room's state while nothing changed"
        assert page.evaluate("() => window.__sameDocument === true"), "the page reloaded"
    finally:
        ctx.close()
