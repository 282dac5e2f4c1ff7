"""A room on a local network in Chromium (server/lan.py): the room page
shows phones the LAN address in its join link, and someone who joins from
this machine's own address (127.0.0.1) stays on it, where their session
cookie is, even though the link names the LAN address."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Browser, expect

LAN = "127.0.0.2"  # a second loopback address stands for the LAN one here


def test_joining_from_this_machine_stays_on_its_host(browser: Browser, make_server: Any, make_api: Any) -> None:
    server = make_server(host="0.0.0.0", lan_address=LAN)
    api = make_api(server)
    w = api.create_workshop()
    assert w["join_url"] == f"http://{LAN}:{server.port}/j/{w['join_code']}"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{server.url}/j/{w['join_code']}")
        page.fill("#join-name", "Nadia Pérez")
        page.locator("#join-sector-first").check()
        page.locator("#join-privacy").check()
        page.locator("#join-conduct").check()
        page.get_by_role("button", name="Entrar a la mesa").click()
        expect(page.get_by_text("Conectado", exact=True)).to_be_visible(timeout=10_000)
        assert page.url == f"{server.url}/w/{w['id']}"
        page.get_by_role("button", name="Mostrar código").click()
        expect(page.locator(".join-overlay-url")).to_have_text(w["join_url"])
    finally:
        page.close()
