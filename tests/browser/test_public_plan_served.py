"""The public page as the server sends it, in a real Chromium with no
cookies: the plan is published, a responsable reports an activity with a PDF
and the verifier verifies it through the real routes; a fresh context then
reads the verified progress, the status and the evidence (its address and
SHA-256), at 360 px and 1280 px with nothing wider than the screen, under
the page's own Content-Security-Policy (no violation reported). Screenshots
go to test-artifacts/."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.conftest import Api
from tests.server.test_follow_up_api import PDF, Plan, import_plan, multipart, with_links
from tests.support.live_server import LiveServer
from tests.support.refusals import sqlite_file

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    tmp = tmp_path_factory.mktemp("public-served")
    live = LiveServer(f"sqlite:///{tmp}/cocrea.db", tmp / "server.log", room_grace_seconds=0)
    live.start()
    yield live
    live.kill()


@pytest.fixture(scope="module")
def plan(server: LiveServer) -> Iterator[Plan]:
    api = Api(server)
    db = sqlite_file(server.env["COCREA_DATABASE_URL"])
    plan = with_links(import_plan(api, db), import_plan(api, db))
    plan.ok("POST", "/publish", "editor")
    files = [("acta-de-instalacion.pdf", PDF, "application/pdf")]
    plan.ok("POST", plan.update_path(), "responsable", **multipart(files=files, note="Acta firmada"))
    plan.ok("PUT", plan.verification_path(), "verifier", json={"decision": "verificada", "reason": "Completa"})
    yield plan
    api.http.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_a_stranger_reads_the_verified_progress_and_evidence(browser: Browser, plan: Plan, width: int) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    assert context.cookies() == []
    page = context.new_page()
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        response = page.goto(f"{plan.api.server.url}/publico/planes/{plan.id}")
        assert response is not None and response.status == 200
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        activity = page.locator(f"#actividad-{plan.activities['k-infoem'][0]}")
        assert activity.locator(".badge").first.inner_text() == "Verificada"
        assert hashlib.sha256(PDF).hexdigest() in activity.inner_text()
        link = activity.get_by_role("link", name="acta-de-instalacion.pdf").or_(
            activity.locator(f"a[href*='/api/plans/{plan.id}/evidence/']")
        )
        href = link.first.get_attribute("href")
        assert href is not None and href.startswith(plan.api.server.url)
        # Its own style applies (inline, allowed by its CSP): the badge is not plain text.
        color = activity.locator(".badge").first.evaluate("e => getComputedStyle(e).borderTopStyle")
        assert color != "none"
        assert page.get_by_text("10 %", exact=True).first.is_visible()
        page.screenshot(path=str(ARTIFACTS / f"public_plan_served_{width}.png"), full_page=True)
        assert blocked == []
    finally:
        context.close()
