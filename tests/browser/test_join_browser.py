"""Joining through the page: without both acceptances nothing is sent or
stored and the page says why in its language; with them, the server keeps
the time and the versions accepted with the participant. (The server's own
refusal of a join without them: tests/server/test_refusals.py.)"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from typing import Any

from playwright.sync_api import Browser, expect

from tests.support.refusals import sqlite_file, stored_state


def test_the_join_page_sends_both_acceptances_and_the_server_insists(
    browser: Browser, make_server: Any, make_api: Any, artifacts_dir: Any
) -> None:
    server = make_server(room_grace_seconds=0)
    api = make_api(server)
    w = api.create_workshop()
    db = sqlite_file(server.env["COCREA_DATABASE_URL"])
    page = browser.new_page(viewport={"width": 360, "height": 800})
    try:
        page.goto(f"{server.url}/j/{w['join_code']}?lang=en")
        page.fill("#join-name", "Nadia Pérez")
        page.locator("#join-sector-first").check()
        page.locator("#join-conduct").check()
        # Past the browser's own check of the box, the page says why, in its language.
        page.evaluate("document.getElementById('join-privacy').required = false")
        before = stored_state(db)
        page.get_by_role("button", name="Enter the workshop").click()
        expect(page.locator(".form-message--error")).to_have_text("To join, accept the privacy notice.")
        expect(page.locator("#join-privacy")).to_be_focused()
        assert stored_state(db) == before
        page.screenshot(path=str(artifacts_dir / "join-refused-phone.png"), full_page=True)

        page.locator("#join-privacy").check()
        page.get_by_role("button", name="Enter the workshop").click()
        page.wait_for_url(re.compile(rf"/w/{w['id']}"))
    finally:
        page.close()
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        row = conn.execute(
            "SELECT privacy_accepted_at, code_of_conduct_accepted_at, privacy_notice_version, code_of_conduct_version "
            "FROM participant WHERE name = 'Nadia Pérez'"
        ).fetchone()
    assert row is not None and row[0] and row[0] == row[1]
    assert re.fullmatch(r"[0-9a-f]{12}", row[2]) and re.fullmatch(r"[0-9a-f]{12}", row[3])
