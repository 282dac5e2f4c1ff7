"""The room's service worker is served from the root, never cached, and
precaches exactly the asset URLs the pages use (the build computes the ?v=
of entries the way server/pages.py does)."""

from __future__ import annotations

import re

import httpx

from server.pages import asset


def test_the_service_worker_is_served_from_the_root_and_precaches_the_room(live_server):
    r = httpx.get(f"{live_server.url}/sw.js")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/javascript")
    assert r.headers["cache-control"] == "no-cache"
    precached = set(re.findall(r'"(/static/dist/[^"]+)"', r.text))
    assert {asset("room.js"), asset("style.css")} <= precached
    # What the room fetches on demand, so that it opens offline in any phase.
    later = {asset("later.css"), asset("messages-later-es.js"), asset("messages-later-en.js")}
    assert later <= precached
    room = httpx.get(f"{live_server.url}{asset('room.js')}")
    chunks = {f"/static/dist/chunks/{name}" for name in re.findall(r"chunks/([\w-]+\.js)", room.text)}
    assert chunks and chunks <= precached
    assert "/api/" not in r.text  # API answers are never the worker's business
