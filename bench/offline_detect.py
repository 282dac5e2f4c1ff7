"""How long the room takes to show «Sin conexión» once the network goes.

Starts the real server (``python -m server`` on a free port, SQLite in a
temporary directory), opens a workshop's room as the facilitator in headless
Chromium, and cuts the connection ``--runs`` times in two ways:

- ``browser offline``: Playwright's ``context.set_offline(True)`` (the
  browser knows: its ``offline`` event fires);
- ``server frozen``: SIGSTOP on the server process, so the socket stays open
  and nothing answers (a Wi-Fi that drops without telling anyone): only the
  heartbeat (room-connection.js: a query-awareness message every 2 s, no
  message for 4 s means offline) can tell.

Each time it measures in the page, from just before the cut to the first
animation frame where the header shows the offline state, then restores the
connection and waits for «Conectado». Prints the median, min and max of each.

Run: ``.venv/bin/python bench/offline_detect.py [--runs 5]`` (after
``cd static && npm run build``).
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import tempfile
from pathlib import Path

import httpx
from browser_layout import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, start_server
from playwright.sync_api import Page, sync_playwright

OFFLINE = "() => { const on = !!document.querySelector('.status-bar .conn--offline'); \
if (on && window.__cut && !window.__seen) window.__seen = performance.now(); return on; }"
ONLINE = "() => !!document.querySelector('.status-bar .conn--connected')"


def measure(page: Page, cut, restore) -> float:
    page.wait_for_function(ONLINE, timeout=60_000)
    page.evaluate("() => { window.__seen = 0; window.__cut = performance.now(); }")
    cut()
    page.wait_for_function(OFFLINE, polling="raf", timeout=60_000)
    elapsed = page.evaluate("() => window.__seen - window.__cut")
    restore()
    page.wait_for_function(ONLINE, timeout=60_000)
    return float(elapsed)


def report(name: str, values: list[float]) -> None:
    shown = ", ".join(f"{v / 1000:.2f}" for v in values)
    print(
        f"{name:16} median {statistics.median(values) / 1000:.2f} s  "
        f"min {min(values) / 1000:.2f}  max {max(values) / 1000:.2f}  ({shown})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_server(Path(tmp))
        try:
            with httpx.Client(base_url=url, timeout=30) as http:
                r = http.post("/api/workshops", json={"title": "Banco de pruebas", "entity": "Toluca"})
                workshop = r.json()
                http.put(
                    f"/api/workshops/{workshop['id']}/phase",
                    json={"phase": "arbol_de_problemas"},
                    headers={"Authorization": f"Bearer {workshop['facilitator_token']}"},
                )
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                context = browser.new_context(viewport=VIEWPORT)
                page = context.new_page()
                page.goto(workshop["facilitator_url"])
                browser_offline = [
                    measure(page, lambda: context.set_offline(True), lambda: context.set_offline(False))
                    for _ in range(args.runs)
                ]
                frozen = [
                    measure(page, lambda: os.kill(proc.pid, signal.SIGSTOP), lambda: os.kill(proc.pid, signal.SIGCONT))
                    for _ in range(args.runs)
                ]
                browser.close()
        finally:
            os.kill(proc.pid, signal.SIGCONT)
            proc.kill()
            proc.wait()
    print(f"time from cutting the connection to «Sin conexión» in the header ({args.runs} runs each)")
    report("browser offline", browser_offline)
    report("server frozen", frozen)


if __name__ == "__main__":
    main()
