"""A refusal in the room reads in the page's language: the server words it
(server/i18n.py) for the language the page asks in (static/src/api.js)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TOO_LONG = "x" * 230


def _propose_too_long(page) -> None:
    """Past the field's own limit (maxlength), as an older page or another client would send."""
    page.locator(".stage-tab[data-tab='alternatives']").click()
    field = page.locator("#propose-title")
    field.evaluate("el => el.removeAttribute('maxlength')")
    field.fill(TOO_LONG)
    page.locator("#propose-title").press("Enter")


def test_a_refusal_in_the_room_reads_in_english_on_an_english_page(browser, make_server, make_api, artifacts_dir):
    server = make_server(room_grace_seconds=0)
    api = make_api(server)
    w = api.create_workshop()
    ana = api.join(w, name="Ana")
    api.http.put(
        f"/api/workshops/{w['id']}/phase",
        json={"phase": "alternativas"},
        headers={"Authorization": f"Bearer {w['facilitator_token']}"},
    ).raise_for_status()
    room = f"{server.url}/w/{w['id']}"
    english, spanish = browser.new_context(), browser.new_context()
    try:
        page = english.new_page()
        page.goto(f"{room}?key={ana['token']}")
        page.goto(f"{room}?lang=en")  # the language switch: the page and its cookie say English
        expect(page.locator("html")).to_have_attribute("lang", "en")
        _propose_too_long(page)
        refusal = page.locator("form.propose .form-message--error[role='alert']")
        expect(refusal).to_have_text(f"The field “title” takes at most 200 characters ({len(TOO_LONG)} received).")
        page.screenshot(path=str(artifacts_dir / "refusal-english.png"), full_page=True)

        # The same refusal on a Spanish page (the default) stays Spanish.
        page = spanish.new_page()
        page.goto(f"{room}?key={ana['token']}")
        _propose_too_long(page)
        refusal = page.locator("form.propose .form-message--error[role='alert']")
        expect(refusal).to_have_text(
            f"El campo «título» admite como máximo 200 caracteres ({len(TOO_LONG)} recibidos)."
        )
    finally:
        english.close()
        spanish.close()
