"""How long a phone on a slow network waits for the room and the join page.

Starts the real server (``python -m server`` on a free port, SQLite in a
temporary directory, as ``make run`` does), creates a mesa in the problem
tree phase with a tree of ``--nodes`` ideas (the import route) and a
participant (the join route, whose token becomes the browser's cookie).
Then drives headless Chromium at 360 px (a phone: mobile, touch, 2× pixels)
with the DevTools protocol's network throttling: ``--kbps`` down and up
(400) and ``--rtt`` ms of latency on every request (400), slow 3G.

For each page, ``--runs`` times:

- **cold**: a new browser context (empty HTTP cache, no service worker, no
  IndexedDB), the page opened once;
- **warm**: the same context, the page opened again (the HTTP cache, and for
  the room its service worker and the tree kept in IndexedDB);

and **room after join**: a new context that opens the join page, then the
room (a participant's real first visit: what the join page fetched, such as
the stylesheet and the messages, is in the cache by then).

It prints the time from navigation start until the page is usable, the bytes
transferred (the sum of CDP ``encodedDataLength`` over the page's requests:
headers and bodies as they came over the wire, compressed if they were) and
the number of requests. «Usable»: for the room, the tree's first field can be
typed into (a ``textarea`` of the tree that is not read-only: the document
synced over the WebSocket); for the join page, the form with its «Entrar»
button is on screen. The WebSocket's own frames are reported apart.

Only the page's requests are throttled: the service worker's own fetches
(its precache, after the room is shown; its network-first fetch of the room
page on a warm visit) are outside the page's DevTools target, so a warm room
visit is somewhat optimistic.

Run: ``.venv/bin/python bench/phone_load.py [--runs 3]`` (after
``make build``). ``BENCH_ROOT=/path/to/other/checkout`` serves another
checkout's server and build instead, to compare two versions.
"""

from __future__ import annotations

import argparse
import base64
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from browser_layout import CHROMIUM, CHROMIUM_ARGS, build_tree, seed_workshop, start_server
from playwright.sync_api import Browser, BrowserContext, CDPSession, Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from server.auth import cookie_name

PHONE = {"width": 360, "height": 740}

# Polled every animation frame; records the first moment it holds.
ROOM_USABLE = """() => {
  const ok = [...document.querySelectorAll('.tree-panel textarea')].some(e => !e.readOnly && !e.disabled);
  if (ok && !window.__usableAt) window.__usableAt = performance.now();
  return ok;
}"""
JOIN_USABLE = """() => {
  const ok = !!document.querySelector('.page--join form button[type=submit]');
  if (ok && !window.__usableAt) window.__usableAt = performance.now();
  return ok;
}"""


@dataclass
class Load:
    ms: float
    bytes: int
    requests: int
    ws_bytes: int
    by_type: dict[str, int] = field(default_factory=dict)


class Network:
    """The page's requests as the DevTools protocol reports them."""

    def __init__(self, cdp: CDPSession, kbps: int, rtt: int) -> None:
        self.cdp = cdp
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": rtt,
                "downloadThroughput": kbps * 1000 / 8,
                "uploadThroughput": kbps * 1000 / 8,
            },
        )
        self.reset()
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.webSocketFrameReceived", self._frame)
        cdp.on("Network.webSocketCreated", lambda e: self._ws("created", e))
        cdp.on("Network.webSocketHandshakeResponseReceived", lambda e: self._ws("handshake", e))

    def reset(self) -> None:
        self.times: dict[str, list[float]] = {}
        self.requests: dict[str, str] = {}
        self.types: dict[str, str] = {}
        self.encoded: dict[str, int] = {}
        self.ws_bytes = 0
        self.ws_events: list[tuple[str, float]] = []

    def _sent(self, event: dict[str, Any]) -> None:
        url = event["request"]["url"]
        if not url.startswith("data:"):
            self.requests[event["requestId"]] = url
            self.times[event["requestId"]] = [event["timestamp"]]

    def _response(self, event: dict[str, Any]) -> None:
        self.types[event["requestId"]] = event.get("type", "Other")

    def _finished(self, event: dict[str, Any]) -> None:
        self.encoded[event["requestId"]] = int(event["encodedDataLength"])
        self.times.setdefault(event["requestId"], [0.0]).append(event["timestamp"])

    def _ws(self, what: str, event: dict[str, Any]) -> None:
        if "timestamp" in event:
            self.ws_events.append((what, event["timestamp"]))

    def _frame(self, event: dict[str, Any]) -> None:
        payload = event["response"]["payloadData"]
        opcode = event["response"]["opcode"]
        size = len(base64.b64decode(payload)) if opcode == 2 else len(payload.encode())
        self.ws_events.append((f"frame of {size} B", event["timestamp"]))
        self.ws_bytes += size

    def load(self, ms: float, verbose: bool = False) -> Load:
        if verbose:
            t0 = min((t[0] for t in self.times.values()), default=0.0)
            for request_id, url in self.requests.items():
                size = self.encoded.get(request_id, 0)
                span = " → ".join(f"{(t - t0) * 1000:5.0f}" for t in self.times.get(request_id, []))
                print(f"    {size:8d} B  {self.types.get(request_id, '?'):10} {span:>15} ms  {url}")
            for what, t in self.ws_events[:8]:
                print(f"    WebSocket {what} at {(t - t0) * 1000:5.0f} ms")
            print(f"    usable at {ms:5.0f} ms after navigation start")
        by_type: dict[str, int] = {}
        for request_id, size in self.encoded.items():
            kind = self.types.get(request_id, "Other")
            by_type[kind] = by_type.get(kind, 0) + size
        return Load(ms, sum(self.encoded.values()), len(self.requests), self.ws_bytes, by_type)


