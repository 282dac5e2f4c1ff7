"""The commitment sheet in headless Chromium: two people type in «Supuestos»
at the same time (one on a laptop, one on a phone, two real browser
contexts typing concurrently) and both sentences end up on both pages, with
«Guardado»; when the facilitator makes the commitment definitive, both pages
turn read-only at once."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, Page, async_playwright, expect

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, LOCALE
from tests.browser.test_graph_editor import DESKTOP, PHONE
from tests.server.test_roadmap_api import with_commitment
from tests.server.test_sheet_doc import COMPLETE
from tests.server.test_voting_api import auth

pytestmark = pytest.mark.browser

WAIT_MS = 15_000
BASE = "Hay presupuesto asignado."
ANA = "La red de enlaces funciona desde enero. "
BETO = " Los municipios aceptan participar."


async def open_sheet(browser: Browser, server: Any, w: dict[str, Any], token: str, viewport: dict[str, int]) -> Page:
    phone = viewport is PHONE
    ctx = await browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone, locale=LOCALE)
    await ctx.add_cookies([{"name": f"cocrea_s_{w['id']}", "value": token, "url": server.url}])
    page = await ctx.new_page()
    await page.goto(f"{server.url}/w/{w['id']}")
    await page.locator('.stage-tab[data-tab="commitments"]').click()
    await expect(page.locator(".commitment .doc-status .save")).to_have_text("Guardado", timeout=WAIT_MS)
    return page


def assumptions(page: Page):
    return page.locator(".commitment").get_by_label("Supuestos", exact=True)


async def test_two_people_typing_in_supuestos_at_once_both_keep_their_sentence(
    make_server, make_api, artifacts_dir: Path
):
    server = make_server()
    api = make_api(server)
    w, people, cid = with_commitment(api)
    base = f"/api/workshops/{w['id']}/commitments/{cid}"
    fac = auth(w["facilitator_token"])
    complete = {**COMPLETE, "assumptions": BASE}
    assert api.http.put(base, json=complete, headers=fac).status_code == 200
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            ana = await open_sheet(browser, server, w, people[0]["token"], DESKTOP)
            beto = await open_sheet(browser, server, w, people[1]["token"], PHONE)
            for page in (ana, beto):
                await expect(assumptions(page)).to_have_value(BASE, timeout=WAIT_MS)

            # Ana types at the start, Beto at the end, keystroke by keystroke, at the same time.
            await assumptions(ana).click()
            await ana.keyboard.press("Control+Home")
            await assumptions(beto).click()
            await beto.keyboard.press("Control+End")
            await asyncio.gather(
                assumptions(ana).press_sequentially(ANA, delay=30),
                assumptions(beto).press_sequentially(BETO, delay=30),
            )
            both = ANA + BASE + BETO
            for page in (ana, beto):
                await expect(assumptions(page)).to_have_value(both, timeout=WAIT_MS)
                await expect(page.locator(".commitment .doc-status .save")).to_have_text("Guardado", timeout=WAIT_MS)
            listed = api.http.get(f"/api/workshops/{w['id']}/commitments", headers=fac).json()["commitments"]
            assert listed[0]["sheet"]["assumptions"] == both
            await ana.screenshot(path=str(artifacts_dir / "sheet-typing-1280.png"), full_page=True)
            await beto.locator(".commitment").screenshot(path=str(artifacts_dir / "sheet-typing-360.png"))
            assert await beto.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]

            # The facilitator makes it definitive: both pages turn read-only at once.
            for status in ("en_revision", "definitivo"):
                r = api.http.post(f"{base}/status", json={"status": status}, headers=fac)
                assert r.status_code == 200, r.text
            for page in (ana, beto):
                notice = page.locator(".commitment .notice--readonly")
                await expect(notice).to_contain_text("definitivo", timeout=WAIT_MS)
                await expect(assumptions(page)).to_have_attribute("readonly", "", timeout=WAIT_MS)
                await expect(page.locator(".commitment .step--current")).to_contain_text("Definitivo")
            await assumptions(ana).press_sequentially("tarde")
            await expect(assumptions(ana)).to_have_value(both)
            await ana.screenshot(path=str(artifacts_dir / "sheet-definitive-1280.png"), full_page=True)
        finally:
            await browser.close()
    listed = api.http.get(f"/api/workshops/{w['id']}/commitments", headers=fac).json()["commitments"]
    assert listed[0]["sheet"]["assumptions"] == both and listed[0]["status"] == "definitivo"
