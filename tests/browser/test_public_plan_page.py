"""The public page of a published plan in a real Chromium, loaded as a
static file (no server, no cookies): at 360 px and 1280 px nothing is wider
than the screen, the progress and the late mark show, axe-core finds no
violation, and the screenshots are kept in test-artifacts/ to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from exporters.follow_up_html import render_public_page
from exporters.follow_up_view import follow_up_view
from tests.browser.test_accessibility import assert_accessible
from tests.support.follow_up_sample import TODAY, sample_plan

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def page_file() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "public_plan.html"
    path.write_bytes(render_public_page(follow_up_view(sample_plan(), TODAY)))
    return path


@pytest.mark.parametrize("width", [360, 1280])
def test_the_public_page_reads_at_phone_and_desktop_widths(browser: Browser, page_file: Path, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(page_file.as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        wide = page.evaluate(
            """(w) => [...document.querySelectorAll('body *')]
                .filter((e) => e.getBoundingClientRect().right > w + 1)
                .map((e) => e.tagName + '.' + e.className)""",
            width,
        )
        assert wide == []
        assert page.get_by_text("40 %", exact=True).first.is_visible()
        late = page.locator("#actividad-a-1-2 .badge.late")
        assert late.inner_text() == "Atrasada"
        assert page.locator("#actividad-a-1-1 code").first.inner_text() == sample_plan().evidence[0].sha256
        page.screenshot(path=str(ARTIFACTS / f"public_plan_{width}.png"), full_page=True)
        assert_accessible(page, f"public page at {width} px")
    finally:
        context.close()


def test_the_public_page_prints(browser: Browser, page_file: Path) -> None:
    page = browser.new_page()
    try:
        page.goto(page_file.as_uri())
        pdf = page.pdf(format="Letter")
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
        (ARTIFACTS / "public_plan_print.pdf").write_bytes(pdf)
    finally:
        page.close()