def open_page(page: Page, network: Network, url: str, usable: str, verbose: bool) -> Load:
    network.reset()
    page.goto(url, wait_until="commit", timeout=120_000)
    page.wait_for_function(usable, polling="raf", timeout=120_000)
    ms = float(page.evaluate("() => window.__usableAt"))
    # Whatever the page still fetches for its first screen (quietly, after).
    page.wait_for_load_state("load", timeout=120_000)
    page.wait_for_timeout(300)
    return network.load(ms, verbose)


def measure(browser: Browser, url: str, usable: str, cookie: dict[str, Any] | None, args: Any) -> tuple[Load, Load]:
    context: BrowserContext = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2, locale="es-MX"
    )
    try:
        if cookie:
            context.add_cookies([cookie])
        page = context.new_page()
        network = Network(context.new_cdp_session(page), args.kbps, args.rtt)
        cold = open_page(page, network, url, usable, args.verbose)
        if "/w/" in url:
            # The room keeps itself offline (service worker, IndexedDB): let it.
            page.wait_for_function("() => document.documentElement.dataset.offlineReady", timeout=120_000)
        warm = open_page(page, network, url, usable, args.verbose)
        return cold, warm
    finally:
        context.close()


def after_join(browser: Browser, join_url: str, room_url: str, cookie: dict[str, Any], args: Any) -> Load:
    """The room as a participant first sees it: right after the join page
    (whose stylesheet and messages are in the cache by then)."""
    context: BrowserContext = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2, locale="es-MX"
    )
    try:
        page = context.new_page()
        network = Network(context.new_cdp_session(page), args.kbps, args.rtt)
        open_page(page, network, join_url, JOIN_USABLE, False)
        context.add_cookies([cookie])
        return open_page(page, network, room_url, ROOM_USABLE, args.verbose)
    finally:
        context.close()


def kb(n: float) -> str:
    return f"{n / 1024:6.1f} KB"


def report(name: str, loads: list[Load]) -> None:
    ms = [x.ms for x in loads]
    first = loads[0]
    kinds = ", ".join(f"{k} {v / 1024:.1f}" for k, v in sorted(first.by_type.items(), key=lambda kv: -kv[1]))
    print(
        f"{name:15} usable median {statistics.median(ms) / 1000:5.2f} s (min {min(ms) / 1000:.2f}, "
        f"max {max(ms) / 1000:.2f})   {kb(statistics.median(x.bytes for x in loads))} "
        f"over {statistics.median(x.requests for x in loads):.0f} requests   "
        f"+ WebSocket {kb(statistics.median(x.ws_bytes for x in loads))} received"
    )
    print(f"{'':15} by type (KB): {kinds}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--nodes", type=int, default=40)
    parser.add_argument("--kbps", type=int, default=400)
    parser.add_argument("--rtt", type=int, default=400)
    parser.add_argument("--verbose", action="store_true", help="list every request of every load")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_server(Path(tmp))
        try:
            workshop = seed_workshop(url, build_tree(args.nodes, seed=7))
            with httpx.Client(base_url=url, timeout=30) as http:
                auth = {"Authorization": f"Bearer {workshop['facilitator_token']}"}
                r = http.put(
                    f"/api/workshops/{workshop['id']}/phase", json={"phase": "arbol_de_problemas"}, headers=auth
                )
                r.raise_for_status()
                body = {
                    "join_code": workshop["join_code"],
                    "name": "Ana",
                    "sector": "sociedad_civil",
                    "accept_privacy_notice": True,
                    "accept_code_of_conduct": True,
                }
                r = http.post(f"/api/workshops/{workshop['id']}/participants", json=body)
                r.raise_for_status()
                token = r.json()["token"]
            cookie = {"name": cookie_name(workshop["id"]), "value": token, "url": url}
            room_url = f"{url}/w/{workshop['id']}"
            join_url = f"{url}/j/{workshop['join_code']}"
            results: dict[str, list[Load]] = {}
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                for _ in range(args.runs):
                    for page_name, page_url, usable, page_cookie in (
                        ("room", room_url, ROOM_USABLE, cookie),
                        ("join", join_url, JOIN_USABLE, None),
                    ):
                        cold, warm = measure(browser, page_url, usable, page_cookie, args)
                        results.setdefault(f"{page_name} cold", []).append(cold)
                        results.setdefault(f"{page_name} warm", []).append(warm)
                    results.setdefault("room after join", []).append(
                        after_join(browser, join_url, room_url, cookie, args)
                    )
                browser.close()
        finally:
            proc.kill()
            proc.wait()
    print(
        f"phone at {PHONE['width']} px, {args.kbps} kbps down/up, {args.rtt} ms RTT (CDP), "
        f"{args.nodes}-idea tree, {args.runs} runs; time from navigation start to usable"
    )
    for name, loads in results.items():
        report(name, loads)


if __name__ == "__main__":
    main()
