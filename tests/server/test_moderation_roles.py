"""Every moderation route × every role: who may do what, and a refusal
changes nothing stored (tests/support/refusals.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import Api
from tests.support.live_server import LiveServer
from tests.support.refusals import assert_refused, sqlite_file

ROLES = ("facilitator", "participant", "observer", "stranger", "anonymous")

# (route, method, path, body, who may) — the path's {w} is the mesa.
ROUTES = [
    ("read", "GET", "/moderation", None, {"facilitator", "participant", "observer"}),
    ("start timer", "PUT", "/timer", {"seconds": 60}, {"facilitator"}),
    ("stop timer", "DELETE", "/timer", None, {"facilitator"}),
    ("raise hand", "POST", "/speakers", {"kind": "contribution"}, {"participant"}),
    ("lower hand", "DELETE", "/speakers/me", None, {"participant"}),
    ("rules", "PATCH", "/speakers", {"balance_by_sector": True}, {"facilitator"}),
    ("next", "POST", "/speakers/next", {}, {"facilitator"}),
    ("stop speech", "POST", "/speakers/stop", {}, {"facilitator"}),
    ("order", "PUT", "/speakers/order", {"order": []}, {"facilitator"}),
    ("agenda", "PUT", "/agenda", {"steps": []}, {"facilitator"}),
    ("start step", "POST", "/agenda/current", {"index": 0}, {"facilitator"}),
    ("finish step", "DELETE", "/agenda/current", None, {"facilitator"}),
    ("park", "POST", "/parking", {"text": "Tema"}, {"facilitator", "participant", "observer"}),
    ("focus", "PUT", "/focus", {"target": "voting"}, {"facilitator"}),
    ("join code", "PUT", "/focus/join", {"shown": True}, {"facilitator"}),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    tmp = tmp_path_factory.mktemp("moderation-roles")
    # A fresh mesa per case: the creation limit is not what this tests.
    live = LiveServer(f"sqlite:///{tmp}/cocrea.db", tmp / "server.log", room_grace_seconds=0, workshops_per_hour=0)
    live.start()
    yield live
    live.kill()


def fresh_mesa(api: Api) -> tuple[str, dict[str, dict[str, str]]]:
    w = api.create_workshop()
    tokens = {
        "facilitator": w["facilitator_token"],
        "participant": api.join(w, "Ana", "sociedad_civil")["token"],
        "observer": api.join(w, "Olga", "academia", role="observer")["token"],
        "stranger": api.create_workshop()["facilitator_token"],
    }
    headers = {who: {"Authorization": f"Bearer {token}"} for who, token in tokens.items()}
    headers["anonymous"] = {}
    return w["id"], headers


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize(("route", "method", "path", "body", "allowed"), ROUTES, ids=[r[0] for r in ROUTES])
def test_who_may_use_each_moderation_route(server, who, route, method, path, body, allowed):
    api = Api(server)
    with api.http:
        workshop_id, headers = fresh_mesa(api)
        url = f"/api/workshops/{workshop_id}{path}"
        # What some routes need to exist first, done by the facilitator.
        fac = headers["facilitator"]
        if route in ("stop timer",):
            api.http.put(f"/api/workshops/{workshop_id}/timer", json={"seconds": 60}, headers=fac)
        if route == "next":
            api.http.post(f"/api/workshops/{workshop_id}/speakers", json={}, headers=headers["participant"])
        if route == "lower hand" and who == "participant":
            api.http.post(f"/api/workshops/{workshop_id}/speakers", json={}, headers=headers["participant"])
        if route == "stop speech":
            api.http.post(f"/api/workshops/{workshop_id}/speakers", json={}, headers=headers["participant"])
            api.http.post(f"/api/workshops/{workshop_id}/speakers/next", json={}, headers=fac)
        if route == "finish step":
            api.http.post(f"/api/workshops/{workshop_id}/agenda/current", json={"index": 0}, headers=fac)

        def send():
            return api.http.request(method, url, json=body, headers=headers[who])

        if who in allowed:
            r = send()
            assert r.status_code in (200, 201), r.text
            assert "speakers" in r.json() and "timer" in r.json()
        else:
            expected = 401 if who == "anonymous" else 403
            if route == "lower hand" and who in ("facilitator", "observer"):
                expected = 404  # members without a raised hand: nothing to lower
            assert_refused(sqlite_file(server.env["COCREA_DATABASE_URL"]), send, status=expected)
