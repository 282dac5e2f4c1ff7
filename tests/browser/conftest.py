from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's default of 5 s for an assertion is short on a two-core machine
# running uvicorn, Chromium and a save round trip at once (a «Guardado» seen
# after 5 s in CI); a real failure still fails, 10 s later.
expect.set_options(timeout=10_000)


# The browser of a person in Mexico. Pages follow the browser's
# Accept-Language when no ``?lang=`` or cookie chose (server/i18n.py), and
# Playwright's Chromium asks for en-US unless a context says otherwise.
LOCALE = "es-MX"


class SpanishFirst:
    """A ``Browser`` whose new pages and contexts ask for Spanish unless a
    test passes its own ``locale``."""

    def __init__(self, browser: Browser) -> None:
        self._browser = browser

    def new_page(self, **options: Any) -> Any:
        options.setdefault("locale", LOCALE)
        return self._browser.new_page(**options)

    def new_context(self, **options: Any) -> Any:
        options.setdefault("locale", LOCALE)
        return self._browser.new_context(**options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield SpanishFirst(browser)  # type: ignore[misc]
        browser.close()
